//! TTML styling as far as dramaloc models it: italic, bold and underline, ruby roles, and the
//! region geometry that decides top/middle/bottom placement.
//!
//! Owns `<styling>` (`<style>`, `<initial>`), `<layout>` (`<region>` with nested styles),
//! referential style chains (`style="a b"`, later references win, inline attributes win over
//! references) and the placement rule. Colours, fonts and sizes are not modelled.

use std::collections::HashMap;

use crate::formats::Placement;

use super::dom::{Element, NodeId, Ns, Tree};

/// Referential style chains are followed this deep; longer chains are cut.
const MAX_CHAIN: usize = 64;

/// A length as written in `tts:origin`, `tts:extent`, `tts:position`.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(super) enum Length {
    Percent(f64),
    Px(f64),
    Cells(f64),
}

impl Length {
    fn parse(s: &str) -> Option<Length> {
        let s = s.trim();
        let (num, make): (&str, fn(f64) -> Length) = if let Some(n) = s.strip_suffix('%') {
            (n, Length::Percent)
        } else if let Some(n) = s.strip_suffix("px") {
            (n, Length::Px)
        } else if let Some(n) = s.strip_suffix('c') {
            (n, Length::Cells)
        } else {
            return None;
        };
        let v: f64 = num.trim().parse().ok()?;
        v.is_finite().then(|| make(v))
    }

    /// The length as a fraction of the root container's height.
    fn fraction(self, root: &RootGeometry) -> Option<f64> {
        match self {
            Length::Percent(p) => Some(p / 100.0),
            Length::Px(px) => root.height_px.filter(|h| *h > 0.0).map(|h| px / h),
            Length::Cells(c) => Some(c / root.rows),
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum DisplayAlign {
    Before,
    Center,
    After,
}

/// The vertical part of `tts:position`.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(super) enum VerticalPosition {
    /// An alignment point: 0% aligns the region's top with the root's top, 100% the bottoms.
    Align(Length),
    FromTop(Length),
    FromBottom(Length),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Ruby {
    Container,
    Base,
    BaseContainer,
    Text,
    TextContainer,
    Delimiter,
}

/// The style properties dramaloc reads; `None` means "not specified here".
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Props {
    pub italic: Option<bool>,
    pub bold: Option<bool>,
    pub underline: Option<bool>,
    pub origin_y: Option<Length>,
    pub extent_h: Option<Length>,
    pub display_align: Option<DisplayAlign>,
    pub position_y: Option<VerticalPosition>,
    pub ruby: Option<Ruby>,
}

impl Props {
    /// Take every property `self` does not specify from `other`.
    pub fn fill_from(&mut self, other: &Props) {
        fn fill<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
            if a.is_none() {
                a.clone_from(b);
            }
        }
        fill(&mut self.italic, &other.italic);
        fill(&mut self.bold, &other.bold);
        fill(&mut self.underline, &other.underline);
        fill(&mut self.origin_y, &other.origin_y);
        fill(&mut self.extent_h, &other.extent_h);
        fill(&mut self.display_align, &other.display_align);
        fill(&mut self.position_y, &other.position_y);
        fill(&mut self.ruby, &other.ruby);
    }

    /// The inheritable text properties only.
    pub fn flags(&self) -> Flags {
        Flags {
            italic: self.italic,
            bold: self.bold,
            underline: self.underline,
        }
    }

    fn has_geometry(&self) -> bool {
        self.origin_y.is_some()
            || self.extent_h.is_some()
            || self.display_align.is_some()
            || self.position_y.is_some()
    }

    /// Properties written inline on an element (`tts:*` attributes).
    pub fn inline(element: &Element) -> Props {
        let mut p = Props::default();
        for a in element.attrs.iter().filter(|a| a.ns == Ns::Styling) {
            let v = a.value.trim();
            match a.local.as_str() {
                "fontStyle" => {
                    p.italic = match v {
                        "italic" | "oblique" | "reverseOblique" => Some(true),
                        "normal" => Some(false),
                        _ => None,
                    }
                }
                "fontWeight" => {
                    p.bold = match v {
                        "bold" => Some(true),
                        "normal" => Some(false),
                        _ => None,
                    }
                }
                "textDecoration" => {
                    for token in v.split_whitespace() {
                        match token {
                            "underline" => p.underline = Some(true),
                            "noUnderline" | "none" => p.underline = Some(false),
                            _ => {}
                        }
                    }
                }
                "origin" => {
                    p.origin_y = two_lengths(v).map(|(_, y)| y);
                }
                "extent" => {
                    p.extent_h = two_lengths(v).map(|(_, h)| h);
                }
                "displayAlign" => {
                    p.display_align = match v {
                        "before" => Some(DisplayAlign::Before),
                        "center" => Some(DisplayAlign::Center),
                        "after" => Some(DisplayAlign::After),
                        _ => None,
                    }
                }
                "position" => p.position_y = vertical_position(v),
                "ruby" => {
                    p.ruby = match v {
                        "container" => Some(Ruby::Container),
                        "base" => Some(Ruby::Base),
                        "baseContainer" => Some(Ruby::BaseContainer),
                        "text" => Some(Ruby::Text),
                        "textContainer" => Some(Ruby::TextContainer),
                        "delimiter" => Some(Ruby::Delimiter),
                        _ => None,
                    }
                }
                _ => {}
            }
        }
        p
    }
}

fn two_lengths(v: &str) -> Option<(Length, Length)> {
    let mut it = v.split_whitespace();
    let (a, b) = (it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    Some((Length::parse(a)?, Length::parse(b)?))
}

/// The vertical component of a TTML2 `tts:position` (`center center`, `50% 90%`,
/// `left 10% bottom 5%`, `bottom`).
fn vertical_position(v: &str) -> Option<VerticalPosition> {
    let tokens: Vec<&str> = v.split_whitespace().collect();
    let keyword = |t: &str| match t {
        "top" => Some(VerticalPosition::Align(Length::Percent(0.0))),
        "bottom" => Some(VerticalPosition::Align(Length::Percent(100.0))),
        "center" => Some(VerticalPosition::Align(Length::Percent(50.0))),
        _ => None,
    };
    // Edge keyword with an offset: `top 10%`, `bottom 5%`.
    for pair in tokens.windows(2) {
        if let [edge, off] = pair
            && let Some(len) = Length::parse(off)
        {
            match *edge {
                "top" => return Some(VerticalPosition::FromTop(len)),
                "bottom" => return Some(VerticalPosition::FromBottom(len)),
                _ => {}
            }
        }
    }
    match tokens.as_slice() {
        [one] => match *one {
            "top" | "bottom" | "center" => keyword(one),
            // A single horizontal component: vertical is centred.
            _ => Some(VerticalPosition::Align(Length::Percent(50.0))),
        },
        [a, b] => {
            // `top left` and `bottom right` name the vertical edge first.
            if matches!(*a, "top" | "bottom") || matches!(*b, "left" | "right") {
                keyword(a)
            } else {
                keyword(b).or_else(|| Length::parse(b).map(VerticalPosition::Align))
            }
        }
        _ => tokens
            .iter()
            .find_map(|t| match *t {
                "top" | "bottom" => keyword(t),
                _ => None,
            })
            .or(Some(VerticalPosition::Align(Length::Percent(50.0)))),
    }
}

/// Inheritable italic/bold/underline; `None` means inherited.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Flags {
    pub italic: Option<bool>,
    pub bold: Option<bool>,
    pub underline: Option<bool>,
}

impl Flags {
    pub fn or(self, parent: Flags) -> Flags {
        Flags {
            italic: self.italic.or(parent.italic),
            bold: self.bold.or(parent.bold),
            underline: self.underline.or(parent.underline),
        }
    }

    pub fn resolved(self) -> Style {
        Style {
            italic: self.italic.unwrap_or(false),
            bold: self.bold.unwrap_or(false),
            underline: self.underline.unwrap_or(false),
        }
    }
}

/// Computed italic/bold/underline of a run of text.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Style {
    pub italic: bool,
    pub bold: bool,
    pub underline: bool,
}

/// What region placement needs to know about the root container.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(super) struct RootGeometry {
    /// Height from the root's `tts:extent` when given in pixels.
    pub height_px: Option<f64>,
    /// Rows from `ttp:cellResolution` (15 by default).
    pub rows: f64,
}

impl RootGeometry {
    pub fn from_root(root: &Element) -> Self {
        let height_px = root
            .attr_value(Ns::Styling, "extent")
            .and_then(two_lengths)
            .and_then(|(_, h)| match h {
                Length::Px(v) => Some(v),
                _ => None,
            });
        let rows = root
            .attr_value(Ns::Parameter, "cellResolution")
            .and_then(|v| {
                let mut it = v.split_whitespace();
                let _columns = it.next()?;
                it.next()?.parse::<f64>().ok()
            })
            .filter(|r| r.is_finite() && *r > 0.0)
            .unwrap_or(15.0);
        RootGeometry { height_px, rows }
    }
}

/// A region's resolved style.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Region {
    pub props: Props,
}

/// The parts of `<head>` dramaloc uses.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Head {
    styles: HashMap<String, Props>,
    pub regions: HashMap<String, Region>,
    pub region_order: Vec<String>,
    /// TTML2 `<initial>` values.
    pub initial: Props,
    pub root: RootGeometry,
}

impl Head {
    pub fn empty(root: RootGeometry) -> Self {
        Head {
            styles: HashMap::new(),
            regions: HashMap::new(),
            region_order: Vec::new(),
            initial: Props::default(),
            root,
        }
    }

    /// Read `<styling>` and `<layout>` of a `<head>` element.
    pub fn read(tree: &Tree, head: Option<NodeId>, root: RootGeometry) -> Self {
        let mut out = Head::empty(root);
        let Some(head) = head else {
            return out;
        };
        let mut raw: HashMap<String, (Props, Vec<String>)> = HashMap::new();
        for (styling, _) in tree.child_elements(head).filter(|(_, e)| e.is("styling")) {
            for (_, e) in tree.child_elements(styling) {
                if e.is("style") {
                    if let Some(id) = e.id() {
                        raw.entry(id.to_owned())
                            .or_insert_with(|| (Props::inline(e), refs(e)));
                    }
                } else if e.is("initial") {
                    let p = Props::inline(e);
                    let mut merged = p;
                    merged.fill_from(&out.initial);
                    out.initial = merged;
                }
            }
        }
        let mut resolver = Resolver {
            raw: &raw,
            done: HashMap::new(),
            visiting: Vec::new(),
        };
        let ids: Vec<String> = raw.keys().cloned().collect();
        for id in &ids {
            resolver.resolve(id, 0);
        }
        out.styles = resolver.done;
        for (layout, _) in tree.child_elements(head).filter(|(_, e)| e.is("layout")) {
            for (rid, e) in tree.child_elements(layout).filter(|(_, e)| e.is("region")) {
                let Some(id) = e.id() else { continue };
                if out.regions.contains_key(id) {
                    continue;
                }
                // Inline attributes, then nested <style> children, then referenced styles.
                let mut props = Props::inline(e);
                for (_, s) in tree.child_elements(rid).filter(|(_, s)| s.is("style")) {
                    props.fill_from(&Props::inline(s));
                }
                props.fill_from(&out.referenced(e.style_refs().map(|a| a.value.as_str())));
                out.region_order.push(id.to_owned());
                out.regions.insert(id.to_owned(), Region { props });
            }
        }
        out
    }

    /// The merged properties of a `style="a b c"` list (later references win).
    pub fn referenced(&self, refs: Option<&str>) -> Props {
        let mut props = Props::default();
        if let Some(refs) = refs {
            for id in refs.split_whitespace().rev() {
                if let Some(p) = self.styles.get(id) {
                    props.fill_from(p);
                }
            }
        }
        props
    }

    /// An element's specified style: inline attributes over referenced styles.
    pub fn specified(&self, element: &Element) -> Props {
        let mut p = Props::inline(element);
        p.fill_from(&self.referenced(element.style_refs().map(|a| a.value.as_str())));
        p
    }

    pub fn region_flags(&self, region: Option<&str>) -> Flags {
        region
            .and_then(|r| self.regions.get(r))
            .map(|r| r.props.flags())
            .unwrap_or_default()
    }

    /// Where text in a region sits on screen; `None` region means the default region.
    pub fn placement(&self, region: Option<&str>) -> Placement {
        let Some(id) = region else {
            return Placement::Bottom;
        };
        self.regions
            .get(id)
            .and_then(|r| geometry_placement(&r.props, &self.root))
            .or_else(|| placement_by_name(id))
            .unwrap_or(Placement::Bottom)
    }
}

fn refs(e: &Element) -> Vec<String> {
    e.style_refs()
        .map(|a| a.value.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

struct Resolver<'a> {
    raw: &'a HashMap<String, (Props, Vec<String>)>,
    done: HashMap<String, Props>,
    visiting: Vec<String>,
}

impl Resolver<'_> {
    fn resolve(&mut self, id: &str, depth: usize) -> Option<Props> {
        if let Some(p) = self.done.get(id) {
            return Some(p.clone());
        }
        let (own, refs) = self.raw.get(id)?;
        let mut props = own.clone();
        if depth < MAX_CHAIN && !self.visiting.iter().any(|v| v == id) {
            self.visiting.push(id.to_owned());
            for r in refs.iter().rev() {
                if let Some(p) = self.resolve(r, depth + 1) {
                    props.fill_from(&p);
                }
            }
            self.visiting.pop();
        }
        self.done.insert(id.to_owned(), props.clone());
        Some(props)
    }
}

/// The vertical anchor of a region's text (0 = top of the screen, 1 = bottom) from its
/// origin/position, extent and display alignment; `None` when the region says nothing about
/// geometry or uses lengths that cannot be resolved.
fn anchor(props: &Props, root: &RootGeometry) -> Option<f64> {
    if !props.has_geometry() {
        return None;
    }
    let origin = match props.origin_y {
        Some(l) => Some(l.fraction(root)?),
        None => None,
    };
    let height = match props.extent_h {
        Some(l) => l.fraction(root)?,
        None => 1.0 - origin.unwrap_or(0.0),
    };
    let top = match props.position_y {
        Some(VerticalPosition::Align(l)) => l.fraction(root)? * (1.0 - height),
        Some(VerticalPosition::FromTop(l)) => l.fraction(root)?,
        Some(VerticalPosition::FromBottom(l)) => 1.0 - height - l.fraction(root)?,
        None => origin.unwrap_or(0.0),
    };
    Some(match props.display_align.unwrap_or(DisplayAlign::Before) {
        DisplayAlign::Before => top,
        DisplayAlign::Center => top + height / 2.0,
        DisplayAlign::After => top + height,
    })
}

/// Top third, middle third, bottom third of the screen.
fn geometry_placement(props: &Props, root: &RootGeometry) -> Option<Placement> {
    let a = anchor(props, root)?;
    Some(if a < 1.0 / 3.0 {
        Placement::Top
    } else if a <= 2.0 / 3.0 {
        Placement::Middle
    } else {
        Placement::Bottom
    })
}

/// Region ids such as `top`, `topCenter`, `bottom`, `middle`.
pub(super) fn placement_by_name(id: &str) -> Option<Placement> {
    let id = id.to_ascii_lowercase();
    if id.contains("top") {
        Some(Placement::Top)
    } else if id.contains("bottom") {
        Some(Placement::Bottom)
    } else if id.contains("middle") || id.contains("center") || id.contains("centre") {
        Some(Placement::Middle)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::dom::{Lines, Warnings, read};
    use super::*;

    fn head(xml: &str) -> Head {
        let text = format!(
            r#"<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" tts:extent="640px 480px"><head>{xml}</head></tt>"#
        );
        let lines = Lines::new(&text);
        let mut w = Warnings::new(&lines);
        let tree = read(&text, &mut w).unwrap();
        let root = tree.root.unwrap();
        let geometry = RootGeometry::from_root(tree.element(root).unwrap());
        let h = tree.child_named(root, "head").map(|(id, _)| id);
        Head::read(&tree, h, geometry)
    }

    #[test]
    fn referential_chains_and_precedence() {
        let h = head(
            r#"<styling>
                <style xml:id="a" tts:fontStyle="italic" tts:fontWeight="bold"/>
                <style xml:id="b" style="a" tts:fontWeight="normal"/>
                <style xml:id="c" tts:textDecoration="underline" tts:fontStyle="normal"/>
                <style xml:id="loop1" style="loop2" tts:fontWeight="bold"/>
                <style xml:id="loop2" style="loop1"/>
            </styling>"#,
        );
        let b = h.referenced(Some("b"));
        assert_eq!((b.italic, b.bold), (Some(true), Some(false)));
        let later_wins = h.referenced(Some("a c"));
        assert_eq!(later_wins.italic, Some(false));
        assert_eq!(later_wins.underline, Some(true));
        assert_eq!(later_wins.bold, Some(true));
        assert_eq!(h.referenced(Some("c a")).italic, Some(true));
        assert_eq!(h.referenced(Some("loop2")).bold, Some(true), "cycles end");
        assert_eq!(h.referenced(Some("missing")), Props::default());
    }

    #[test]
    fn region_placement() {
        let h = head(
            r#"<styling><style xml:id="low" tts:origin="10% 80%" tts:extent="80% 10%"/></styling>
            <layout>
                <region xml:id="bottomCenter" tts:origin="10% 10%" tts:extent="80% 80%" tts:displayAlign="after"/>
                <region xml:id="topCenter" tts:origin="10% 10%" tts:extent="80% 80%" tts:displayAlign="before"/>
                <region xml:id="r1" tts:position="center center" tts:extent="40% 40%" tts:displayAlign="center"/>
                <region xml:id="byStyle" style="low"/>
                <region xml:id="nested"><style tts:origin="0% 5%"/></region>
                <region xml:id="px" tts:origin="0px 400px" tts:extent="640px 80px"/>
                <region xml:id="cells" tts:origin="0c 13c" tts:extent="32c 2c"/>
                <region xml:id="edge" tts:position="left 5% bottom 5%" tts:extent="80% 10%"/>
                <region xml:id="top"/>
                <region xml:id="plain"/>
            </layout>"#,
        );
        for (id, want) in [
            ("bottomCenter", Placement::Bottom),
            ("topCenter", Placement::Top),
            ("r1", Placement::Middle),
            ("byStyle", Placement::Bottom),
            ("nested", Placement::Top),
            ("px", Placement::Bottom),
            ("cells", Placement::Bottom),
            ("edge", Placement::Bottom),
            ("top", Placement::Top),
            ("plain", Placement::Bottom),
            ("undefinedMiddle", Placement::Middle),
        ] {
            assert_eq!(h.placement(Some(id)), want, "{id}");
        }
        assert_eq!(h.placement(None), Placement::Bottom);
    }

    #[test]
    fn initial_values() {
        let h = head(r#"<styling><initial tts:fontWeight="bold"/></styling>"#);
        assert_eq!(h.initial.bold, Some(true));
    }
}

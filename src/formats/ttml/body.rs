//! From `<body>` to cues: time containment, region association, inherited styles and the
//! rendering of each `<p>` into cue-text markup.
//!
//! Timing follows the TTML model as IMSC renderers implement it: `par` (the default)
//! children start at their parent's begin, `seq` children one after the other; `begin` and
//! `end` are offsets from that implicit begin, `dur` from the element's own begin; an element
//! without `end`/`dur` ends with its content (text and `<br/>` never end on their own in a
//! `par` container); every element is clipped to its parent's interval.
//!
//! Each displayed `<p>` becomes one cue. When descendants carry their own timing (EBU-TT-D
//! word-by-word spans), the paragraph is split at every distinct time inside it and each
//! interval shows the content active in it; intervals with nothing visible are skipped and
//! neighbouring intervals with identical text are merged. Apple lyrics files (iTunes
//! namespace on the root) use absolute times and word-level span timing for karaoke; there
//! the span timing is ignored and each line is one cue.

use crate::formats::{ParseError, ParseErrorKind, WarningKind};
use crate::model::time::MAX_MILLIS;
use crate::model::{Cue, CueMeta, Millis, SourceRange, TimeSpan, TtmlCueMeta};

use super::dom::{Element, Node, NodeId, Ns, Tree, Warnings};
use super::style::{Flags, Head, Props, Ruby};
use super::text::{Piece, lines_from_pieces, to_markup};
use super::time::{TimeError, TimeParams, Tm};

/// A paragraph is split at most at this many distinct times; beyond that (a hostile or
/// karaoke-style file) it is shown whole for its full interval.
const MAX_SPLIT_TIMES: usize = 256;

/// Document-wide facts the body needs.
pub(super) struct Context<'a> {
    pub tree: &'a Tree,
    pub head: &'a Head,
    pub params: &'a TimeParams,
    /// Apple lyrics flavour: absolute times, span timing is karaoke.
    pub apple: bool,
}

struct Timing {
    begin: Vec<Tm>,
    end: Vec<Tm>,
}

/// What participates in timing: timed content elements and the text inside `<p>`/`<span>`.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Kind {
    Container,
    Leaf,
    Ignored,
}

fn kind(tree: &Tree, id: NodeId, parent_is_text_container: bool) -> Kind {
    match tree.nodes.get(id) {
        Some(Node::Element(e)) if e.ns == Ns::Tt => match e.local.as_str() {
            "body" | "div" | "p" | "span" => Kind::Container,
            "br" => Kind::Leaf,
            _ => Kind::Ignored,
        },
        Some(Node::Text(_)) if parent_is_text_container => Kind::Leaf,
        _ => Kind::Ignored,
    }
}

fn is_text_container(e: &Element) -> bool {
    e.ns == Ns::Tt && matches!(e.local.as_str(), "p" | "span")
}

impl Context<'_> {
    fn time_attr(
        &self,
        e: &Element,
        local: &str,
        w: &mut Warnings<'_>,
    ) -> Result<Option<i128>, ParseError> {
        let Some(a) = e.attr(Ns::None, local).or_else(|| e.attr(Ns::Tt, local)) else {
            return Ok(None);
        };
        match self.params.parse(&a.value) {
            Ok(t) => {
                if t.lenient {
                    w.once(
                        "lenient-time",
                        a.pos,
                        WarningKind::TtmlLenientTime {
                            found: a.value.clone(),
                        },
                    );
                }
                Ok(Some(t.units))
            }
            Err(TimeError::Syntax) => Err(w.lines().error(
                a.pos,
                ParseErrorKind::TtmlBadTime {
                    found: a.value.clone(),
                },
            )),
            Err(TimeError::Range) => Err(w.lines().error(a.pos, ParseErrorKind::TimeOutOfRange)),
        }
    }

    /// First pass: unclipped begin and end of every timed node (post-order for ends). The
    /// recursion is bounded by the tree's nesting limit.
    fn resolve(
        &self,
        t: &mut Timing,
        id: NodeId,
        implicit_begin: Tm,
        parent_seq: bool,
        inside_p: bool,
        w: &mut Warnings<'_>,
    ) -> Result<(), ParseError> {
        let tree = self.tree;
        let element = tree.element(id);
        let karaoke = self.apple && inside_p;
        let (b, e, d) = match element {
            Some(el) if !karaoke => (
                self.time_attr(el, "begin", w)?,
                self.time_attr(el, "end", w)?,
                self.time_attr(el, "dur", w)?,
            ),
            _ => (None, None, None),
        };
        let lines = w.lines();
        let out_of_range = |at: usize| lines.error(at, ParseErrorKind::TimeOutOfRange);
        let at = element.map_or(0, |el| el.start);
        // Offsets count from the implicit begin; Apple files write absolute times.
        let base = if self.apple {
            Tm::At(0)
        } else {
            implicit_begin
        };
        let begin = match b {
            Some(b) => base.checked_add(b).ok_or_else(|| out_of_range(at))?,
            None => implicit_begin,
        };
        let is_p = element.is_some_and(|el| el.is("p"));
        let implicit_end = match element {
            Some(el) if kind(tree, id, false) == Kind::Container => {
                let seq = el
                    .attr_value(Ns::None, "timeContainer")
                    .is_some_and(|v| v.trim() == "seq");
                let text_parent = is_text_container(el);
                let mut end = begin;
                let mut prev_end: Option<Tm> = None;
                for &child in &el.children {
                    if kind(tree, child, text_parent) == Kind::Ignored {
                        continue;
                    }
                    let child_begin = if seq {
                        prev_end.unwrap_or(begin)
                    } else {
                        begin
                    };
                    self.resolve(t, child, child_begin, seq, inside_p || is_p, w)?;
                    let child_end = t.end.get(child).copied().unwrap_or(Tm::Indefinite);
                    end = if seq { child_end } else { end.max(child_end) };
                    prev_end = Some(child_end);
                }
                end
            }
            _ if parent_seq => begin,
            _ => Tm::Indefinite,
        };
        let end = match (e, d) {
            (Some(e), Some(d)) => {
                let by_dur = begin.checked_add(d).ok_or_else(|| out_of_range(at))?;
                let by_end = base.checked_add(e).ok_or_else(|| out_of_range(at))?;
                by_dur.min(by_end)
            }
            (None, Some(d)) => begin.checked_add(d).ok_or_else(|| out_of_range(at))?,
            (Some(e), None) => base.checked_add(e).ok_or_else(|| out_of_range(at))?,
            (None, None) => implicit_end,
        };
        if e.is_some() && end < begin {
            let ms = |tm: Tm| match tm {
                Tm::At(u) => self.params.to_millis(u).unwrap_or(Millis::new(MAX_MILLIS)),
                Tm::Indefinite => Millis::new(MAX_MILLIS),
            };
            return Err(w.lines().error(
                at,
                ParseErrorKind::EndBeforeStart {
                    start: ms(begin),
                    end: ms(end),
                },
            ));
        }
        if let (Some(slot_b), Some(slot_e)) = (t.begin.get_mut(id), t.end.get_mut(id)) {
            *slot_b = begin;
            *slot_e = end;
        }
        Ok(())
    }

    /// Second pass: clip every node to its parent's interval.
    fn clip(&self, t: &mut Timing, id: NodeId, parent: (Tm, Tm), text_parent: bool) {
        let Some(k) = Some(kind(self.tree, id, text_parent)).filter(|k| *k != Kind::Ignored) else {
            return;
        };
        let b = t
            .begin
            .get(id)
            .copied()
            .unwrap_or(Tm::Indefinite)
            .max(parent.0);
        let e = t
            .end
            .get(id)
            .copied()
            .unwrap_or(Tm::Indefinite)
            .min(parent.1);
        if let (Some(sb), Some(se)) = (t.begin.get_mut(id), t.end.get_mut(id)) {
            *sb = b;
            *se = e;
        }
        if k == Kind::Container
            && let Some(el) = self.tree.element(id)
        {
            let tp = is_text_container(el);
            for &c in &el.children {
                self.clip(t, c, (b, e), tp);
            }
        }
    }
}

fn w_error(w: &Warnings<'_>, at: usize) -> ParseError {
    w.lines().error(at, ParseErrorKind::TimeOutOfRange)
}

/// Inherited state while walking down to paragraphs.
#[derive(Clone)]
struct Inherited<'t> {
    /// Specified styles of body/div ancestors, outermost first.
    styles: Vec<Props>,
    region: Option<&'t str>,
    preserve: bool,
}

fn space_of(e: &Element, inherited: bool) -> bool {
    match e.attr_value(Ns::Xml, "space").map(str::trim) {
        Some("preserve") => true,
        Some("default") => false,
        _ => inherited,
    }
}

/// A paragraph found in the body, with what it inherits.
struct Paragraph<'t> {
    id: NodeId,
    element: &'t Element,
    region: Option<&'t str>,
    flags: Flags,
    preserve: bool,
}

/// Build the cues of a document body.
pub(super) fn cues(
    ctx: &Context<'_>,
    root: NodeId,
    body: Option<NodeId>,
    w: &mut Warnings<'_>,
) -> Result<Vec<Cue>, ParseError> {
    let tree = ctx.tree;
    let Some(body) = body else {
        return Ok(Vec::new());
    };
    let mut timing = Timing {
        begin: vec![Tm::At(0); tree.nodes.len()],
        end: vec![Tm::Indefinite; tree.nodes.len()],
    };
    ctx.resolve(&mut timing, body, Tm::At(0), false, false, w)?;
    ctx.clip(&mut timing, body, (Tm::At(0), Tm::Indefinite), false);

    let root_preserve = tree.element(root).is_some_and(|e| space_of(e, false));
    let mut paragraphs = Vec::new();
    collect_paragraphs(
        ctx,
        body,
        Inherited {
            styles: Vec::new(),
            region: None,
            preserve: root_preserve,
        },
        &mut paragraphs,
        w,
    );

    let mut cues = Vec::new();
    for p in &paragraphs {
        paragraph_cues(ctx, &timing, p, &mut cues, w)?;
    }
    Ok(cues)
}

fn collect_paragraphs<'t>(
    ctx: &Context<'t>,
    id: NodeId,
    mut inherited: Inherited<'t>,
    out: &mut Vec<Paragraph<'t>>,
    w: &mut Warnings<'_>,
) {
    let Some(e) = ctx.tree.element(id) else {
        return;
    };
    if e.ns != Ns::Tt {
        return;
    }
    match e.local.as_str() {
        "body" | "div" => {}
        "p" => {
            let region = e.attr_value(Ns::None, "region").or(inherited.region);
            let mut flags = ctx.head.specified(e).flags();
            for s in inherited.styles.iter().rev() {
                flags = flags.or(s.flags());
            }
            flags = flags
                .or(ctx.head.region_flags(region))
                .or(ctx.head.initial.flags());
            out.push(Paragraph {
                id,
                element: e,
                region,
                flags,
                preserve: space_of(e, inherited.preserve),
            });
            return;
        }
        "image" => {
            w.once(
                "image",
                e.start,
                WarningKind::TtmlUnsupported {
                    what: "<image>".to_owned(),
                },
            );
            return;
        }
        _ => return,
    }
    inherited.styles.push(ctx.head.specified(e));
    if let Some(r) = e.attr_value(Ns::None, "region") {
        inherited.region = Some(r);
    }
    inherited.preserve = space_of(e, inherited.preserve);
    for &c in &e.children {
        if ctx.tree.element(c).is_some() {
            collect_paragraphs(ctx, c, inherited.clone(), out, w);
        }
    }
}

/// How to render a paragraph: everything, or only what is active in one interval.
#[derive(Copy, Clone)]
struct Window {
    from: Tm,
    to: Tm,
}

fn active(t: &Timing, id: NodeId, window: Option<Window>) -> bool {
    let (b, e) = (
        t.begin.get(id).copied().unwrap_or(Tm::Indefinite),
        t.end.get(id).copied().unwrap_or(Tm::At(0)),
    );
    if b >= e {
        return false;
    }
    match window {
        None => true,
        Some(wd) => b <= wd.from && e >= wd.to,
    }
}

/// Ruby context of the content being rendered.
#[derive(Copy, Clone, PartialEq, Eq)]
enum RubyCtx {
    None,
    /// Inside a ruby container: text outside base/text spans is ignored.
    Container,
    Content,
}

#[allow(clippy::too_many_arguments)]
fn render(
    ctx: &Context<'_>,
    t: &Timing,
    id: NodeId,
    flags: Flags,
    preserve: bool,
    ruby: RubyCtx,
    window: Option<Window>,
    out: &mut Vec<Piece>,
) {
    let tree = ctx.tree;
    let Some(e) = tree.element(id) else {
        return;
    };
    for &c in &e.children {
        match tree.nodes.get(c) {
            Some(Node::Text(text)) => {
                if ruby == RubyCtx::Container || !active(t, c, window) {
                    continue;
                }
                out.push(Piece::Text {
                    text: text.clone(),
                    style: flags.resolved(),
                    preserve,
                });
            }
            Some(Node::Element(child)) if child.ns == Ns::Tt => {
                if !active(t, c, window) {
                    continue;
                }
                match child.local.as_str() {
                    // Inside a ruby container only base and text spans count.
                    "br" if ruby == RubyCtx::Container => {}
                    "br" => out.push(Piece::Break),
                    "span" | "p" => {
                        let spec = ctx.head.specified(child);
                        let f = spec.flags().or(flags);
                        let pr = space_of(child, preserve);
                        match (spec.ruby, ruby) {
                            (Some(Ruby::Container), _) => {
                                out.push(Piece::RubyOpen);
                                render(ctx, t, c, f, pr, RubyCtx::Container, window, out);
                                out.push(Piece::RubyClose);
                            }
                            (
                                Some(Ruby::BaseContainer | Ruby::TextContainer),
                                RubyCtx::Container,
                            ) => {
                                render(ctx, t, c, f, pr, RubyCtx::Container, window, out);
                            }
                            (Some(Ruby::Text), RubyCtx::Container) => {
                                out.push(Piece::RtOpen);
                                render(ctx, t, c, f, pr, RubyCtx::Content, window, out);
                                out.push(Piece::RtClose);
                            }
                            (Some(Ruby::Base), RubyCtx::Container) => {
                                render(ctx, t, c, f, pr, RubyCtx::Content, window, out);
                            }
                            (_, RubyCtx::Container) => {}
                            _ => render(ctx, t, c, f, pr, ruby, window, out),
                        }
                    }
                    // metadata, set, animation and foreign elements carry no text
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// Times strictly inside `(from, to)` at which some descendant of `id` starts or stops.
fn inner_times(ctx: &Context<'_>, t: &Timing, id: NodeId, from: Tm, to: Tm, out: &mut Vec<Tm>) {
    let Some(e) = ctx.tree.element(id) else {
        return;
    };
    let text_parent = is_text_container(e);
    for &c in &e.children {
        if kind(ctx.tree, c, text_parent) == Kind::Ignored {
            continue;
        }
        let (b, en) = (
            t.begin.get(c).copied().unwrap_or(Tm::Indefinite),
            t.end.get(c).copied().unwrap_or(Tm::At(0)),
        );
        if b >= en {
            continue;
        }
        for x in [b, en] {
            if x > from && x < to {
                out.push(x);
            }
        }
        if out.len() > MAX_SPLIT_TIMES * 4 {
            return;
        }
        inner_times(ctx, t, c, from, to, out);
    }
}

fn paragraph_cues(
    ctx: &Context<'_>,
    t: &Timing,
    p: &Paragraph<'_>,
    cues: &mut Vec<Cue>,
    w: &mut Warnings<'_>,
) -> Result<(), ParseError> {
    let (b, e) = (
        t.begin.get(p.id).copied().unwrap_or(Tm::Indefinite),
        t.end.get(p.id).copied().unwrap_or(Tm::At(0)),
    );
    if b >= e {
        return Ok(());
    }
    let mut times = vec![b, e];
    inner_times(ctx, t, p.id, b, e, &mut times);
    times.sort_unstable();
    times.dedup();
    let windows: Vec<Option<Window>> = if times.len() <= 2 {
        vec![None]
    } else if times.len() > MAX_SPLIT_TIMES {
        w.once(
            "split",
            p.element.start,
            WarningKind::TtmlUnsupported {
                what: format!("<span begin=\"…\"> ×{MAX_SPLIT_TIMES}+"),
            },
        );
        vec![None]
    } else {
        times
            .windows(2)
            .filter_map(|pair| match pair {
                [from, to] => Some(Some(Window {
                    from: *from,
                    to: *to,
                })),
                _ => None,
            })
            .collect()
    };
    let meta = TtmlCueMeta {
        id: p.element.id().map(str::to_owned),
        region: p.region.map(str::to_owned),
        style: p
            .element
            .style_refs()
            .map(|a| a.value.trim().to_owned())
            .filter(|s| !s.is_empty()),
    };
    let source = SourceRange::new(p.element.start, p.element.end);
    let mut last: Option<(Tm, String)> = None;
    let mut pieces = Vec::new();
    for window in windows {
        pieces.clear();
        render(
            ctx,
            t,
            p.id,
            p.flags,
            p.preserve,
            RubyCtx::None,
            window,
            &mut pieces,
        );
        let text = to_markup(&lines_from_pieces(&pieces));
        let from = window.map_or(b, |wd| wd.from);
        if text.is_empty() {
            flush(ctx, p, &meta, source, last.take(), from, cues, w)?;
            continue;
        }
        match last.take() {
            Some((start, prev)) if prev == text => last = Some((start, prev)),
            other => {
                flush(ctx, p, &meta, source, other, from, cues, w)?;
                last = Some((from, text));
            }
        }
    }
    flush(ctx, p, &meta, source, last, e, cues, w)
}

#[allow(clippy::too_many_arguments)]
fn flush(
    ctx: &Context<'_>,
    p: &Paragraph<'_>,
    meta: &TtmlCueMeta,
    source: SourceRange,
    pending: Option<(Tm, String)>,
    end: Tm,
    cues: &mut Vec<Cue>,
    w: &mut Warnings<'_>,
) -> Result<(), ParseError> {
    let Some((start, text)) = pending else {
        return Ok(());
    };
    let at = p.element.start;
    let start = match start {
        Tm::At(u) => ctx.params.to_millis(u),
        Tm::Indefinite => None,
    }
    .ok_or_else(|| w_error(w, at))?;
    let end = match end {
        Tm::At(u) => ctx.params.to_millis(u).ok_or_else(|| w_error(w, at))?,
        Tm::Indefinite => {
            w.once("open-end", at, WarningKind::TtmlOpenEnd);
            Millis::new(MAX_MILLIS)
        }
    };
    if end <= start {
        // Shorter than half a millisecond once rounded: nothing a viewer could see.
        return Ok(());
    }
    let span = TimeSpan::new(start, end).map_err(|_| w_error(w, at))?;
    cues.push(
        Cue::new(span, text)
            .with_meta(CueMeta::Ttml(Box::new(meta.clone())))
            .with_source(source, None),
    );
    Ok(())
}

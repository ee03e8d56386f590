//! The HTML report of `check`: one self-contained page (inline CSS and SVG, no scripts, no
//! fonts, no network) that shows, per episode, a timeline of every track's cues against the
//! shot changes with the findings on it, and a table of the findings below it.
//!
//! With `check --format html --previews`, PNG stills of the burned-in subtitle (see
//! `render::preview`) sit under the episode's timeline, embedded as `data:` URLs so that the
//! page stays one file.
//!
//! Owns the page layout only; every word on the page comes from the [`Render`] it is given.
//! Text from files (paths, finding arguments) is escaped. Elements carry `data-` attributes
//! (`data-episode`, `data-lang`, `data-path`, `data-cue`, `data-rule`, `data-severity`,
//! `data-ms`) so that tools and tests can find things without parsing the text.
//!
//! Size: a cue costs about 90 bytes with its tooltip and 56 without, so above
//! `CLEAN_TOOLTIPS_UP_TO` cues only cues with findings keep theirs. The 44,470-cue series of
//! `cargo bench --bench check` makes a page of 5.5 MB (2.4 MB of cue rectangles, 1 MB of
//! findings table for 2,370 findings).

use std::fmt::Write as _;

use super::escape::{escape, escape_into};
use super::{Edit, EditKind, Finding, Render, Report, Severity, TrackReport};
use crate::message::Message;
use crate::model::{EpisodeNumber, Millis, TimeSpan};
use crate::msg;

/// What the page shows beyond the findings that count.
#[derive(Copy, Clone, Debug)]
pub struct HtmlOptions<'a> {
    /// BCP 47 tag of the language the page is written in (`<html lang>`).
    pub locale: &'a str,
    /// Show info findings (cue colours, markers, table rows), as `-v` does for human output.
    pub include_info: bool,
    /// Preview stills to embed beside the timelines.
    pub previews: &'a [HtmlPreview],
}

/// One preview still of a cue, embedded in its episode's section.
#[derive(Clone, Debug)]
pub struct HtmlPreview {
    pub episode: EpisodeNumber,
    pub language: String,
    pub cue: Option<usize>,
    /// The time shown.
    pub at: Millis,
    /// The rules whose findings the still is for.
    pub rules: Vec<&'static str>,
    /// The market whose style and interface zones it shows.
    pub market: String,
    /// Pixel size of the PNG.
    pub size: (u32, u32),
    pub png: Vec<u8>,
}

/// Width of a preview on the page, in CSS px (a 1080-wide still at a fifth).
const PREVIEW_W: u32 = 216;

/// Horizontal scale: 20 px per second, so one frame at 30 fps is ⅔ px and a 3-minute episode
/// is 3,600 px wide (the timeline scrolls); longer videos are squeezed to `MAX_WIDTH`.
const PX_PER_MS: f64 = 0.02;
const MAX_WIDTH: f64 = 20_000.0;
const AXIS_H: u32 = 26;
const ROW_H: u32 = 22;
/// Cues are drawn `CUE_Y` px below the top of their row (the row is translated by that much,
/// so that cue rectangles need no `y`).
const CUE_Y: u32 = 4;
const CUE_H: u32 = 14;
const LABEL_W: u32 = 128;
/// Up to this many cues in a report, every cue has a tooltip; above, only cues with findings
/// do, which saves 1.5 MB on the page of a 44,000-cue series.
const CLEAN_TOOLTIPS_UP_TO: usize = 10_000;
/// Characters of a row label before it is cut short (the full path is in its tooltip).
const LABEL_CHARS: usize = 15;

const STYLE: &str = "\
:root{color-scheme:light;--err:#d62728;--warn:#e69500;--info:#3b82c4;--ok:#a3adb8;--cut:#6a1b9a}\
body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;margin:0;color:#1d232a;background:#fff}\
main{max-width:1400px;margin:0 auto;padding:16px 24px 48px}\
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:0;display:inline}\
.meta{color:#5b6672;margin:0 0 12px}\
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0;padding:0;list-style:none}\
.counts li{border:1px solid #d5dbe1;border-radius:6px;padding:6px 12px;min-width:70px}\
.counts b{display:block;font-size:20px}\
.counts .error b{color:var(--err)}.counts .warning b{color:var(--warn)}.counts .info b{color:var(--info)}\
.legend{display:flex;flex-wrap:wrap;gap:16px;align-items:center;color:#37414b;margin:8px 0 16px}\
.legend svg{vertical-align:middle;margin-right:4px}\
nav ol{columns:12em;padding-left:0;list-style:none;margin:0 0 16px}\
nav a{text-decoration:none}nav .n{color:#5b6672}\
.error-t{color:var(--err)}.warning-t{color:var(--warn)}\
section.ep{border-top:1px solid #d5dbe1;padding:10px 0}\
summary{cursor:pointer;padding:4px 0}summary .n{color:#5b6672;margin-left:12px}\
.tl{display:flex;border:1px solid #d5dbe1;border-radius:4px;margin:8px 0}\
.tl>svg{flex:none;background:#f6f8fa;border-right:1px solid #d5dbe1}\
.scroll{overflow-x:auto;flex:1}\
svg text{font-size:11px;fill:#37414b}\
.lab text.error{fill:var(--err);font-weight:600}.lab text.warning{fill:var(--warn);font-weight:600}\
.axis path{stroke:#8a96a3}.grid{stroke:#e3e8ed}\
.row>rect.bg{fill:#fff}.row:nth-child(odd)>rect.bg{fill:#f9fafb}\
.row>rect{fill:var(--ok)}.row>rect.info{fill:var(--info)}.row>rect.warning{fill:var(--warn)}.row>rect.error{fill:var(--err)}\
line.cut{stroke:var(--cut);stroke-width:1.5;stroke-dasharray:3 2}\
path.mk{stroke:#1d232a;stroke-width:.75}path.mk.error{fill:var(--err)}path.mk.warning{fill:var(--warn)}path.mk.info{fill:var(--info)}\
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}\
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e3e8ed;vertical-align:top}\
th{background:#f6f8fa;font-weight:600}\
td.loc,td.time,td.rule{white-space:nowrap;font-family:ui-monospace,monospace;font-size:12px}\
tr.error td.sev{color:var(--err);font-weight:600}tr.warning td.sev{color:var(--warn);font-weight:600}tr.info td.sev{color:var(--info)}\
td.hint{color:#37414b}\
p.none{color:#5b6672}\
.previews{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}\
figure.preview{margin:0;width:216px}figure.preview img{display:block;height:auto;border:1px solid #d5dbe1}\
figure.preview figcaption{font-size:12px;color:#37414b}\
";

/// The report as one HTML page.
pub fn to_html(report: &Report, render: Render<'_>, options: &HtmlOptions<'_>) -> String {
    let cues: usize = report.tracks.iter().map(|t| t.cues.len()).sum();
    let images: usize = options
        .previews
        .iter()
        .map(|p| p.png.len() * 4 / 3 + 512)
        .sum();
    let mut page = Page {
        out: String::with_capacity(16_384 + cues * 100 + images),
        render,
        include_info: options.include_info,
        previews: options.previews,
        clean_tooltips: cues <= CLEAN_TOOLTIPS_UP_TO,
    };
    page.document(report, options.locale);
    page.out
}

struct Page<'r> {
    out: String,
    render: Render<'r>,
    include_info: bool,
    previews: &'r [HtmlPreview],
    /// Whether cues without findings get a tooltip (number and times) too.
    clean_tooltips: bool,
}

/// Horizontal position of a time, in px.
fn px(ms: i64, scale: f64) -> String {
    fmt_px(ms as f64 * scale)
}

/// A length in px with one decimal at most: short numbers keep big timelines small.
fn fmt_px(x: f64) -> String {
    let x = (x * 10.0).round() / 10.0;
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Whether the page shows a finding: active, and not info unless asked.
fn shown(f: &Finding, include_info: bool) -> bool {
    f.is_active() && (f.severity > Severity::Info || include_info)
}

fn severity_class(s: Severity) -> &'static str {
    s.name()
}

/// `46.900`: seconds with milliseconds, the unit of the time axis (cue tooltips).
fn secs(t: Millis) -> String {
    let ms = t.get();
    let sign = if ms < 0 { "-" } else { "" };
    format!("{sign}{}.{:03}", ms.abs() / 1000, ms.abs() % 1000)
}

fn span_text(s: TimeSpan) -> String {
    format!("{}–{}", s.start(), s.end())
}

impl Page<'_> {
    fn t(&self, m: &Message) -> String {
        (self.render)(m)
    }

    fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// ` name="value"`, escaped.
    fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
    }

    fn document(&mut self, report: &Report, locale: &str) {
        let title = match &report.series {
            Some(s) => self.t(&msg!("report-html-title-series", series = s.as_str())),
            None => self.t(&msg!("report-html-title")),
        };
        self.out.push_str("<!DOCTYPE html>\n<html");
        self.attr("lang", locale);
        self.out
            .push_str(">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        self.out.push_str("<meta name=\"generator\"");
        self.attr("content", concat!("dramaloc ", env!("CARGO_PKG_VERSION")));
        self.out.push_str("/>\n<title>");
        self.text(&title);
        self.out.push_str("</title>\n<style>");
        self.out.push_str(STYLE);
        self.out.push_str("</style>\n</head>\n<body>\n<main>\n<h1>");
        self.text(&title);
        self.out.push_str("</h1>\n<p class=\"meta\">");
        let meta = self.t(&msg!(
            "report-html-meta",
            preset = report.preset.as_str(),
            market = report.market.as_deref().unwrap_or("-"),
            version = env!("CARGO_PKG_VERSION")
        ));
        self.text(&meta);
        self.out.push_str("</p>\n");
        self.summary(report);
        let groups = super::by_episode(report);
        if groups.is_empty() {
            self.out.push_str("<p class=\"none\">");
            let none = self.t(&msg!("report-html-nothing-checked"));
            self.text(&none);
            self.out.push_str("</p>\n");
        } else {
            self.legend();
            if groups.len() > 1 {
                self.index(&groups);
            }
            for (episode, tracks) in &groups {
                self.episode(*episode, tracks);
            }
        }
        self.out.push_str("</main>\n</body>\n</html>\n");
    }

    fn summary(&mut self, report: &Report) {
        let s = report.summary();
        self.out
            .push_str("<ul class=\"counts\" data-summary=\"\">\n");
        let items: [(&str, Message, usize); 8] = [
            ("files", msg!("report-html-count-files"), s.files),
            ("cues", msg!("report-html-count-cues"), s.cues),
            ("error", msg!("report-html-count-errors"), s.errors),
            ("warning", msg!("report-html-count-warnings"), s.warnings),
            ("info", msg!("report-html-count-infos"), s.infos),
            (
                "suppressed",
                msg!("report-html-count-suppressed"),
                s.suppressed,
            ),
            ("fixable", msg!("report-html-count-fixable"), s.fixable),
            ("edits", msg!("report-html-count-edits"), s.edits),
        ];
        for (key, label, n) in items {
            let label = self.t(&label);
            let _ = write!(
                self.out,
                "<li class=\"{key}\" data-count=\"{key}\"><b>{n}</b>"
            );
            self.text(&label);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ul>\n");
    }

    fn legend(&mut self) {
        self.out.push_str("<div class=\"legend\">");
        let swatch = |class: &str| {
            let class = if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"{class}\"")
            };
            format!(
                "<svg width=\"22\" height=\"14\" aria-hidden=\"true\"><g class=\"row\"><rect{class} y=\"2\" width=\"22\" height=\"10\"/></g></svg>"
            )
        };
        let entries = [
            (swatch(""), msg!("report-html-legend-cue")),
            (swatch("error"), msg!("severity-error")),
            (swatch("warning"), msg!("severity-warning")),
            (swatch("info"), msg!("severity-info")),
            (
                "<svg width=\"14\" height=\"16\" aria-hidden=\"true\"><line class=\"cut\" x1=\"7\" x2=\"7\" y1=\"0\" y2=\"16\"/></svg>".to_owned(),
                msg!("report-html-legend-cut"),
            ),
            (
                "<svg width=\"12\" height=\"10\" aria-hidden=\"true\"><path class=\"mk error\" d=\"M2 1h8l-4 7z\"/></svg>".to_owned(),
                msg!("report-html-legend-marker"),
            ),
        ];
        for (svg, label) in entries {
            let label = self.t(&label);
            self.out.push_str("<span>");
            self.out.push_str(&svg);
            self.text(&label);
            self.out.push_str("</span>");
        }
        self.out.push_str("</div>\n");
    }

    fn episode_title(&self, episode: Option<EpisodeNumber>) -> String {
        match episode {
            Some(n) => self.t(&msg!("report-html-episode", number = n.get())),
            None => self.t(&msg!("report-html-loose-files")),
        }
    }

    /// Errors and warnings (and infos when shown) of a group of tracks.
    fn counts(&self, tracks: &[&TrackReport]) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for f in tracks.iter().flat_map(|t| t.active()) {
            match f.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Info => c.2 += 1,
            }
        }
        c
    }

    fn counts_text(&self, tracks: &[&TrackReport]) -> String {
        let (errors, warnings, infos) = self.counts(tracks);
        let cues: usize = tracks.iter().map(|t| t.cues.len()).sum();
        self.t(&msg!(
            "report-html-episode-counts",
            files = tracks.len(),
            cues = cues,
            errors = errors,
            warnings = warnings,
            infos = infos
        ))
    }

    fn index(&mut self, groups: &[(Option<EpisodeNumber>, Vec<&TrackReport>)]) {
        self.out.push_str("<nav>\n<ol>\n");
        for (episode, tracks) in groups {
            let (errors, warnings, _) = self.counts(tracks);
            let title = self.episode_title(*episode);
            let _ = write!(self.out, "<li><a href=\"#{}\">", anchor(*episode));
            self.text(&title);
            self.out.push_str("</a>");
            if errors > 0 {
                let _ = write!(self.out, " <span class=\"error-t\">● {errors}</span>");
            }
            if warnings > 0 {
                let _ = write!(self.out, " <span class=\"warning-t\">● {warnings}</span>");
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</nav>\n");
    }

    fn episode(&mut self, episode: Option<EpisodeNumber>, tracks: &[&TrackReport]) {
        let (errors, warnings, infos) = self.counts(tracks);
        let open = errors + warnings > 0 || (self.include_info && infos > 0);
        let number = episode.map_or_else(String::new, |e| e.get().to_string());
        let _ = write!(
            self.out,
            "<section class=\"ep\" id=\"{}\" data-episode=\"{number}\">\n<details{}>\n<summary><h2>",
            anchor(episode),
            if open { " open=\"\"" } else { "" }
        );
        let title = self.episode_title(episode);
        self.text(&title);
        self.out.push_str("</h2><span class=\"n\">");
        let counts = self.counts_text(tracks);
        self.text(&counts);
        self.out.push_str("</span></summary>\n");
        self.timeline(&number, &title, tracks);
        self.previews(episode);
        self.findings_table(tracks);
        self.edits_table(tracks);
        self.out.push_str("</details>\n</section>\n");
    }

    fn timeline(&mut self, number: &str, title: &str, tracks: &[&TrackReport]) {
        let info = self.include_info;
        let mut cuts: Vec<Millis> = tracks.iter().flat_map(|t| t.cuts.iter().copied()).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut end = tracks
            .iter()
            .filter_map(|t| t.duration)
            .max()
            .unwrap_or(Millis::ZERO)
            .get();
        for t in tracks {
            end = end.max(t.cues.iter().map(|c| c.end().get()).max().unwrap_or(0));
            end = end.max(
                t.active()
                    .filter_map(|f| f.at)
                    .map(Millis::get)
                    .max()
                    .unwrap_or(0),
            );
        }
        end = end.max(cuts.last().map_or(0, |c| c.get()));
        let end = (end + 1000).max(5000);
        let scale = PX_PER_MS.min(MAX_WIDTH / end as f64);
        let width = px(end, scale);
        let rows = u32::try_from(tracks.len()).unwrap_or(u32::MAX);
        let height = AXIS_H + rows.saturating_mul(ROW_H) + 2;

        // Row labels, in their own column so they stay put while the timeline scrolls.
        self.out.push_str("<div class=\"tl\">\n");
        let _ = write!(
            self.out,
            "<svg class=\"lab\" width=\"{LABEL_W}\" height=\"{height}\" aria-hidden=\"true\"><text x=\"6\" y=\"16\">"
        );
        let axis = self.t(&msg!("report-html-axis"));
        self.text(&axis);
        self.out.push_str("</text>");
        for (i, t) in tracks.iter().enumerate() {
            let label = row_label(t);
            let worst = t
                .active()
                .filter(|f| shown(f, info) && f.severity > Severity::Info)
                .map(|f| f.severity)
                .max();
            let y = AXIS_H + u32::try_from(i).unwrap_or(0) * ROW_H + 15;
            let _ = write!(self.out, "<text x=\"6\" y=\"{y}\"");
            if let Some(w) = worst {
                self.attr("class", severity_class(w));
            }
            self.out.push_str("><title>");
            self.text(&t.path);
            self.out.push_str("</title>");
            self.text(&label);
            self.out.push_str("</text>");
        }
        self.out.push_str("</svg>\n<div class=\"scroll\">\n");

        let aria = self.t(&msg!("report-html-timeline-label", episode = title));
        let _ = write!(
            self.out,
            "<svg class=\"timeline\" data-episode=\"{number}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\""
        );
        self.attr("aria-label", &aria);
        self.out.push_str(">\n");
        self.axis(end, scale, height);
        for (i, t) in tracks.iter().enumerate() {
            let y = AXIS_H + u32::try_from(i).unwrap_or(0) * ROW_H;
            self.row(t, y, &width, scale);
        }
        // Shot changes across all rows, on top of the cues.
        self.out.push_str("<g class=\"cuts\">\n");
        let cut_word = self.t(&msg!("report-html-legend-cut"));
        for c in &cuts {
            let x = px(c.get(), scale);
            let _ = write!(
                self.out,
                "<line class=\"cut\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{height}\" data-ms=\"{}\"><title>",
                AXIS_H - 6,
                c.get()
            );
            self.text(&cut_word);
            let _ = writeln!(self.out, " {c}</title></line>");
        }
        self.out.push_str("</g>\n");
        // Finding markers last, so that nothing covers them.
        for (i, t) in tracks.iter().enumerate() {
            let y = AXIS_H + u32::try_from(i).unwrap_or(0) * ROW_H;
            self.markers(t, y, scale);
        }
        self.out.push_str("</svg>\n</div>\n</div>\n");
    }

    fn axis(&mut self, end: i64, scale: f64, height: u32) {
        // A labelled tick at least every 80 px, minor ticks between.
        const STEPS: [i64; 10] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
        let min_s = 80.0 / (1000.0 * scale);
        let step_s = STEPS
            .iter()
            .copied()
            .find(|s| *s as f64 >= min_s)
            // Squeezed timelines of long videos: whole multiples of 10 minutes.
            .unwrap_or_else(|| (min_s / 600.0).ceil() as i64 * 600);
        let step = step_s * 1000;
        let minor = if step_s % 5 == 0 {
            step / 5
        } else {
            step / step_s
        };
        let mut grid = String::new();
        let mut ticks = String::new();
        let mut t = 0;
        while t <= end {
            let x = px(t, scale);
            if t % step == 0 {
                let _ = write!(grid, "M{x} {AXIS_H}V{height}");
                let _ = write!(ticks, "M{x} {}v8", AXIS_H - 8);
            } else {
                let _ = write!(ticks, "M{x} {}v4", AXIS_H - 4);
            }
            t += minor;
        }
        let _ = write!(
            self.out,
            "<path class=\"grid\" d=\"{grid}\"/>\n<g class=\"axis\"><path d=\"{ticks}\"/>"
        );
        let mut t = 0;
        while t <= end {
            let _ = write!(
                self.out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                fmt_px(t as f64 * scale + 2.0),
                AXIS_H - 10,
                t / 1000
            );
            t += step;
        }
        self.out.push_str("</g>\n");
    }

    /// Worst shown severity and the shown findings per cue of a track, matched by cue number
    /// and, when comments shifted the numbering, by time.
    fn per_cue<'t>(&self, t: &'t TrackReport) -> Vec<(Option<usize>, Vec<&'t Finding>)> {
        let info = self.include_info;
        let mut out: Vec<(Option<usize>, Vec<&Finding>)> = vec![(None, Vec::new()); t.cues.len()];
        for f in t.findings.iter().filter(|f| shown(f, info)) {
            let (Some(cue), Some(span)) = (f.cue, f.span) else {
                continue;
            };
            let index = match t.cues.get(cue.wrapping_sub(1)) {
                Some(s) if *s == span => Some(cue - 1),
                _ => t.cues.iter().position(|s| *s == span),
            };
            if let Some(slot) = index.and_then(|i| out.get_mut(i)) {
                slot.0 = Some(cue);
                slot.1.push(f);
            }
        }
        out
    }

    fn row(&mut self, t: &TrackReport, y: u32, width: &str, scale: f64) {
        self.out.push_str("<g class=\"row\"");
        if let Some(l) = &t.language {
            self.attr("data-lang", l);
        }
        self.attr("data-path", &t.path);
        let _ = writeln!(
            self.out,
            " transform=\"translate(0,{})\"><rect class=\"bg\" y=\"-{CUE_Y}\" width=\"{width}\" height=\"{ROW_H}\"/>",
            y + CUE_Y
        );
        let per_cue = self.per_cue(t);
        for (i, (span, (number, findings))) in t.cues.iter().zip(per_cue).enumerate() {
            let number = number.unwrap_or(i + 1);
            let x = px(span.start().get(), scale);
            let w = fmt_px((span.duration().get() as f64 * scale).max(1.0));
            let _ = write!(
                self.out,
                "<rect x=\"{x}\" width=\"{w}\" height=\"{CUE_H}\" data-cue=\"{number}\""
            );
            let worst = findings.iter().map(|f| f.severity).max();
            if let Some(w) = worst {
                let _ = write!(self.out, " class=\"{}\"", severity_class(w));
            }
            if worst.is_none() && !self.clean_tooltips {
                self.out.push_str("/>\n");
                continue;
            }
            let _ = write!(
                self.out,
                "><title>#{number} {}–{}",
                secs(span.start()),
                secs(span.end())
            );
            for f in findings {
                self.out.push('\n');
                let line = self.finding_summary(f);
                self.text(&line);
            }
            self.out.push_str("</title></rect>\n");
        }
        self.out.push_str("</g>\n");
    }

    /// `error [rule]: message`.
    fn finding_summary(&self, f: &Finding) -> String {
        format!(
            "{} [{}]: {}",
            self.t(&super::severity_message(f.severity)),
            f.rule,
            self.t(&f.message)
        )
    }

    fn markers(&mut self, t: &TrackReport, y: u32, scale: f64) {
        let info = self.include_info;
        for f in t.findings.iter().filter(|f| shown(f, info)) {
            let Some(at) = f.at else { continue };
            let x = at.get() as f64 * scale;
            let _ = write!(
                self.out,
                "<path class=\"mk {}\" d=\"M{} {y}h8l-4 7z\" data-rule=\"{}\"",
                severity_class(f.severity),
                fmt_px(x - 4.0),
                f.rule
            );
            if let Some(c) = f.cue {
                let _ = write!(self.out, " data-cue=\"{c}\"");
            }
            self.attr("data-path", &t.path);
            self.out.push_str("><title>");
            let summary = self.finding_summary(f);
            self.text(&summary);
            let _ = writeln!(self.out, " ({at})</title></path>");
        }
    }

    /// The episode's preview stills, as `data:` images with a caption each.
    fn previews(&mut self, episode: Option<EpisodeNumber>) {
        let previews = self.previews;
        let mine: Vec<&HtmlPreview> = previews
            .iter()
            .filter(|p| Some(p.episode) == episode)
            .collect();
        if mine.is_empty() {
            return;
        }
        self.out.push_str("<div class=\"previews\">\n");
        for p in mine {
            let caption = self.t(&msg!(
                "report-html-preview-caption",
                lang = p.language.as_str(),
                cue = p.cue.map_or_else(|| "-".to_owned(), |c| c.to_string()),
                time = p.at.to_string(),
                rules = p.rules.join(", "),
                market = p.market.as_str()
            ));
            let (w, h) = (p.size.0.max(1), p.size.1);
            let height = u64::from(h) * u64::from(PREVIEW_W) / u64::from(w);
            self.out
                .push_str("<figure class=\"preview\">\n<img src=\"data:image/png;base64,");
            base64_into(&mut self.out, &p.png);
            self.out.push('"');
            let _ = write!(self.out, " data-episode=\"{}\"", p.episode.get());
            self.attr("data-lang", &p.language);
            if let Some(c) = p.cue {
                let _ = write!(self.out, " data-cue=\"{c}\"");
            }
            let _ = write!(
                self.out,
                " data-ms=\"{}\" data-rule=\"{}\" width=\"{PREVIEW_W}\" height=\"{height}\"",
                p.at.get(),
                p.rules.join(" ")
            );
            self.attr("alt", &caption);
            self.out.push_str("/>\n<figcaption>");
            self.text(&caption);
            self.out.push_str("</figcaption>\n</figure>\n");
        }
        self.out.push_str("</div>\n");
    }

    fn findings_table(&mut self, tracks: &[&TrackReport]) {
        let info = self.include_info;
        let rows: Vec<(&TrackReport, &Finding)> = tracks
            .iter()
            .flat_map(|t| t.findings.iter().map(move |f| (*t, f)))
            .filter(|(_, f)| shown(f, info))
            .collect();
        if rows.is_empty() {
            self.out.push_str("<p class=\"none\">");
            let none = self.t(&msg!("report-html-no-findings"));
            self.text(&none);
            self.out.push_str("</p>\n");
            return;
        }
        self.out.push_str("<table class=\"findings\">\n<thead><tr>");
        for id in [
            msg!("report-html-col-location"),
            msg!("report-html-col-time"),
            msg!("report-html-col-severity"),
            msg!("report-html-col-rule"),
            msg!("report-html-col-message"),
            msg!("report-html-col-hint"),
        ] {
            let h = self.t(&id);
            self.out.push_str("<th>");
            self.text(&h);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for (t, f) in rows {
            let class = severity_class(f.severity);
            let _ = write!(
                self.out,
                "<tr class=\"{class}\" data-severity=\"{class}\" data-rule=\"{}\"",
                f.rule
            );
            if let Some(c) = f.cue {
                let _ = write!(self.out, " data-cue=\"{c}\"");
            }
            self.attr("data-path", &t.path);
            self.out.push_str("><td class=\"loc\">");
            self.text(&t.path);
            match (f.cue, f.line) {
                (Some(c), _) => {
                    let cue = self.t(&msg!("check-cue-number", cue = c));
                    self.out.push(':');
                    self.text(&cue);
                }
                (None, Some(l)) => {
                    let _ = write!(self.out, ":{l}");
                }
                (None, None) => {}
            }
            self.out.push_str("</td><td class=\"time\">");
            if let Some(s) = f.span {
                self.text(&span_text(s));
            }
            if let Some(at) = f.at {
                if f.span.is_some() {
                    self.out.push_str("<br/>");
                }
                let _ = write!(self.out, "@ {at}");
            }
            let severity = self.t(&super::severity_message(f.severity));
            let message = self.t(&f.message);
            let hint = f.hint.as_ref().map(|h| self.t(h)).unwrap_or_default();
            self.out.push_str("</td><td class=\"sev\">");
            self.text(&severity);
            self.out.push_str("</td><td class=\"rule\">");
            self.text(f.rule);
            self.out.push_str("</td><td class=\"msg\">");
            self.text(&message);
            self.out.push_str("</td><td class=\"hint\">");
            self.text(&hint);
            self.out.push_str("</td></tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn edits_table(&mut self, tracks: &[&TrackReport]) {
        let rows: Vec<(&TrackReport, &Edit)> = tracks
            .iter()
            .flat_map(|t| t.edits.iter().map(move |e| (*t, e)))
            .collect();
        if rows.is_empty() {
            return;
        }
        self.out.push_str("<table class=\"edits\">\n<thead><tr>");
        for id in [
            msg!("report-html-col-location"),
            msg!("report-html-col-rule"),
            msg!("report-html-col-edit"),
            msg!("report-html-col-before"),
            msg!("report-html-col-after"),
        ] {
            let h = self.t(&id);
            self.out.push_str("<th>");
            self.text(&h);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for (t, e) in rows {
            let kind = self.t(&match e.kind {
                EditKind::Retime => msg!("report-html-edit-retime"),
                EditKind::Rebreak => msg!("report-html-edit-rebreak"),
            });
            let cue = self.t(&msg!("check-cue-number", cue = e.cue));
            let _ = write!(
                self.out,
                "<tr data-rule=\"{}\" data-cue=\"{}\"",
                e.rule, e.cue
            );
            self.attr("data-path", &t.path);
            self.out.push_str("><td class=\"loc\">");
            self.text(&t.path);
            self.out.push(':');
            self.text(&cue);
            self.out.push_str("</td><td class=\"rule\">");
            self.text(e.rule);
            self.out.push_str("</td><td>");
            self.text(&kind);
            for (span, text) in [(e.before, &e.text_before), (e.after, &e.text_after)] {
                self.out.push_str("</td><td class=\"time\">");
                self.text(&span_text(span));
                if let Some(text) = text {
                    self.out.push_str("<br/>");
                    self.out.push_str(&escape(text).replace('\n', "<br/>"));
                }
            }
            self.out.push_str("</td></tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }
}

/// Standard base64 (RFC 4648, with padding), appended to `out`.
fn base64_into(out: &mut String, bytes: &[u8]) {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
}

fn anchor(episode: Option<EpisodeNumber>) -> String {
    episode.map_or_else(|| "files".to_owned(), |e| format!("ep-{}", e.dir_name()))
}

/// A short row label: the language tag, else the file name, cut to `LABEL_CHARS`.
fn row_label(t: &TrackReport) -> String {
    let full = t.language.clone().unwrap_or_else(|| {
        t.path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&t.path)
            .to_owned()
    });
    if full.chars().count() > LABEL_CHARS {
        let mut s: String = full.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    } else {
        full
    }
}

#[cfg(test)]
mod tests {
    use quick_xml::Reader;
    use quick_xml::events::Event;

    use super::*;
    use crate::diagnostics::test_report;

    fn plain(m: &Message) -> String {
        let mut s = m.id.to_owned();
        for (k, v) in &m.args {
            s.push_str(&format!(" {k}={v}"));
        }
        s
    }

    fn page(report: &Report, include_info: bool) -> String {
        to_html(
            report,
            &plain,
            &HtmlOptions {
                locale: "en-US",
                include_info,
                previews: &[],
            },
        )
    }

    /// Every tag closed in order: the page is also well-formed XML.
    fn assert_well_formed(html: &str) {
        let mut reader = Reader::from_str(html);
        let mut depth = 0i32;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) => {
                    depth += 1;
                    for a in e.attributes().with_checks(true) {
                        a.unwrap_or_else(|err| panic!("bad attribute in {e:?}: {err}"));
                    }
                }
                Ok(Event::Empty(e)) => {
                    for a in e.attributes().with_checks(true) {
                        a.unwrap_or_else(|err| panic!("bad attribute in {e:?}: {err}"));
                    }
                }
                Ok(Event::End(_)) => depth -= 1,
                Ok(_) => {}
                Err(e) => panic!(
                    "not well-formed at byte {}: {e}\n{}",
                    reader.buffer_position(),
                    &html[..usize::try_from(reader.buffer_position())
                        .unwrap()
                        .min(html.len())]
                ),
            }
        }
        assert_eq!(depth, 0);
    }

    #[test]
    fn one_timeline_per_episode_with_cues_cuts_markers_and_findings() {
        let html = page(&test_report(), false);
        assert_well_formed(&html);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\">"));
        assert_eq!(html.matches("<svg class=\"timeline\"").count(), 2);
        assert!(html.contains("data-episode=\"1\""));
        assert_eq!(html.matches("height=\"14\" data-cue=").count(), 9);
        // Episode 2, en-US: cues 1 and 2 are errors; episode 1 cue 1 a warning; info hidden.
        assert!(html.contains("<rect x=\"0\" width=\"38\" height=\"14\" data-cue=\"1\" class=\"error\"><title>#1 0.000–1.900\nseverity-error [cue-starts-near-shot-change]: x-start</title></rect>"), "{html}");
        assert!(html.contains("data-cue=\"1\" class=\"warning\""));
        assert!(!html.contains("class=\"info\"><title>"));
        // Shot changes: 2 per episode, across all rows of the episode.
        assert_eq!(html.matches("\" data-ms=\"").count(), 4);
        assert!(
            html.contains("x1=\"40\" x2=\"40\" y1=\"20\" y2=\"72\" data-ms=\"2000\""),
            "{html}"
        );
        // A marker at `Finding.at`, a table row per shown finding.
        assert!(html.contains("<path class=\"mk error\" d=\"M-4 26h8l-4 7z\" data-rule=\"cue-starts-near-shot-change\" data-cue=\"1\" data-path=\"episodes/002/en-US.srt\">"), "{html}");
        assert_eq!(html.matches("<tr class=").count(), 3);
        assert!(html.contains("<tr class=\"error\" data-severity=\"error\" data-rule=\"cues-overlap\" data-cue=\"2\" data-path=\"episodes/002/en-US.srt\">"));
        assert!(html.contains("<td class=\"hint\">x-hint</td>"));
        // Clean episodes are folded, episodes with findings open.
        assert_eq!(html.matches("<details open=\"\">").count(), 2);
        // Info on request.
        let html = page(&test_report(), true);
        assert_well_formed(&html);
        assert!(html.contains("data-cue=\"2\" class=\"info\""));
        assert_eq!(html.matches("<tr class=").count(), 4);
        assert!(html.contains("data-rule=\"cue-crosses-shot-change\""));
    }

    #[test]
    fn text_is_escaped() {
        let mut report = test_report();
        report.series = Some("<u>".to_owned());
        report.tracks[1].path = "ep/<script>alert(1)</script>&\".srt".to_owned();
        report.tracks[1].findings[0].message =
            Message::new("x").arg("text", "</title><img src=x onerror=alert(1)>\u{0}");
        let html = page(&report, false);
        assert_well_formed(&html);
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<u>"));
        assert!(html.contains("ep/&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;.srt"));
        assert!(html.contains("&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;\u{FFFD}"));
    }

    #[test]
    fn findings_match_cues_by_time_when_numbering_differs() {
        let mut report = test_report();
        // A comment before cue 1 in the file: the finding says cue 2, the timeline has it first.
        let f = &mut report.tracks[1].findings[1];
        f.cue = Some(3);
        let html = page(&report, false);
        assert!(
            html.contains("data-cue=\"3\" class=\"error\"><title>#3 2.000"),
            "{html}"
        );
    }

    #[test]
    fn empty_reports_and_long_videos() {
        let html = page(&Report::default(), false);
        assert_well_formed(&html);
        assert!(html.contains("report-html-nothing-checked"));
        assert!(!html.contains("<svg class=\"timeline\""));
        let mut report = test_report();
        report.tracks[0].duration = Some(Millis::new(3 * 3_600_000));
        let html = page(&report, false);
        assert_well_formed(&html);
        // A time from a hostile file far beyond any video: the page stays small.
        let mut far = test_report();
        far.tracks[0].findings[1].at = Some(Millis::new(crate::model::time::MAX_MILLIS));
        let far = page(&far, false);
        assert_well_formed(&far);
        assert!(far.len() < 40_000, "{} bytes", far.len());
        let width: f64 = html
            .split("<svg class=\"timeline\" data-episode=\"1\" width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(width <= MAX_WIDTH + 1.0, "{width}");
    }

    #[test]
    fn big_reports_keep_tooltips_for_cues_with_findings_only() {
        let small = page(&test_report(), false);
        assert!(small.contains("data-cue=\"3\"><title>#3 4.100–6.000</title></rect>"));
        let mut report = test_report();
        let span = report.tracks[0].cues[0];
        report.tracks[2].cues = vec![span; CLEAN_TOOLTIPS_UP_TO];
        let big = page(&report, false);
        assert_well_formed(&big);
        assert!(!big.contains("<title>#3 4.100–6.000</title>"));
        assert!(big.contains("data-cue=\"3\"/>"));
        assert!(big.contains("class=\"error\"><title>#1 0.000–1.900\nseverity-error"));
    }

    #[test]
    fn tooltip_times_are_seconds() {
        assert_eq!(secs(Millis::new(46_900)), "46.900");
        assert_eq!(secs(Millis::new(106_033)), "106.033");
        assert_eq!(secs(Millis::new(-5)), "-0.005");
    }

    #[test]
    fn pixel_numbers_are_short() {
        assert_eq!(px(46_900, PX_PER_MS), "938");
        assert_eq!(px(46_667, PX_PER_MS), "933.3");
        assert_eq!(fmt_px(-4.0), "-4");
    }
}

//! The JUnit XML report of `check`, for CI systems (GitLab, Jenkins, Azure DevOps, GitHub
//! actions that read JUnit).
//!
//! Mapping (documented in `docs/check-report.md`):
//! - `<testsuites>`: the whole run; one `<testsuite>` per episode (`episodes/001`), or one
//!   named `files` for loose files; the suite's `<properties>` name series, episode, preset and
//!   market.
//! - `<testcase>`: one per track; `name` and `file` are the path, `classname` is
//!   `dramaloc.check.<language>` (`dramaloc.check` when the language is unknown).
//! - One `<failure>` per track with error findings: `type` lists the rule ids, `message` is the
//!   first error (and how many more), the text lists every error finding with its hint, one per
//!   line. Many JUnit readers assume one result per test case (Jenkins reads the first
//!   `<failure>`, junitparser refuses several), so several elements would hide all but one.
//! - Warnings (and info findings when asked) go to the test case's `<system-out>`: they do not
//!   fail the run, so they must not turn the test case red.
//!
//! Owns the XML shape only; the text of every message comes from the [`Render`] it is given.

use super::escape::{escape_attr_into, escape_into};
use super::{Finding, Render, Report, Severity, TrackReport};
use crate::msg;

/// The report as a JUnit XML document. `include_info`: list info findings in `<system-out>`.
pub fn to_junit(report: &Report, render: Render<'_>, include_info: bool) -> String {
    let groups = super::by_episode(report);
    let failing = |t: &TrackReport| t.active().any(|f| f.severity == Severity::Error);
    let total_failures = report.tracks.iter().filter(|t| failing(t)).count();
    let mut out = String::with_capacity(256 + report.tracks.len() * 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"dramaloc check\" tests=\"{}\" failures=\"{total_failures}\" errors=\"0\" skipped=\"0\">\n",
        report.tracks.len()
    ));
    for (id, (episode, tracks)) in groups.iter().enumerate() {
        let name = episode.map_or_else(
            || "files".to_owned(),
            |e| format!("episodes/{}", e.dir_name()),
        );
        let failures = tracks.iter().filter(|t| failing(t)).count();
        out.push_str("  <testsuite name=\"");
        escape_attr_into(&mut out, &name);
        out.push_str(&format!(
            "\" id=\"{id}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
            tracks.len()
        ));
        out.push_str("    <properties>\n");
        let mut property = |name: &str, value: &str| {
            out.push_str(&format!("      <property name=\"{name}\" value=\""));
            escape_attr_into(&mut out, value);
            out.push_str("\"/>\n");
        };
        if let Some(series) = &report.series {
            property("series", series);
        }
        if let Some(e) = episode {
            property("episode", &e.get().to_string());
        }
        property("preset", &report.preset);
        if let Some(market) = &report.market {
            property("market", market);
        }
        property("tool_version", env!("CARGO_PKG_VERSION"));
        out.push_str("    </properties>\n");
        for t in tracks {
            testcase(&mut out, t, render, include_info);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, t: &TrackReport, render: Render<'_>, include_info: bool) {
    let classname = match &t.language {
        Some(l) => format!("dramaloc.check.{l}"),
        None => "dramaloc.check".to_owned(),
    };
    out.push_str("    <testcase name=\"");
    escape_attr_into(out, &t.path);
    out.push_str("\" classname=\"");
    escape_attr_into(out, &classname);
    out.push_str("\" file=\"");
    escape_attr_into(out, &t.path);
    out.push('"');
    let errors: Vec<&Finding> = t
        .active()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let others: Vec<&Finding> = t
        .active()
        .filter(|f| match f.severity {
            Severity::Error => false,
            Severity::Warning => true,
            Severity::Info => include_info,
        })
        .collect();
    if errors.is_empty() && others.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if let Some(first) = errors.first() {
        let mut rules: Vec<&str> = Vec::new();
        for f in &errors {
            if !rules.contains(&f.rule) {
                rules.push(f.rule);
            }
        }
        let first_text = match first.cue {
            Some(c) => format!(
                "{}: {}",
                render(&msg!("check-cue-number", cue = c)),
                render(&first.message)
            ),
            None => render(&first.message),
        };
        let message = render(&msg!(
            "report-junit-failure",
            first = first_text,
            more = errors.len() - 1
        ));
        out.push_str("      <failure type=\"");
        escape_attr_into(out, &rules.join(", "));
        out.push_str("\" message=\"");
        escape_attr_into(out, &message);
        out.push_str("\">");
        for f in &errors {
            escape_into(out, &finding_line(t, f, render));
        }
        out.push_str("</failure>\n");
    }
    if !others.is_empty() {
        out.push_str("      <system-out>");
        for f in &others {
            escape_into(out, &finding_line(t, f, render));
        }
        out.push_str("</system-out>\n");
    }
    out.push_str("    </testcase>\n");
}

/// `path:cue 11 00:00:46.900 error[rule]: message`, then the hint indented; ends with `\n`.
pub(crate) fn finding_line(t: &TrackReport, f: &Finding, render: Render<'_>) -> String {
    let mut s = t.path.clone();
    match (f.cue, f.line) {
        (Some(c), _) => {
            s.push(':');
            s.push_str(&render(&msg!("check-cue-number", cue = c)));
        }
        (None, Some(l)) => s.push_str(&format!(":{l}")),
        (None, None) => {}
    }
    if let Some(span) = f.span {
        s.push_str(&format!(" {}", span.start()));
    }
    s.push_str(&format!(
        " {}[{}]: {}\n",
        render(&super::severity_message(f.severity)),
        f.rule,
        render(&f.message)
    ));
    if let Some(h) = &f.hint {
        s.push_str(&format!(
            "    {} {}\n",
            render(&msg!("label-hint")),
            render(h)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::test_report;
    use crate::message::Message;

    fn plain(m: &Message) -> String {
        let mut s = m.id.to_owned();
        for (k, v) in &m.args {
            s.push_str(&format!(" {k}={v}"));
        }
        s
    }

    #[test]
    fn one_testcase_per_track_and_one_failure_per_failing_track() {
        let report = test_report();
        let xml = to_junit(&report, &plain, false);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
        assert!(xml.contains("tests=\"3\" failures=\"1\""), "{xml}");
        assert_eq!(xml.matches("<testsuite ").count(), 2, "{xml}");
        assert_eq!(xml.matches("<testcase ").count(), 3);
        assert_eq!(xml.matches("<failure ").count(), 1);
        assert!(xml.contains("classname=\"dramaloc.check.en-US\""));
        assert!(xml.contains("name=\"episodes/002\""));
        // Both errors are in the one failure; the warning is in system-out, the info is not.
        assert!(
            xml.contains("type=\"cue-starts-near-shot-change, cues-overlap\""),
            "{xml}"
        );
        assert!(xml.contains("report-junit-failure first="), "{xml}");
        let system_out = xml.split("<system-out>").nth(1).unwrap();
        assert!(system_out.starts_with("episodes/001/en-US.srt:check-cue-number cue=1"));
        assert!(!xml.contains("cue-crosses-shot-change"));
        assert!(to_junit(&report, &plain, true).contains("cue-crosses-shot-change"));
    }

    #[test]
    fn text_from_files_is_escaped() {
        let mut report = test_report();
        report.tracks[0].path = "a&b<\"c\">.srt".to_owned();
        report.tracks[0].findings[0].message = Message::new("x").arg("text", "</failure>\u{1}]]>");
        let xml = to_junit(&report, &plain, false);
        assert!(
            xml.contains("name=\"a&amp;b&lt;&quot;c&quot;&gt;.srt\""),
            "{xml}"
        );
        assert!(xml.contains("text=&lt;/failure&gt;\u{FFFD}]]&gt;"), "{xml}");
        assert!(!xml.contains('\u{1}'));
    }
}

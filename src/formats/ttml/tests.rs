use super::*;
use crate::model::time::MAX_MILLIS;
use crate::model::{Millis, TimeSpan};

const OPEN: &str = r#"<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xml:lang="en""#;

fn doc(root_attrs: &str, head: &str, body: &str) -> String {
    format!("{OPEN} {root_attrs}><head>{head}</head><body>{body}</body></tt>")
}

fn cues_of(text: &str) -> Vec<(i64, i64, String)> {
    let parsed = parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    parsed
        .track
        .cues
        .iter()
        .map(|c| {
            (
                c.span().start().get(),
                c.span().end().get(),
                c.text().to_owned(),
            )
        })
        .collect()
}

fn body(b: &str) -> Vec<(i64, i64, String)> {
    cues_of(&doc("", "", b))
}

fn c(start: i64, end: i64, text: &str) -> (i64, i64, String) {
    (start, end, text.to_owned())
}

fn err(text: &str) -> ParseError {
    match parse(text) {
        Ok(p) => panic!("expected an error, got {:?}", p.track.cues),
        Err(e) => e,
    }
}

#[test]
fn par_containment_offsets_and_clipping() {
    assert_eq!(
        body(
            r#"<div begin="10s" end="20s"><p begin="1s" end="2s">a</p><p begin="5s" end="15s">b</p><p begin="12s" end="13s">gone</p></div>"#
        ),
        vec![c(11_000, 12_000, "a"), c(15_000, 20_000, "b")]
    );
    // dur counts from the element's own begin; with both, the earlier end wins.
    assert_eq!(
        body(
            r#"<div><p begin="1s" dur="2s">a</p><p begin="1s" dur="5s" end="3s">b</p><p begin="1s" dur="1s" end="9s">c</p></div>"#
        ),
        vec![
            c(1_000, 3_000, "a"),
            c(1_000, 3_000, "b"),
            c(1_000, 2_000, "c")
        ]
    );
    // No end anywhere: the text never ends on its own.
    let parsed = parse(&doc("", "", "<div><p begin=\"2s\">x</p></div>")).unwrap();
    assert_eq!(parsed.track.cues[0].span().end().get(), MAX_MILLIS);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::TtmlOpenEnd)
    );
    // The body's own timing bounds everything.
    assert_eq!(
        body(r#"<div dur="3s"><p begin="1s">a</p></div>"#),
        vec![c(1_000, 3_000, "a")]
    );
}

#[test]
fn seq_containment() {
    assert_eq!(
        body(
            r#"<div timeContainer="seq"><p dur="1s">a</p><p begin="1s" dur="2s">b</p><p end="1.5s">c</p></div>"#
        ),
        vec![c(0, 1_000, "a"), c(2_000, 4_000, "b"), c(4_000, 5_500, "c")]
    );
    // A seq of divs: each div lasts as long as its content.
    assert_eq!(
        body(
            r#"<div timeContainer="seq"><div><p dur="1s">a</p></div><div><p dur="1s">b</p></div></div>"#
        ),
        vec![c(0, 1_000, "a"), c(1_000, 2_000, "b")]
    );
}

#[test]
fn timed_spans_split_the_paragraph() {
    assert_eq!(
        body(
            r#"<div><p><span begin="0s" end="10s">These</span><span begin="2s" end="10s"> words</span>
            <span begin="4s" end="10s">appear.</span></p></div>"#
        ),
        vec![
            c(0, 2_000, "These"),
            c(2_000, 4_000, "These words"),
            c(4_000, 10_000, "These words appear."),
        ]
    );
    // Untimed text shows throughout; an interval with identical text is merged.
    assert_eq!(
        body(
            r#"<div><p begin="0s" end="6s">A <span begin="2s" end="4s">B</span><span begin="3s" end="5s"></span></p></div>"#
        ),
        vec![
            c(0, 2_000, "A"),
            c(2_000, 4_000, "A B"),
            c(4_000, 6_000, "A")
        ]
    );
    // Nothing visible in between: no cue.
    assert_eq!(
        body(
            r#"<div><p begin="10s" dur="30s"><span end="5s">x</span><br/><span begin="10s" dur="5s">y</span></p></div>"#
        ),
        vec![c(10_000, 15_000, "x"), c(20_000, 25_000, "y")]
    );
}

#[test]
fn apple_lyrics_use_absolute_times_and_whole_lines() {
    let text = r#"<tt xmlns="http://www.w3.org/ns/ttml" xmlns:itunes="http://music.apple.com/lyric-ttml-internal" itunes:timing="Word"><body dur="3:58.640"><div begin="19.764" end="59.300"><p begin="19.764" end="21.900"><span begin="19.764" end="20.105">When</span> <span begin="20.105" end="21.900">you</span></p></div></body></tt>"#;
    let parsed = parse(text).unwrap();
    assert_eq!(cues_of(text), vec![c(19_764, 21_900, "When you")]);
    assert!(
        parsed.warnings.iter().any(
            |w| matches!(&w.kind, WarningKind::TtmlLenientTime { found } if found == "3:58.640")
        )
    );
}

#[test]
fn whitespace_handling() {
    assert_eq!(
        body(
            "<div><p begin=\"0s\" end=\"1s\">\n   hello <span>my  name</span>\nis\t Ann   <span> </span>  </p></div>"
        ),
        vec![c(0, 1_000, "hello my name is Ann")]
    );
    assert_eq!(
        body("<div><p begin=\"0s\" end=\"1s\"> a <br/> b <br/></p></div>"),
        vec![c(0, 1_000, "a\nb")]
    );
    assert_eq!(
        body(
            "<div xml:space=\"preserve\"><p begin=\"0s\" end=\"1s\"> a  b\nc <span xml:space=\"default\">  d  </span></p></div>"
        ),
        vec![c(0, 1_000, " a  b\nc  d")],
        "the preserved space stays, the default-space run collapses to one"
    );
    // Line breaks around a paragraph's content are not empty lines.
    assert_eq!(
        body("<div><p begin=\"0s\" end=\"1s\"><br/>a<br/><br/>b<br/></p></div>"),
        vec![c(0, 1_000, "a\n\nb")]
    );
    // A paragraph with nothing visible is not a cue.
    assert!(body("<div><p begin=\"0s\" end=\"1s\">  <br/> </p></div>").is_empty());
}

#[test]
fn entities_and_characters() {
    assert_eq!(
        body(
            "<div><p begin=\"0s\" end=\"1s\">Tom &amp; Jerry &lt;3 &#233;&#xE9; &#x1F600; 😀 <![CDATA[<raw> & ]]>&quot;</p></div>"
        ),
        vec![c(
            0,
            1_000,
            "Tom &amp; Jerry &lt;3 éé 😀 😀 &lt;raw&gt; &amp; \""
        )]
    );
    let parsed = parse(&doc(
        "",
        "",
        "<div><p begin=\"0s\" end=\"1s\">a&nbsp;b &unknown; c & d</p></div>",
    ))
    .unwrap();
    assert_eq!(
        parsed.track.cues[0].text(),
        "a\u{a0}b &amp;unknown; c &amp; d"
    );
    assert_eq!(
        crate::formats::plain_text(&parsed.track, &parsed.track.cues[0]),
        "a\u{a0}b &unknown; c & d"
    );
    assert_eq!(parsed.warnings.len(), 3, "{:?}", parsed.warnings);
}

#[test]
fn styles_from_attributes_references_regions_and_ancestors() {
    let head = r#"<styling>
        <style xml:id="it" tts:fontStyle="italic"/>
        <style xml:id="chain" style="it" tts:fontWeight="bold"/>
    </styling>
    <layout><region xml:id="ul" tts:textDecoration="underline"/></layout>"#;
    let cues = cues_of(&doc(
        "",
        head,
        r#"<div style="it">
            <p begin="0s" end="1s">a <span tts:fontStyle="normal">b</span></p>
            <p begin="0s" end="1s" style="chain" region="ul">c</p>
            <p begin="0s" end="1s" tts:fontWeight="bold"><span tts:textDecoration="underline">d</span> e</p>
        </div>"#,
    ));
    assert_eq!(
        cues,
        vec![
            c(0, 1_000, "<i>a </i>b"),
            c(0, 1_000, "<b><i><u>c</u></i></b>"),
            c(0, 1_000, "<b><i><u>d</u> e</i></b>"),
        ]
    );
}

#[test]
fn ruby_keeps_the_base_in_rich_text() {
    let text = doc(
        "",
        "",
        r#"<div><p begin="0s" end="1s"><span tts:ruby="container"><span tts:ruby="base">漢字</span><span tts:ruby="delimiter">(</span><span tts:ruby="text">かんじ</span><span tts:ruby="delimiter">)</span></span>です</p></div>"#,
    );
    let track = parse(&text).unwrap().track;
    assert_eq!(track.cues[0].text(), "<ruby>漢字<rt>かんじ</rt></ruby>です");
    let mut dropped = Vec::new();
    let rich = to_rich(&track, &track.cues[0], &mut dropped);
    assert_eq!(rich.plain(), "漢字です");
    assert!(dropped.contains(&Dropped::Ruby));
}

#[test]
fn placement_from_regions() {
    let head = r#"<layout>
        <region xml:id="a" tts:origin="10% 10%" tts:extent="80% 80%" tts:displayAlign="after"/>
        <region xml:id="b" tts:origin="10% 10%" tts:extent="80% 20%"/>
        <region xml:id="c" tts:origin="0% 40%" tts:extent="100% 20%" tts:displayAlign="center"/>
        <region xml:id="topLine"/>
    </layout>"#;
    let track = parse(&doc(
        "",
        head,
        r#"<div><p begin="0s" end="1s" region="a">1</p><p begin="0s" end="1s" region="b">2</p>
        <p begin="0s" end="1s" region="c">3</p><p begin="0s" end="1s" region="topLine">4</p>
        <p begin="0s" end="1s">5</p></div>"#,
    ))
    .unwrap()
    .track;
    let placements: Vec<Placement> = track
        .cues
        .iter()
        .map(|c| to_rich(&track, c, &mut Vec::new()).placement)
        .collect();
    assert_eq!(
        placements,
        [
            Placement::Bottom,
            Placement::Top,
            Placement::Middle,
            Placement::Top,
            Placement::Bottom
        ]
    );
}

#[test]
fn errors_have_positions() {
    let e = err("<tt xmlns=\"http://www.w3.org/ns/ttml\">\n<body><p>x</span></body></tt>");
    assert!(matches!(e.kind, ParseErrorKind::Xml { .. }), "{e:?}");
    assert_eq!((e.line, e.column), (2, 11), "at the `<` of `</span>`");
    assert_eq!(err("").kind, ParseErrorKind::Empty);
    assert_eq!(err("  \n").kind, ParseErrorKind::Empty);
    assert_eq!(err("<html><body/></html>").kind, ParseErrorKind::TtmlNoRoot);
    assert_eq!(
        err("<tt xmlns=\"urn:other\"/>").kind,
        ParseErrorKind::TtmlNoRoot
    );
    let e = err(&format!(
        "{OPEN}>\n<body><div>\n  <p begin=\"1x\" end=\"2s\">a</p></div></body></tt>"
    ));
    assert_eq!(
        e.kind,
        ParseErrorKind::TtmlBadTime {
            found: "1x".to_owned()
        }
    );
    assert_eq!((e.line, e.column), (3, 13), "points at the value");
    let e = err(&doc(
        "",
        "",
        r#"<div><p begin="99999999999999999999999h">a</p></div>"#,
    ));
    assert_eq!(e.kind, ParseErrorKind::TimeOutOfRange);
    let e = err(&doc(
        "",
        "",
        r#"<div timeContainer="seq"><p dur="9000h">a</p><p dur="9000h">b</p></div>"#,
    ));
    assert_eq!(e.kind, ParseErrorKind::TimeOutOfRange);
    let e = err(&doc("", "", r#"<div><p begin="5s" end="3s">a</p></div>"#));
    assert_eq!(
        e.kind,
        ParseErrorKind::EndBeforeStart {
            start: Millis::new(5_000),
            end: Millis::new(3_000)
        }
    );
    let deep = format!(
        "{OPEN}><body><div><p begin=\"0s\" end=\"1s\">{}x{}</p></div></body></tt>",
        "<span>".repeat(70),
        "</span>".repeat(70)
    );
    assert_eq!(err(&deep).kind, ParseErrorKind::TooDeep { limit: 64 });
}

#[test]
fn old_namespaces_and_missing_namespace() {
    let dfxp = r#"<tt xmlns="http://www.w3.org/2006/04/ttaf1" xmlns:tts="http://www.w3.org/2006/04/ttaf1#styling"><body><div><p begin="0s" end="1s"><span tts:fontStyle="italic">a</span></p></div></body></tt>"#;
    assert_eq!(cues_of(dfxp), vec![c(0, 1_000, "<i>a</i>")]);
    let bare =
        r#"<tt><body><div><p begin="00:00:01.000" end="00:00:02.000">a</p></div></body></tt>"#;
    let parsed = parse(bare).unwrap();
    assert_eq!(parsed.track.cues.len(), 1);
    assert_eq!(parsed.warnings.len(), 1);
}

#[test]
fn sniffing() {
    for yes in [
        "<tt/>",
        "\u{feff}<?xml version=\"1.0\"?>\n<!-- c --><tt:tt xmlns:tt=\"x\">",
        "<!DOCTYPE tt [<!ENTITY a \">\">]>\n<?pi x?><tt xml:lang=\"en\">",
        "  \r\n<tt\n>",
    ] {
        assert!(looks_like(yes), "{yes:?}");
    }
    for no in [
        "",
        "WEBVTT\n",
        "<tts>",
        "<html><tt>",
        "<!-- <tt> ",
        "1\n00:00:01,000 --> 00:00:02,000\n<tt>",
        "<tt",
    ] {
        assert!(!looks_like(no), "{no:?}");
    }
}

fn track_from(cues: &[(i64, i64, RichText)]) -> SubtitleTrack {
    let mut track = new_track();
    for (s, e, rich) in cues {
        let (text, meta) = from_rich(rich);
        let span = TimeSpan::new(Millis::new(*s), Millis::new(*e)).unwrap();
        track.cues.push(Cue::new(span, text).with_meta(meta));
    }
    track
}

fn run(text: &str, italic: bool, bold: bool, underline: bool) -> Run {
    Run {
        text: text.to_owned(),
        italic,
        bold,
        underline,
    }
}

#[test]
fn rich_text_survives_writing() {
    let cues = vec![
        (
            1_000,
            2_000,
            RichText {
                lines: vec![
                    vec![
                        run("plain ", false, false, false),
                        run("it", true, false, false),
                    ],
                    vec![run("b&u <x>", false, true, true)],
                ],
                placement: Placement::Top,
            },
        ),
        (
            2_000,
            3_000,
            RichText {
                lines: vec![vec![run("  spaced  out ", false, false, false)]],
                placement: Placement::Middle,
            },
        ),
        (
            3_000,
            4_000,
            RichText {
                lines: vec![vec![run("bottom", false, false, false)]],
                placement: Placement::Bottom,
            },
        ),
    ];
    let mut track = track_from(&cues);
    track.line_ending = LineEnding::CrLf;
    track.bom = true;
    let written = write(&track);
    assert!(written.starts_with("\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<tt "));
    assert!(
        !written.replace("\r\n", "").contains('\n'),
        "CRLF throughout"
    );
    assert!(
        written.contains(r#"xml:id="middle""#),
        "middle region defined when used"
    );
    let again = parse(&written).unwrap().track;
    assert!(again.bom);
    assert_eq!(again.line_ending, LineEnding::CrLf);
    assert_eq!(again.cues.len(), 3);
    for (cue, (s, e, rich)) in again.cues.iter().zip(&cues) {
        assert_eq!((cue.span().start().get(), cue.span().end().get()), (*s, *e));
        let back = to_rich(&again, cue, &mut Vec::new());
        assert_eq!(&back, &rich.clone().normalize());
    }
}

#[test]
fn writer_adds_placement_regions_to_an_original_head() {
    for head in [
        "<head><metadata/></head>",
        "<head><layout/></head>",
        r#"<head><layout><region xml:id="r"/></layout></head>"#,
        "<head></head>",
        "<head/>",
        "<head xml:lang=\"en\" />",
    ] {
        let text =
            format!("{OPEN}>{head}<body><div><p begin=\"0s\" end=\"1s\">x</p></div></body></tt>");
        let mut track = parse(&text).unwrap().track;
        let (t, meta) = from_rich(&RichText {
            lines: vec![vec![Run::plain("up")]],
            placement: Placement::Top,
        });
        track.cues.push(
            Cue::new(
                TimeSpan::new(Millis::new(1_000), Millis::new(2_000)).unwrap(),
                t,
            )
            .with_meta(meta),
        );
        let written = write(&track);
        let again = parse(&written)
            .unwrap_or_else(|e| panic!("{e}\n{written}"))
            .track;
        let placements: Vec<Placement> = again
            .cues
            .iter()
            .map(|c| to_rich(&again, c, &mut Vec::new()).placement)
            .collect();
        assert_eq!(placements, [Placement::Bottom, Placement::Top], "{written}");
        assert!(written.contains(r#"xml:id="top""#), "{written}");
        assert!(!written.contains(r#"xml:id="middle""#), "{written}");
    }
}

#[test]
fn writer_undoes_inherited_styles() {
    let head = r#"<styling><style xml:id="it" tts:fontStyle="italic" tts:fontWeight="bold"/></styling>
        <layout><region xml:id="ul" tts:textDecoration="underline"/></layout>"#;
    let text = doc(
        "",
        head,
        r#"<div><p begin="0s" end="1s" style="it" region="ul">a<span tts:fontStyle="normal" tts:fontWeight="normal" tts:textDecoration="noUnderline">b</span></p></div>"#,
    );
    let mut track = parse(&text).unwrap().track;
    assert_eq!(track.cues[0].text(), "<b><i><u>a</u></i></b>b");
    track.detach();
    let written = write(&track);
    assert!(written.contains(r#"tts:fontStyle="normal""#), "{written}");
    assert_eq!(
        parse(&written).unwrap().track.cues[0].text(),
        "<b><i><u>a</u></i></b>b"
    );
}

#[test]
fn unedited_tracks_round_trip_byte_for_byte_and_edits_do_not() {
    let text = "\u{feff}<?xml version=\"1.0\"?>\r\n<tt xmlns=\"http://www.w3.org/ns/ttml\">\r\n<body><div>\r\n<p begin=\"1s\" end=\"2s\">a</p>\r\n</div></body></tt>";
    let mut track = parse(text).unwrap().track;
    assert!(track.bom);
    assert_eq!(write(&track), text);
    track.header_mut();
    let written = write(&track);
    assert_ne!(written, text);
    assert!(written.starts_with('\u{feff}'));
    let mut track = parse(text).unwrap().track;
    track.cues.pop();
    assert!(
        !write(&track).contains("<p "),
        "a removed cue is not written back"
    );
}

#[test]
fn mutated_documents_never_panic() {
    let base = doc(
        r#"ttp:frameRate="25" ttp:tickRate="10""#,
        r#"<styling><style xml:id="s" style="s" tts:fontStyle="italic"/></styling><layout><region xml:id="r" tts:origin="1% 2%"/></layout>"#,
        r#"<div timeContainer="seq"><p begin="00:00:01:05" dur="10t" style="s" region="r">a<br/><span tts:ruby="container"><span tts:ruby="base">b</span><span tts:ruby="text">c</span></span> &amp; d</p><p end="2s"><span begin="1s">e</span></p></div>"#,
    );
    let bytes = base.as_bytes();
    let inserts = [
        "<",
        ">",
        "&",
        "\"",
        "999999999999999999999",
        ":",
        "<p>",
        "</span>",
        "s",
        "\u{10ffff}",
        "\0",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3_000 {
        let mut m = bytes.to_vec();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % (m.len() + 1);
            match next() % 3 {
                0 if at < m.len() => {
                    m.remove(at);
                }
                1 => {
                    let ins = inserts[(next() as usize) % inserts.len()];
                    m.splice(at..at, ins.bytes());
                }
                _ => m.truncate(at),
            }
        }
        let text = String::from_utf8_lossy(&m);
        if let Ok(p) = parse(&text) {
            let mut track = p.track;
            for cue in &track.cues {
                let _ = to_rich(&track, cue, &mut Vec::new());
            }
            track.detach();
            let written = write(&track);
            parse(&written).unwrap_or_else(|e| panic!("{e}\n{text}\n{written}"));
        }
    }
}

#[test]
fn any_cue_text_is_written_as_well_formed_ttml() {
    let pieces = [
        "a",
        " ",
        "  ",
        "\n",
        "\t",
        "\r",
        "<",
        ">",
        "&",
        "&amp;",
        "&#0;",
        "<i>",
        "</i>",
        "<b>",
        "</u>",
        "<ruby>",
        "</ruby>",
        "<rt>",
        "</rt>",
        "<x y='1'>",
        "\u{0}",
        "\u{1}",
        "\u{fffe}",
        "😀",
        "\"",
        "]]>",
        "<!--",
        "é",
    ];
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..500 {
        let text: String = (0..(next() % 12))
            .map(|_| pieces[(next() as usize) % pieces.len()])
            .collect();
        let mut track = new_track();
        let span = TimeSpan::new(Millis::new(0), Millis::new(1_000)).unwrap();
        track.cues.push(
            Cue::new(span, text.clone()).with_meta(CueMeta::Ttml(Box::new(TtmlCueMeta {
                id: Some("x y".to_owned()),
                region: Some("a\"<&>".to_owned()),
                style: Some("s&".to_owned()),
            }))),
        );
        let written = write(&track);
        let again = parse(&written).unwrap_or_else(|e| panic!("{text:?}: {e}\n{written}"));
        // Whatever survives, the annotation-free plain text is stable from here on.
        let mut again = again.track;
        let first: Vec<String> = again
            .cues
            .iter()
            .map(|c| crate::formats::plain_text(&again, c))
            .collect();
        again.detach();
        let third = parse(&write(&again)).unwrap().track;
        let second: Vec<String> = third
            .cues
            .iter()
            .map(|c| crate::formats::plain_text(&third, c))
            .collect();
        assert_eq!(first, second, "{text:?}");
    }
}

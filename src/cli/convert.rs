//! `dramaloc convert IN OUT`: any supported format to any other, outside a series too.

use std::path::Path;

use super::args::ConvertArgs;
use super::{Printer, parse_format};
use crate::error::{Error, IoAction};
use crate::exit::ExitStatus;
use crate::formats::encoding::{TextEncoding, encode};
use crate::formats::{self, Format};
use crate::fsutil::write_atomic;
use crate::msg;

pub fn run(printer: &Printer, cwd: &Path, args: ConvertArgs) -> Result<ExitStatus, Error> {
    let input = cwd.join(&args.input);
    let to_stdout = args.output.as_os_str() == "-";
    let output = cwd.join(&args.output);
    let from = args
        .from
        .as_deref()
        .map(|f| parse_format("--from", f))
        .transpose()?;
    let to = match args.to.as_deref() {
        Some(f) => parse_format("--to", f)?,
        None => output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .ok_or_else(|| Error::Usage {
                message: msg!(
                    "convert-error-no-target-format",
                    path = args.output.display().to_string()
                ),
                detail: None,
                hint: Some(msg!("hint-convert-to")),
            })?,
    };
    let encoding = match args.encoding.as_deref() {
        Some(label) => TextEncoding::from_label(label).ok_or_else(|| Error::InvalidValue {
            flag: "--encoding",
            value: label.to_owned(),
            expected: msg!("expected-encoding"),
        })?,
        None => TextEncoding::Utf8,
    };
    if !to_stdout && output.exists() && !args.force {
        return Err(Error::WouldOverwrite { path: output });
    }
    let bytes = std::fs::read(&input).map_err(|e| Error::io(&input, IoAction::Read, e))?;
    let loaded =
        formats::read_bytes(&bytes, Some(&input), from).map_err(|e| Error::read(&input, e))?;
    for w in &loaded.parsed.warnings {
        if printer.verbose {
            printer.warning(&msg!(
                "convert-parse-warning",
                path = args.input.display().to_string(),
                line = w.line,
                warning = crate::i18n::tr(&w.kind.message())
            ));
        }
    }
    let (mut track, dropped) = formats::convert(&loaded.parsed.track, to);
    track.bom = args.bom;
    let text = formats::write(&track);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let out = encode(text, encoding, args.bom).map_err(|e| Error::Encode {
        path: output.clone(),
        source: e,
    })?;
    if to_stdout {
        use std::io::Write;
        let _ = std::io::stdout().lock().write_all(&out);
    } else {
        write_atomic(&output, &out)?;
    }
    if printer.json() && !to_stdout {
        let dropped: serde_json::Map<String, serde_json::Value> = dropped
            .counts
            .iter()
            .map(|(f, n)| (f.name().to_owned(), (*n).into()))
            .collect();
        printer.data(
            &serde_json::json!({
                "input": args.input.display().to_string(),
                "output": args.output.display().to_string(),
                "from": loaded.format.name(),
                "to": to.name(),
                "encoding": encoding.name(),
                "cues": track.cues.len(),
                "dropped": dropped,
            })
            .to_string(),
        );
    }
    for (feature, cues) in &dropped.counts {
        printer.warning(&msg!(
            "convert-dropped",
            feature = feature.name(),
            cues = *cues,
            format = to.name()
        ));
    }
    printer.info(&msg!(
        "convert-done",
        input = args.input.display().to_string(),
        output = args.output.display().to_string(),
        from = loaded.format.name(),
        to = to.name(),
        encoding = encoding.name(),
        cues = track.cues.len()
    ));
    Ok(ExitStatus::Success)
}

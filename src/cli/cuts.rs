//! `dramaloc cuts import FILE --episode N`.

use std::path::Path;

use super::args::{CutUnit, CutsImportArgs};
use super::{Printer, parse_episode, shown};
use crate::cuts::{PlainUnit, parse};
use crate::error::{Error, IoAction};
use crate::exit::ExitStatus;
use crate::fsutil::write_atomic;
use crate::model::FrameRate;
use crate::msg;
use crate::workspace::Workspace;

/// The file an episode's cut points live in.
pub const CUTS_FILE: &str = "cuts.txt";

pub fn import(printer: &Printer, cwd: &Path, args: CutsImportArgs) -> Result<ExitStatus, Error> {
    let ws = Workspace::discover(cwd)?;
    let episode = parse_episode(&args.episode)?;
    let fps = match &args.fps {
        Some(v) => v.parse::<FrameRate>().map_err(|_| Error::InvalidValue {
            flag: "--fps",
            value: v.clone(),
            expected: msg!("expected-frame-rate"),
        })?,
        None => ws.series.frame_rate,
    };
    let unit = args.unit.map(|u| match u {
        CutUnit::S => PlainUnit::Seconds,
        CutUnit::Ms => PlainUnit::Millis,
        CutUnit::Frames => PlainUnit::Frames,
    });
    let input = cwd.join(&args.file);
    let bytes = std::fs::read(&input).map_err(|e| Error::io(&input, IoAction::Read, e))?;
    let text = crate::formats::encoding::decode(&bytes)
        .map_err(|e| Error::read(&input, crate::formats::ReadError::Decode(e)))?
        .text;
    let (list, source) = parse(&text, Some(fps), unit).map_err(|e| Error::Cuts {
        path: input.clone(),
        source: e,
    })?;
    let target = ws.episode_dir(episode).join(CUTS_FILE);
    if target.exists() && !args.force {
        return Err(Error::WouldOverwrite { path: target });
    }
    write_atomic(&target, list.to_text().as_bytes())?;
    let target_shown = shown(&target, ws.root());
    if printer.json() {
        printer.data(
            &serde_json::json!({
                "input": args.file.display().to_string(),
                "source": source.name(),
                "episode": episode.get(),
                "cuts": list.len(),
                "target": target_shown,
            })
            .to_string(),
        );
    }
    printer.success(&msg!(
        "cuts-import-done",
        cuts = list.len(),
        input = args.file.display().to_string(),
        source = source.name(),
        target = target_shown
    ));
    Ok(ExitStatus::Success)
}

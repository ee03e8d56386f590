//! `dramaloc init [DIR]`.

use std::path::Path;

use super::args::InitArgs;
use super::{Printer, parse_language};
use crate::config::series_file::parse_resolution;
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::model::FrameRate;
use crate::msg;
use crate::workspace::init::{InitOptions, init};

pub fn run(printer: &Printer, cwd: &Path, args: InitArgs) -> Result<ExitStatus, Error> {
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => cwd.join(d),
        None => cwd.to_path_buf(),
    };
    let options = InitOptions {
        id: args.id,
        title: args.title,
        source_language: parse_language(printer, &args.source_lang)?,
        frame_rate: args
            .fps
            .parse::<FrameRate>()
            .map_err(|_| Error::InvalidValue {
                flag: "--fps",
                value: args.fps.clone(),
                expected: msg!("expected-frame-rate"),
            })?,
        resolution: parse_resolution(&args.resolution).ok_or_else(|| Error::InvalidValue {
            flag: "--resolution",
            value: args.resolution.clone(),
            expected: msg!("expected-resolution"),
        })?,
        force: args.force,
    };
    let path = init(&dir, &options)?;
    if printer.json() {
        printer.data(&serde_json::json!({ "series_file": path.display().to_string() }).to_string());
    }
    printer.success(&msg!("init-done", path = path.display().to_string()));
    printer.hint(&msg!("hint-after-init"));
    Ok(ExitStatus::Success)
}

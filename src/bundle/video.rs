//! What `validate` asks ffprobe about a delivered render, and how it holds the answer to the
//! manifest: resolution, frame rate, codecs, duration within one frame, and every packet the
//! file's index lists actually there (a file cut short keeps its index when the index is at
//! the front, as `+faststart` puts it; only reading the packets shows the cut).
//!
//! ```text
//! ffprobe -v error -count_packets -show_entries
//!   stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,duration,
//!          nb_frames,nb_read_packets:format=duration -of json FILE
//! ```

use std::io::Read;
use std::path::Path;
use std::process::Command;

use super::manifest::VideoEntry;
use crate::cuts::detect::{self, DetectError, Tool};
use crate::model::FrameRate;
use crate::render::probe::{self, MediaInfo};

/// ffprobe's JSON is read up to this size: a hostile file with thousands of streams gets no
/// further.
const MAX_OUTPUT: u64 = 16 << 20;

/// A render as ffprobe read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    pub info: MediaInfo,
    /// Streams whose packets ran out before the index said: (kind, packets read, listed).
    pub short: Vec<(String, u64, u64)>,
}

/// The ffprobe arguments for `path`: every packet counted.
pub fn args(path: &Path) -> Vec<std::ffi::OsString> {
    probe::args_with(path, &["-count_packets"], &["nb_frames", "nb_read_packets"])
}

/// Check once that ffprobe runs (`-version`), so that a missing one is a clear error (exit 2)
/// rather than a finding per video.
pub fn check_ffprobe(ffprobe: &Path) -> Result<(), DetectError> {
    detect::program_version(Tool::Ffprobe, ffprobe).map(|_| ())
}

/// Time ffprobe always gets, and the reading speed assumed beyond it (bytes per second).
const PROBE_TIME_BASE: std::time::Duration = std::time::Duration::from_secs(60);
const PROBE_BYTES_PER_SECOND: u64 = 50 * 1024 * 1024;

/// Run ffprobe on `path`, reading every packet, within a deadline.
pub fn probe(path: &Path, ffprobe: &Path) -> Result<Probed, DetectError> {
    let mut cmd = Command::new(ffprobe);
    cmd.args(args(path));
    let mut running = detect::spawn(Tool::Ffprobe, ffprobe, cmd)?;
    let stdout = running.child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stdout) = stdout {
            // A read error shows up as ffprobe failing or as unusable JSON below.
            let _ = stdout.take(MAX_OUTPUT).read_to_end(&mut out);
        }
        out
    });
    // A crafted file must not hang `validate`: ffprobe gets a deadline that grows with the
    // file (reading every packet of a large render takes a while).
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let limit = PROBE_TIME_BASE + std::time::Duration::from_secs(bytes / PROBE_BYTES_PER_SECOND);
    let deadline = std::time::Instant::now() + limit;
    loop {
        match running.child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => {
                let _ = running.child.kill();
                let _ = running.child.wait();
                return Err(DetectError::TimedOut {
                    tool: Tool::Ffprobe,
                    seconds: limit.as_secs(),
                });
            }
        }
    }
    let out = reader.join().unwrap_or_default();
    running.finish(Tool::Ffprobe, ffprobe)?;
    parse(&out)
}

/// Read ffprobe's JSON. Never panics on odd input.
pub fn parse(json: &[u8]) -> Result<Probed, DetectError> {
    let info = probe::parse(json)?;
    let value: serde_json::Value = serde_json::from_slice(json).unwrap_or_default();
    let count = |s: &serde_json::Value, key: &str| -> Option<u64> {
        match s.get(key)? {
            serde_json::Value::String(t) => t.trim().parse().ok(),
            v => v.as_u64(),
        }
    };
    let short = value
        .get("streams")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let kind = s.get("codec_type")?.as_str()?.to_owned();
            let (listed, read) = (count(s, "nb_frames")?, count(s, "nb_read_packets")?);
            (read < listed).then_some((kind, read, listed))
        })
        .collect();
    Ok(Probed { info, short })
}

/// A field of a render that differs from what the manifest says: (field, actual, listed).
/// Field ids: `resolution`, `frame-rate`, `duration`, `video-codec`, `audio-codec`.
pub fn differences(listed: &VideoEntry, info: &MediaInfo) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    if (info.width, info.height) != (listed.width, listed.height) {
        out.push((
            "resolution",
            format!("{}×{}", info.width, info.height),
            format!("{}×{}", listed.width, listed.height),
        ));
    }
    let rate = listed.frame_rate.parse::<FrameRate>().ok();
    if rate != Some(info.frame_rate) {
        out.push((
            "frame-rate",
            info.frame_rate.to_string(),
            listed.frame_rate.clone(),
        ));
    }
    // Within one frame (of the rate listed, else the one found), rounded up.
    let frame = rate.unwrap_or(info.frame_rate).frame_to_millis(1).get() + 1;
    let actual = info.duration.get();
    let claimed = i128::from(listed.duration_ms);
    if (i128::from(actual) - claimed).abs() > i128::from(frame) {
        out.push((
            "duration",
            format!("{actual} ms"),
            format!("{} ms", listed.duration_ms),
        ));
    }
    if info.video_codec != listed.video_codec {
        out.push((
            "video-codec",
            info.video_codec.clone(),
            listed.video_codec.clone(),
        ));
    }
    if info.audio_codec != listed.audio_codec {
        let shown = |c: &Option<String>| c.clone().unwrap_or_else(|| "-".to_owned());
        out.push((
            "audio-codec",
            shown(&info.audio_codec),
            shown(&listed.audio_codec),
        ));
    }
    out
}

/// The field of a listed render that no video can have, if any: (field, value).
pub fn impossible_field(v: &VideoEntry) -> Option<(&'static str, String)> {
    if v.width == 0 {
        return Some(("width", v.width.to_string()));
    }
    if v.height == 0 {
        return Some(("height", v.height.to_string()));
    }
    if v.duration_ms == 0 || i64::try_from(v.duration_ms).is_err() {
        return Some(("duration_ms", v.duration_ms.to_string()));
    }
    if v.frame_rate.parse::<FrameRate>().is_err() {
        return Some(("frame_rate", v.frame_rate.clone()));
    }
    if v.video_codec.trim().is_empty() {
        return Some(("video_codec", v.video_codec.clone()));
    }
    if v.audio_codec
        .as_deref()
        .is_some_and(|c| c.trim().is_empty())
    {
        return Some(("audio_codec", String::new()));
    }
    None
}

/// The manifest entry of a render whose size, checksum and media info are known.
pub fn entry(
    path: String,
    language: String,
    bytes: u64,
    sha256: String,
    info: &MediaInfo,
) -> VideoEntry {
    VideoEntry {
        path,
        language,
        bytes,
        sha256,
        duration_ms: u64::try_from(info.duration.get().max(0)).unwrap_or(0),
        width: info.width,
        height: info.height,
        frame_rate: info.frame_rate.to_string(),
        video_codec: info.video_codec.clone(),
        audio_codec: info.audio_codec.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Millis;

    fn info() -> MediaInfo {
        MediaInfo {
            width: 1080,
            height: 1920,
            frame_rate: FrameRate::FPS_30,
            duration: Millis::new(2000),
            video_codec: "h264".into(),
            audio_codec: Some("aac".into()),
        }
    }

    fn listed() -> VideoEntry {
        entry("a.mp4".into(), "en-US".into(), 10, "0".repeat(64), &info())
    }

    #[test]
    fn the_same_video_has_no_differences_and_a_frame_of_slack() {
        assert!(differences(&listed(), &info()).is_empty());
        let mut v = listed();
        v.duration_ms = 2034;
        assert!(differences(&v, &info()).is_empty(), "one frame at 30 fps");
        v.duration_ms = 2035;
        assert_eq!(differences(&v, &info())[0].0, "duration");
        v.duration_ms = 1966;
        assert!(differences(&v, &info()).is_empty());
    }

    #[test]
    fn every_field_is_named() {
        let mut v = listed();
        v.width = 720;
        v.frame_rate = "25".into();
        v.video_codec = "hevc".into();
        v.audio_codec = None;
        let fields: Vec<&str> = differences(&v, &info()).iter().map(|d| d.0).collect();
        assert_eq!(
            fields,
            ["resolution", "frame-rate", "video-codec", "audio-codec"]
        );
        assert_eq!(differences(&v, &info())[0].1, "1080×1920");
        assert_eq!(differences(&v, &info())[3].2, "-");
    }

    #[test]
    fn impossible_values_are_named() {
        assert_eq!(impossible_field(&listed()), None);
        let mut v = listed();
        v.frame_rate = "fast".into();
        assert_eq!(impossible_field(&v).unwrap().0, "frame_rate");
        let mut v = listed();
        v.duration_ms = u64::MAX;
        assert_eq!(impossible_field(&v).unwrap().0, "duration_ms");
        let mut v = listed();
        v.height = 0;
        assert_eq!(impossible_field(&v).unwrap().0, "height");
    }

    #[test]
    fn packets_short_of_the_index_are_found() {
        let json = br#"{"streams":[
            {"index":0,"codec_name":"h264","codec_type":"video","width":1080,"height":1920,"r_frame_rate":"30/1","avg_frame_rate":"30/1","duration":"2.000000","nb_frames":"60","nb_read_packets":"29"},
            {"index":1,"codec_name":"aac","codec_type":"audio","r_frame_rate":"0/0","duration":"2.000000","nb_frames":"95","nb_read_packets":"95"}],
            "format":{"duration":"2.000000"}}"#;
        let p = parse(json).unwrap();
        assert_eq!(p.info, info());
        assert_eq!(p.short, vec![("video".to_owned(), 29, 60)]);
        assert!(parse(b"{\"streams\":[{\"codec_type\":\"audio\"}]}").is_err());
    }
}

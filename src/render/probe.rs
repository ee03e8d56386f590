//! What ffprobe says of a media file, for renders and the bundles that carry them: the video
//! stream's size, frame rate, codec and duration, and the audio stream's codec.
//!
//! ```text
//! ffprobe -v error -show_entries
//!   stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,duration
//!   :format=duration -of json FILE
//! ```

use std::io::Read;
use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

use crate::cuts::detect::{self, DetectError, OutputProblem, Tool};
use crate::model::{FrameRate, Millis};

/// The streams that matter for a delivered video.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    pub width: u32,
    pub height: u32,
    pub frame_rate: FrameRate,
    /// Duration of the video stream, else of the container.
    pub duration: Millis,
    /// The video codec as ffprobe names it (`h264`).
    pub video_codec: String,
    /// The first audio stream's codec (`aac`), when there is one.
    pub audio_codec: Option<String>,
}

/// The stream fields every probe asks for.
const STREAM_FIELDS: &str =
    "index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,duration";

/// The ffprobe arguments for `path`.
pub fn args(path: &Path) -> Vec<std::ffi::OsString> {
    args_with(path, &[], &[])
}

/// The ffprobe arguments for `path`, with more flags (`-count_packets`) and more stream
/// fields (`nb_read_packets`).
pub fn args_with(path: &Path, flags: &[&str], fields: &[&str]) -> Vec<std::ffi::OsString> {
    let mut entries = format!("stream={STREAM_FIELDS}");
    for f in fields {
        entries.push(',');
        entries.push_str(f);
    }
    entries.push_str(":format=duration");
    let mut a: Vec<std::ffi::OsString> = vec!["-v".into(), "error".into()];
    a.extend(flags.iter().map(Into::into));
    a.extend([
        "-show_entries".into(),
        entries.into(),
        "-of".into(),
        "json".into(),
    ]);
    a.push(detect::absolute(path).into_os_string());
    a
}

/// Run ffprobe on `path`.
pub fn probe(path: &Path, ffprobe: &Path) -> Result<MediaInfo, DetectError> {
    let mut cmd = Command::new(ffprobe);
    cmd.args(args(path));
    let mut running = detect::spawn(Tool::Ffprobe, ffprobe, cmd)?;
    let mut out = Vec::new();
    if let Some(mut stdout) = running.child.stdout.take() {
        // A read error shows up as ffprobe failing or as unusable JSON below.
        let _ = stdout.read_to_end(&mut out);
    }
    running.finish(Tool::Ffprobe, ffprobe)?;
    parse(&out)
}

/// Read ffprobe's JSON (see the module docs). Never panics on odd input.
pub fn parse(json: &[u8]) -> Result<MediaInfo, DetectError> {
    let bad = || DetectError::Output {
        tool: Tool::Ffprobe,
        problem: OutputProblem::ProbeJson,
    };
    let value: serde_json::Value = serde_json::from_slice(json).map_err(|_| bad())?;
    let streams = value
        .get("streams")
        .and_then(|s| s.as_array())
        .ok_or_else(bad)?;
    fn kind(s: &serde_json::Value) -> Option<&str> {
        s.get("codec_type").and_then(|c| c.as_str())
    }
    let text = |v: &serde_json::Value, key: &str| -> Option<String> {
        v.get(key).and_then(|x| x.as_str()).map(str::to_owned)
    };
    let dimension = |v: &serde_json::Value, key: &str| -> Option<u32> {
        v.get(key)
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n > 0)
    };
    let video = streams
        .iter()
        .find(|s| kind(s) == Some("video"))
        .ok_or(DetectError::NoVideoStream)?;
    let audio = streams.iter().find(|s| kind(s) == Some("audio"));
    let (r, avg) = (text(video, "r_frame_rate"), text(video, "avg_frame_rate"));
    let frame_rate = detect::pick_rate(r.as_deref(), avg.as_deref()).ok_or_else(|| {
        DetectError::NoFrameRate {
            found: avg.clone().or(r.clone()).unwrap_or_default(),
        }
    })?;
    let duration = text(video, "duration")
        .and_then(|d| detect::parse_seconds(&d))
        .filter(|d| d.get() > 0)
        .or_else(|| {
            value
                .get("format")
                .and_then(|f| text(f, "duration"))
                .and_then(|d| detect::parse_seconds(&d))
        })
        .filter(|d| d.get() > 0)
        .ok_or_else(bad)?;
    Ok(MediaInfo {
        width: dimension(video, "width").ok_or_else(bad)?,
        height: dimension(video, "height").ok_or_else(bad)?,
        frame_rate,
        duration,
        video_codec: text(video, "codec_name").unwrap_or_default(),
        audio_codec: audio.and_then(|a| text(a, "codec_name")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_with_and_without_packet_counts() {
        let show = |a: Vec<std::ffi::OsString>| {
            a.iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            show(args(Path::new("/v.mp4"))),
            "-v error -show_entries stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,duration:format=duration -of json /v.mp4"
        );
        assert!(
            show(args_with(
                Path::new("/v.mp4"),
                &["-count_packets"],
                &["nb_frames", "nb_read_packets"]
            ))
            .starts_with("-v error -count_packets -show_entries stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,duration,nb_frames,nb_read_packets:format=duration -of json")
        );
    }

    #[test]
    fn reads_video_and_audio_streams() {
        let json = br#"{"streams":[
            {"index":0,"codec_name":"aac","codec_type":"audio","r_frame_rate":"0/0","avg_frame_rate":"0/0","duration":"60.021333"},
            {"index":1,"codec_name":"h264","codec_type":"video","width":1080,"height":1920,"r_frame_rate":"30/1","avg_frame_rate":"30/1","duration":"60.000000"}],
            "format":{"duration":"60.021333"}}"#;
        let info = parse(json).unwrap();
        assert_eq!((info.width, info.height), (1080, 1920));
        assert_eq!(info.frame_rate, FrameRate::FPS_30);
        assert_eq!(info.duration, Millis::new(60_000));
        assert_eq!(info.video_codec, "h264");
        assert_eq!(info.audio_codec.as_deref(), Some("aac"));
    }

    #[test]
    fn falls_back_to_the_container_duration_and_refuses_garbage() {
        let json = br#"{"streams":[{"codec_type":"video","codec_name":"vp9","width":720,"height":1280,"r_frame_rate":"25/1"}],"format":{"duration":"12.5"}}"#;
        let info = parse(json).unwrap();
        assert_eq!(info.duration, Millis::new(12_500));
        assert_eq!(info.audio_codec, None);
        for bad in [
            &b""[..],
            b"[]",
            b"{\"streams\":5}",
            b"{\"streams\":[{\"codec_type\":\"audio\"}]}",
            b"{\"streams\":[{\"codec_type\":\"video\",\"r_frame_rate\":\"30/1\",\"width\":-3,\"height\":9,\"duration\":\"1\"}]}",
            b"{\"streams\":[{\"codec_type\":\"video\",\"r_frame_rate\":\"0/0\",\"width\":3,\"height\":9,\"duration\":\"1\"}]}",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn mutated_answers_never_panic() {
        let good = br#"{"streams":[{"index":0,"codec_name":"h264","codec_type":"video","width":1080,"height":1920,"r_frame_rate":"30/1","avg_frame_rate":"30/1","duration":"60.0"},{"codec_type":"audio","codec_name":"aac"}],"format":{"duration":"60.0"}}"#;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"{}[]\":,-0123456789.e/ abcvideo";
        let mut parsed = 0;
        for _ in 0..20_000 {
            let mut data = good.to_vec();
            for _ in 0..1 + next() % 4 {
                let at = (next() % data.len() as u64) as usize;
                match next() % 3 {
                    0 => data[at] = alphabet[(next() % alphabet.len() as u64) as usize],
                    1 => {
                        data.remove(at);
                    }
                    _ => data.insert(at, alphabet[(next() % alphabet.len() as u64) as usize]),
                }
            }
            parsed += usize::from(parse(&data).is_ok());
        }
        // Some mutations keep the answer readable; none may panic.
        assert!(parsed > 0);
    }
}

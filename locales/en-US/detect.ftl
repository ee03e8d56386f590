## detect
## Shot-change detection with ffmpeg (`cuts detect`).

cli-cuts-detect-about = Detect shot changes with ffmpeg and write each episode's cuts.txt; also records the video's duration and frame rate in episode.toml
cli-cuts-detect-arg-paths = Videos or folders of videos, matched to episodes by name (EP012.mp4, 第12集.mov, 012.mkv); default: the `video` of each episode.toml
cli-cuts-detect-arg-threshold = Scene score from which a frame is a cut, 0 to 1 (default 0.3; lower finds more cuts)
cli-cuts-detect-arg-min-shot = Shortest shot in milliseconds: of two cuts closer than this, the weaker is dropped (default 500)
cli-cuts-detect-arg-jobs = Videos analysed at the same time (default: the number of cores)
cli-cuts-detect-arg-force = Replace existing cuts.txt files
cli-cuts-detect-arg-dry-run = Detect and show the results without writing any file

detect-line = episode { $episode }: { $cuts } { $cuts ->
    [one] cut
   *[other] cuts
}, { $fps } fps, { $duration } → `{ $target }`{ $dry_run ->
    [yes] {" "}(dry run, not written)
   *[other] {""}
}
detect-summary = { $dry_run ->
    [yes] dry run: cuts detected in { $detected } { $detected ->
        [one] episode
       *[other] episodes
    }, nothing written, { $failed } not done
   *[other] cuts detected in { $detected } { $detected ->
        [one] episode
       *[other] episodes
    }, { $failed } not done
}
detect-progress = { $done }/{ $total } videos
detect-unmatched = `{ $video }`: no episode number in its name
detect-ambiguous = `{ $video }`: episode { $episode } has more than one video; none is used
detect-not-video = `{ $path }` is not a video (mp4, mov, mkv, webm, m4v, avi)
detect-no-videos = no videos to analyse: no episode.toml names a `video`
hint-detect-no-videos = pass the videos or their folder: `dramaloc cuts detect VIDEO|DIR...`
hint-detect-names = name videos after their episode (`EP012.mp4`, `第12集.mp4`, `012.mp4`), or put each in a folder named that way

expected-threshold = a score between 0 and 1, such as `0.3`
expected-min-shot = milliseconds from 0 to { $max }
expected-jobs = a number of videos from 1 to { $max }

error-detect-program-missing = { $tool } was not found (`{ $program }`)
error-detect-spawn = cannot run `{ $program }`
error-detect-unusable = `{ $program }` does not run as { $tool } (`-version` exited with { $status })
error-detect-failed = { $tool } could not analyse `{ $path }` (exit status { $status })
error-detect-no-video = `{ $path }` has no video stream
error-detect-frame-rate = `{ $path }` has no usable frame rate (ffprobe says `{ $found }`)
error-detect-output = { $tool } gave unusable output for `{ $path }`
error-detect-no-frames = no frame of `{ $path }` could be decoded
error-detect-temp = cannot create temporary files for ffmpeg
detect-output-probe-json = ffprobe did not print the JSON it was asked for
detect-output-scores-missing = the per-frame scene scores are missing
detect-output-mismatch = { $scores } scene scores for { $frames } frames
hint-install-ffmpeg = install ffmpeg (`apt install ffmpeg`, `brew install ffmpeg`), or set `{ $variable }` to the program's path
hint-detect-failed = check that the file plays in a video player; dramaloc needs ffmpeg 5.1 or newer
error-detect-timed-out = { $tool } did not finish reading `{ $path }` within { $seconds } s and was stopped

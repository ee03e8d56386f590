# bundle and validate messages

cli-bundle-about = Build the deliverable for one market: check, convert, name, checksum, manifest, zip or folder
cli-bundle-arg-market = Market id (see `dramaloc markets`)
cli-bundle-arg-output = Where to write the bundle (default: dist/SERIES_MARKET.zip, or a folder for folder markets)
cli-bundle-arg-allow-findings = Bundle even with error findings, and list them in the manifest
cli-bundle-arg-jobs = Episodes processed at once (default: the number of cores)

cli-validate-about = Verify a bundle (zip or folder) as a distributor would, without the series: safe archive, manifest, checksums, tracks, tags, timing
cli-validate-arg-bundle = The bundle: a .zip file or a folder
cli-validate-arg-market = Hold the bundle to this market (a built-in id or a spec file.toml); default: the market in its manifest
cli-validate-arg-output = Write the report to FILE instead of standard output
cli-validate-arg-jobs = Episodes checked at once (default: the number of cores)

bundle-done = bundled { $market }: { $episodes ->
    [one] 1 episode
   *[other] { $episodes } episodes
}, { $languages ->
    [one] 1 language
   *[other] { $languages } languages
}, { $files } files, { $bytes } bytes → { $path }
bundle-sha256 = sha256 { $sha }
bundle-allowed-findings = { $count } error findings bundled anyway (listed in manifest.json under qc.allowed)
error-bundle-refused = refusing to bundle for { $market }: { $errors } error findings remain
hint-bundle-refused = fix them (`dramaloc check --market { $market }`, `check --fix` for timing), or pass --allow-findings to bundle anyway and record them in the manifest
validate-ok = { $path }: valid

finding-metadata-series-title = no { $lang } series title; the market requires one
hint-metadata-series-title = add `{ $lang } = "…"` under [titles] in series.toml
finding-metadata-episode-titles = { $count } episodes have no { $lang } title: { $episodes }
hint-metadata-episode-titles = add `{ $lang } = "…"` under [titles] in each episode's episode.toml
finding-metadata-file-missing = no metadata file for { $lang } in the manifest
finding-metadata-invalid = the metadata file is not valid: { $detail }

finding-manifest-missing = the bundle has no manifest.json at its top level
hint-manifest-missing = bundles are made by `dramaloc bundle`; ask the sender for the complete bundle
finding-manifest-invalid-json = manifest.json is not valid JSON: { $detail }
finding-manifest-schema-unknown = manifest.json has schema `{ $schema }`; this dramaloc reads `{ $known }`
hint-manifest-schema-unknown = a newer dramaloc may read it; else ask the sender to rebuild the bundle
finding-manifest-unsafe-path = manifest.json lists `{ $path }`, which is not a safe relative path inside the bundle (or is the manifest itself)
finding-manifest-bad-sha256 = manifest.json gives `{ $path }` a sha256 that is not 64 lower-case hex digits
finding-manifest-listed-twice = manifest.json lists `{ $path }` more than once
finding-manifest-episode-number = manifest.json has episode number { $number } twice, or as 0
finding-metadata-mismatch = the metadata file has schema `{ $schema }` and language `{ $language }`; the manifest lists it for `{ $listed }`
finding-manifest-invalid = manifest.json does not match its schema: { $detail }
hint-manifest-invalid = see docs/bundle-manifest.schema.json; rebuild the bundle with `dramaloc bundle`
finding-market-unknown = the manifest names market `{ $id }`, which is not built in; checked against what the manifest declares
hint-market-unknown = pass --market ID or --market SPEC.toml to hold the bundle to a known spec
finding-file-missing = `{ $path }` is listed in the manifest but not in the bundle
hint-file-missing = ask the sender for the complete bundle
finding-file-unlisted = `{ $path }` is in the bundle but not in the manifest
hint-file-unlisted = remove it, or rebuild the bundle so the manifest lists it
finding-size-mismatch = `{ $path }` has { $actual } bytes; the manifest says { $listed }
finding-checksum-mismatch = `{ $path }` does not match its SHA-256 in the manifest (listed { $listed }, actual { $actual })
hint-checksum-mismatch = the file changed after bundling (or in transfer); rebuild or resend the bundle
finding-bundle-track-missing = episode { $episode } has no { $lang } track, which the market requires
hint-bundle-track-missing = translate or import it, then bundle again
finding-encoding-mismatch = the file is not valid { $declared } as the manifest declares (it looks like { $seems }): { $detail }
finding-encoding-not-market = the file is declared { $declared }; the market wants { $expected }
finding-format-mismatch = the file is declared `{ $declared }`; the market wants `{ $expected }`
finding-line-endings-mismatch = the market wants { $expected } line endings
finding-cue-count-differs = the file has { $actual } cues; the manifest says { $listed }
finding-track-not-decoded = the track could not be decoded as { $encoding }
hint-bundle-rebuild = rebuild the bundle with `dramaloc bundle --market ID`, which converts every track to the market's spec

bundle-videos = { $count ->
    [one] 1 render
   *[other] { $count } renders
} with the subtitles burned in
error-bundle-same-path = two files of the bundle would be called `{ $path }`
hint-bundle-same-path = give the market's `naming` template `{"{"}ext{"}"}` at the end, so that a track and its render (`.mp4`) get different names
error-bundle-file-changed = `{ $path }` changed while it was being bundled
hint-bundle-file-changed = run `dramaloc bundle` again once nothing else writes the renders
finding-video-missing = episode { $episode } has no video; { $market } delivers the subtitles burned into it
finding-video-file-missing = episode { $episode }: its video `{ $path }` does not exist
hint-video-missing = set `video = "…"` in the episode's episode.toml (relative to its folder) to the episode's video file
finding-video-source-unreadable = episode { $episode }: its video `{ $path }` cannot be read: { $detail }
hint-video-source-unreadable = check that the file is a complete video (`ffprobe FILE`), or export it again
finding-render-missing = episode { $episode }: the { $lang } track has no render; { $market } takes the subtitles burned into the video
hint-render-missing = bundle again with `dramaloc bundle --market { $market }`, which renders what is missing
finding-manifest-videos-v1 = manifest.json lists renders, which schema `{ $schema }` has not; a bundle with renders is `{ $needed }`
finding-manifest-video-field = manifest.json gives the render `{ $path }` { $field } `{ $value }`, which no video has
finding-manifest-video-as-file = manifest.json lists `{ $path }` as a subtitle or metadata file; its name is a video's
finding-video-mismatch = `{ $path }`: its { $field ->
    [resolution] resolution
    [frame-rate] frame rate
    [duration] duration
    [video-codec] video codec
    [audio-codec] audio codec
   *[other] { $field }
} is { $actual }; the manifest says { $listed }
hint-video-mismatch = the manifest does not describe this video: bundle again, so that both come from the same render
finding-video-unreadable = `{ $path }` cannot be read as a video: { $detail }
finding-video-truncated = `{ $path }` ends early: ffprobe read { $read } of the { $listed } { $kind } packets its index lists
hint-video-unreadable = the render is damaged: render it again (`dramaloc render --market ID --force`) and bundle again
finding-video-not-probed = the renders were not read: { $detail }

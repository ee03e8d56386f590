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

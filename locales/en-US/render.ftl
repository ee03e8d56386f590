# burn-in rendering messages

error-render-no-font = none of the fonts { $families } is installed
hint-render-no-font = install the Noto fonts: `apt-get install fonts-noto-core fonts-noto-cjk` (fonts-noto-core has Noto Sans, Noto Sans Thai and Noto Naskh Arabic; fonts-noto-cjk has Noto Sans CJK), or name a folder holding them in DRAMALOC_FONT_DIRS
glyph-missing-in-font = cue { $cue }: `{ $char }` ({ $codepoint }) is not in { $font }; it would render as an empty box
hint-glyph-missing-in-font = replace the character in the subtitle text, or give the style a font that has it
error-render-no-burn-in = market `{ $market }` burns no subtitles into video: its spec has no [burn_in] table
hint-render-no-burn-in = pick a market that does (`--market tiktok`, `reels`, `shorts`, `jp-amazon`; `dramaloc markets` lists them), or add a [burn_in] table to a spec of your own in markets/

cli-render-about = Burn each track into its episode video for a market with a [burn_in] spec (tiktok, reels, shorts, jp-amazon): ffmpeg + libass, H.264, audio copied; renders go to renders/<market>/
cli-render-arg-market = The market to render for (default: the series' markets that have a [burn_in] table)
cli-render-arg-lang = Only these languages, comma-separated BCP 47 tags (default: the market's languages the series has)
cli-render-arg-episodes = Only these episodes (e.g. 1-5,8)
cli-render-arg-crf = H.264 quality, 0–51, lower is better (default: the market's crf)
cli-render-arg-preset = x264 preset, ultrafast … veryslow (default: the market's preset)
cli-render-arg-jobs = Renders at the same time; the cores are shared out between them (default: the number of cores)
cli-render-arg-force = Render again even when the video, track, style and tools are unchanged
cli-render-arg-dry-run = Check fonts and list the renders that would be made, rendering nothing
render-planned = { $path }: { $width }×{ $height }, { $seconds } s
render-done = { $path }: rendered in { $seconds } s ({ $fps } frames/s)
render-current = { $path }: current (video, track, style and tools unchanged)
render-progress = { $done }/{ $total } renders
render-too-long = episode { $episode } { $lang }: cues { $cues } do not fit the safe area in the allowed lines; they are drawn as they are
render-no-video = episode { $episode } has no video (set `video` in its episode.toml, or run `dramaloc cuts detect VIDEO`); not rendered
render-video-missing = episode { $episode }: video `{ $path }` does not exist; not rendered
render-no-track = episode { $episode } has no { $lang } track; not rendered
render-glyph-missing = episode { $episode } { $lang }: [{ $rule }] { $detail }; not rendered
render-no-market = none of the series' markets burns subtitles into video
expected-preset = one of { $presets }
expected-crf = a number from 0 to 51
render-interrupted = interrupted: { $count } { $count ->
    [one] render was
   *[other] renders were
} stopped or not started, and no partial video was left; run the same command again to finish


# preview stills (`preview`, `check --format html --previews`)

cli-preview-about = PNG stills of the subtitles as they will be burned in for a market with a [burn_in] spec, with the platform's interface zones drawn translucent on top: at --cue N, at --at TIME, or one for every position-outside-safe-area and line-too-long finding; stills go to previews/<market>/
cli-preview-arg-market = The market whose style and interface zones to show (default: the series' markets that have a [burn_in] table)
cli-preview-arg-lang = Only these languages, comma-separated BCP 47 tags (default: the market's languages the series has)
cli-preview-arg-episodes = Only these episodes (e.g. 1-5,8)
cli-preview-arg-cue = One still per track, at the middle of cue N
cli-preview-arg-at = One still per track, at this time: seconds (12.5) or HH:MM:SS.mmm (00:00:12.500)
cli-preview-arg-output = Folder for the stills (default: previews/<market>/ in the series; with several markets, one subfolder per market)
cli-preview-arg-jobs = Stills made at the same time (default: the number of cores)
cli-check-arg-previews = With --format html: embed preview stills of the position-outside-safe-area and line-too-long findings beside each timeline, drawn for --market (default: the series' market with a [burn_in] table); needs ffmpeg
preview-nothing = { $market }: no position-outside-safe-area or line-too-long finding in the selected tracks; nothing to preview
preview-no-track = episode { $episode } has no { $lang } track; no preview
preview-no-cue = episode { $episode } { $lang }: there is no cue { $cue } (the track has { $cues }); no preview
preview-after-end = episode { $episode }: { $at } is past the end of its video ({ $duration }); no preview
preview-video-missing = episode { $episode }: video `{ $path }` does not exist; previewed on a neutral frame
preview-glyph-missing = episode { $episode } { $lang }: [{ $rule }] { $detail }; previewed anyway, but `render` will refuse this track
preview-html-only = --previews goes with --format html
hint-preview-html-only = for example `dramaloc check --format html --previews -o report.html`
preview-html-series-only = --previews needs a series, not loose files
preview-html-no-market = --previews needs a market that burns subtitles in, and none of the series' markets does
hint-preview-html-no-market = name one with `--market tiktok` (or reels, shorts, jp-amazon), or add one to `markets` in series.toml
expected-cue-number = a cue number from 1 up
expected-preview-time = seconds (12.5) or a time HH:MM:SS.mmm (00:00:12.500)
report-html-preview-caption = { $lang } cue { $cue } at { $time }, as burned in for { $market }: { $rules }

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

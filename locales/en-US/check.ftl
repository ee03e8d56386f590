## check: help, summary, explain.

cli-check-about = Check timing and readability of the series (or of loose files) against shot changes and each language's limits
cli-check-arg-files = Loose subtitle files to check instead of the series
cli-check-arg-episodes = Episodes to check: 1-5,8,10-12 (default: all)
cli-check-arg-lang = Languages to check, comma-separated BCP 47 tags (default: all)
cli-check-arg-market = Use the limits and required languages of this market (us, latam, br, …)
cli-check-arg-preset = Timing preset: vertical (default), netflix or aegisub
cli-check-arg-cuts = Cut list for loose files (any format `cuts import` reads)
cli-check-arg-fps = Frame rate for loose files (default: the series frame rate, else 30)
cli-check-arg-duration = Video duration in milliseconds for loose files
cli-check-arg-fix = Apply the safe automatic fixes (timing only; words are never changed)
cli-check-arg-dry-run = With --fix: list the edits without writing anything
cli-check-arg-explain = Print what a rule checks, why, and its limits for a language (--lang) and frame rate
cli-check-arg-output = Write the report to FILE instead of standard output
cli-check-arg-jobs = Episodes checked at once (default: the number of cores)

check-summary = checked { $files } { $files ->
        [one] file
       *[other] files
    } with { $cues } cues: { $errors } { $errors ->
        [one] error
       *[other] errors
    }, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }, { $infos } info
check-suppressed = { $count } { $count ->
        [one] finding is
       *[other] findings are
    } suppressed in series.toml
hint-check-fix = { $count } { $count ->
        [one] finding has
       *[other] findings have
    } a safe automatic fix: run `dramaloc check --fix --dry-run` to see the edits
check-cue-number = cue { $cue }
severity-error = error
severity-warning = warning
severity-info = info
check-explain-fixable = fixed by --fix
check-explain-not-fixable = not fixed automatically
check-explain-limits = Limits ({ $preset } preset, { $lang }, { $fps } fps):
    characters per line { $cpl }, lines { $lines }, characters per second { $cps } (counting: { $counting }, { $mode })
    duration { $min }–{ $max } ms, minimum gap { $gap } frames, gaps up to { $chain } frames are chained
    shot-change window { $window } frames: starts 1–{ $after } frames after a cut and 1–{ $red } before go onto it, { $greenfrom }–{ $green } before go { $window } frames before it
    ends from { $outbefore } frames before to { $outafter } after a cut go { $offset } frames before it
    a translation may differ from its source by up to { $sync } frames

expected-episode-list = episode numbers and ranges such as 1-5,8,10-12
expected-rule-id = one of: { $rules }
error-unknown-market = unknown market `{ $id }`
hint-unknown-market = built-in markets: { $known }; add your own as markets/<id>.toml in the series
status-qc = quality: { $errors } { $errors ->
        [one] error
       *[other] errors
    } (✗), { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    } (⚠); run `dramaloc check` for the details

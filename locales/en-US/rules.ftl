## Check rules: what each checks and why (check --explain), findings and hints.

rule-parse-error-what = The file can be decoded and parsed in its format.
rule-parse-error-why = A file that does not parse cannot be checked, converted or delivered; distributors reject it.
hint-parse-error = fix the file at that line, or re-import it from the delivery with `dramaloc import --force`

rule-track-missing-what = Every episode has a track in every language the series (or the market given with --market) is delivered in.
rule-track-missing-why = A bundle with a missing episode track is rejected at upload.
finding-track-missing = the `{ $lang }` track is missing
hint-track-missing = translate it with `dramaloc translate --to { $lang }` or import it with `dramaloc import`

rule-cues-overlap-what = A cue starts before the previous cue ends.
rule-cues-overlap-why = Players show overlapping cues stacked or drop one of them.
finding-cues-overlap = overlaps cue { $previous } by { $ms } ms
hint-cues-overlap = end the previous cue { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before this one starts

rule-gap-too-small-what = Two cues are closer than the minimum gap (2 frames by default, at every frame rate).
rule-gap-too-small-why = With less than two frames between them the eye does not see a new subtitle appear: it reads as one flickering cue.
finding-gap-too-small = only { $frames } { $frames ->
        [one] frame
       *[other] frames
    } after the previous cue; the minimum is { $min }
hint-gap-too-small = end the previous cue { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before this one starts

rule-gap-not-chained-what = A gap between two cues is longer than the minimum but no longer than the chaining threshold (half a second by default) and has no shot change in it.
rule-gap-not-chained-why = Short gaps make subtitles blink on and off; style guides chain them: the first cue ends the minimum gap before the next.
finding-gap-not-chained = { $frames } { $frames ->
        [one] frame
       *[other] frames
    } after the previous cue: chain the two cues
hint-gap-not-chained = end the previous cue { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before this one starts

rule-cue-too-short-what = A cue is on screen for less than the minimum duration (5/6 of a second by default).
rule-cue-too-short-why = Even a short line needs time to be noticed and read.
finding-cue-too-short = on screen for { $ms } ms; the minimum is { $min } ms
hint-cue-too-short = extend it to { $min } ms, or merge it with a neighbour

rule-cue-too-long-what = A cue is on screen longer than the maximum duration (7 seconds by default).
rule-cue-too-long-why = Viewers start re-reading a subtitle that stays too long; it usually means the timing slipped.
finding-cue-too-long = on screen for { $ms } ms; the maximum is { $max } ms
hint-cue-too-long = end it after { $max } ms, or split it

rule-cue-starts-near-shot-change-what = A cue starts a few frames after a shot change, or a few frames before one (within half a second).
rule-cue-starts-near-shot-change-why = A subtitle that appears just before a cut flashes across it, and one that appears just after looks late; both distract. Starts belong on the cut, or half a second before it.
finding-starts-after-cut = starts { $frames } { $frames ->
        [one] frame
       *[other] frames
    } after the shot change at { $at }
finding-starts-before-cut = starts { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before the shot change at { $at }
hint-start-on-cut = start on the shot change at { $at }
hint-start-before-cut = start { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before the shot change, at { $at }

rule-cue-ends-near-shot-change-what = A cue ends on a shot change, a few frames before it, or a few frames after it.
rule-cue-ends-near-shot-change-why = Ending on the cut or a frame before it flickers; a subtitle carried a few frames into the next shot is jarring. Ends belong 2 frames before the cut.
finding-ends-on-cut = ends on the shot change at { $at }
finding-ends-before-cut = ends { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before the shot change at { $at }
finding-ends-after-cut = ends { $frames } { $frames ->
        [one] frame
       *[other] frames
    } after the shot change at { $at }
hint-end-before-cut = end { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before the shot change, at { $at }

rule-cue-crosses-shot-change-what = A cue stays on screen across a shot change that is far from both its start and its end.
rule-cue-crosses-shot-change-why = Allowed when the dialogue runs across the cut, but a subtitle should not be carried into a new scene.
finding-cue-crosses-shot-change = stays on screen across the shot change at { $at }
hint-cue-crosses-shot-change = if the line belongs to one shot, split the cue at the cut or end it 2 frames before

rule-cue-outside-episode-what = A cue ends after the end of the episode's video.
rule-cue-outside-episode-why = Timed text must fit the video; players and distributors cut or reject what runs past the end.
finding-cue-outside-episode = ends at { $end }, after the end of the video at { $duration }

rule-timestamp-off-frame-what = A start or end time is not on a frame boundary of the episode's frame rate (1 ms tolerance; 5 ms for ASS centiseconds).
rule-timestamp-off-frame-why = A time between frames is shown at a frame the editor did not choose, and shot-change distances become ambiguous.
finding-timestamp-off-frame = { $time } is not on a frame at { $fps } fps; the nearest frame starts at { $nearest }

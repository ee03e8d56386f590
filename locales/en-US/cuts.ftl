## Cut points (shot changes).

cuts-error-empty = the file holds no cut points
cuts-error-bad-time = `{ $found }` is not a time
cuts-error-bad-frame-rate = `{ $found }` is not a frame rate
cuts-error-needs-frame-rate = frame numbers and timecodes need a frame rate; pass `--fps`
cuts-error-needs-unit = whole numbers need a unit: seconds, milliseconds or frames
cuts-error-transition-mismatch = the dissolve of event `{ $found }` does not follow an edit of the same event

cuts-import-done = imported { $cuts } cut points from `{ $input }` ({ $source }) into `{ $target }`
error-cuts = cannot read the cut list `{ $path }` at line { $line }
hint-cuts-unit = name the unit with `--unit s|ms|frames`

## Subtitle formats and encodings: parse errors and warnings.

parse-error-empty = the file has no subtitle content
parse-error-not-format = this does not look like { $format }
parse-error-bad-timestamp = `{ $found }` is not a valid timestamp
parse-error-missing-timing = a timing line (`start --> end`) was expected here
parse-error-end-before-start = the cue ends ({ $end }) before it starts ({ $start })
parse-error-time-out-of-range = the time is out of range
parse-error-vtt-signature = a WebVTT file must start with `WEBVTT`
parse-error-ass-missing-field = the `[Events]` `Format:` line does not name `{ $field }`
parse-error-ass-field-count = the event has { $found } fields but the `Format:` line names { $expected }
parse-error-xml = the XML is malformed: { $detail }
parse-error-ttml-no-root = the document has no `<tt>` root element
parse-error-ttml-bad-time = `{ $found }` is not a valid TTML time expression
parse-error-too-deep = elements are nested deeper than { $limit } levels

parse-warning-dot-before-millis = `.` instead of `,` before the milliseconds (accepted)
parse-warning-short-fraction = a fraction with fewer than three digits in `{ $found }` (read as tenths or hundredths of a second)
parse-warning-missing-fraction = a timestamp without milliseconds in `{ $found }` (read as whole seconds)
parse-warning-index-out-of-order = cue number `{ $found }` is out of order
parse-warning-skipped-block = a block that is not a cue was skipped (kept in the file as it is)
parse-warning-end-before-start = a cue ends before it starts; it is kept with zero duration
parse-warning-ass-millis-fraction = `{ $found }` has three fractional digits; ASS times are centiseconds and libass may read it differently
parse-warning-ttml-unsupported = { $what } is not supported and was ignored

parse-warning-ttml-lenient-time = non-standard TTML time `{ $found }` was accepted (read as clock time or seconds)
parse-warning-ttml-open-end = a paragraph has no end time; it is kept on screen until 9999:00:00.000
decode-error-malformed = the bytes at offset { $offset } are not valid { $encoding }
decode-error-control = offset { $offset } holds the control character { $code }, which subtitles never contain (read as { $encoding })
decode-error-bom-conflict = the file starts with a { $bom } byte order mark but the encoding given is { $encoding }
detect-error-unknown = the content matches no supported subtitle format (SRT, WebVTT, ASS/SSA, TTML)
detect-error-conflict = the content looks like { $content } but the file name says { $extension }

## report: the JUnit and HTML reports of `check`.

# JUnit: the `message` attribute of a track's one <failure>: its first error, and how many more.
report-junit-failure = { $more ->
        [0] { $first }
       *[other] { $first } (and { $more } more)
    }

report-html-title = Subtitle check report
report-html-title-series = Subtitle check report: { $series }
report-html-meta = preset { $preset } · market { $market } · dramaloc { $version }
report-html-nothing-checked = No files were checked.
report-html-count-files = files
report-html-count-cues = cues
report-html-count-errors = errors
report-html-count-warnings = warnings
report-html-count-infos = info
report-html-count-suppressed = suppressed
report-html-count-fixable = fixable
report-html-count-edits = edits
report-html-legend-cue = cue without findings
report-html-legend-cut = shot change
report-html-legend-marker = where a finding points
report-html-episode = Episode { $number }
report-html-loose-files = Files
report-html-episode-counts = { $files } { $files ->
        [one] file
       *[other] files
    }, { $cues } cues: { $errors } { $errors ->
        [one] error
       *[other] errors
    }, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }, { $infos } info
report-html-axis = time (s)
report-html-timeline-label = Timeline of { $episode }: cues of every track against the shot changes
report-html-no-findings = No findings.
report-html-col-location = Where
report-html-col-time = Time
report-html-col-severity = Severity
report-html-col-rule = Rule
report-html-col-message = Finding
report-html-col-hint = Hint
report-html-col-edit = Edit
report-html-col-before = Before
report-html-col-after = After
report-html-edit-retime = retimed
report-html-edit-rebreak = line breaks changed

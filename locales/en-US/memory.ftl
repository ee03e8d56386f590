# translation memory messages

cli-tm-about = The series' translation memory (.dramaloc/tm.sqlite): statistics, TMX export and import
cli-tm-stats-about = Entries per language pair, and entries and billed units per backend and model
cli-tm-export-about = Write the memory, or one language pair, as a TMX 1.4b file for CAT tools
cli-tm-export-arg-file = The TMX file to write (`-` for standard output)
cli-tm-export-arg-from = Only entries from this source language
cli-tm-export-arg-to = Only entries into this target language
cli-tm-export-arg-force = Replace an existing file
cli-tm-import-about = Add the translation units of a TMX file (Trados, memoQ, OmegaT, dramaloc…) to the memory
cli-tm-import-arg-file = The TMX file to read (UTF-8 or UTF-16)
cli-tm-import-arg-overwrite = Replace the target of entries already in the memory (default: keep them)

error-memory-sqlite = cannot use the translation memory `{ $path }`
error-memory-schema-too-new = the translation memory `{ $path }` has schema version { $found }; this dramaloc knows versions up to { $known }
error-memory-corrupt = the translation memory `{ $path }` holds data dramaloc did not write
hint-memory-schema-too-new = a newer dramaloc wrote this file: upgrade dramaloc (the file is left as it is)
hint-memory-not-a-database = `{ $path }` is not an SQLite database: move it away and dramaloc creates a new one
hint-memory-busy = another dramaloc holds the translation memory: wait for it to finish and run this again

error-tmx-invalid = `{ $path }`:{ $line }:{ $column }: not a valid TMX file
error-tmx-not-tmx = `{ $path }`:{ $line }:{ $column }: not a TMX file
tmx-error-encoding = the bytes here are neither UTF-8 nor UTF-16
tmx-error-root = the root element is `<{ $root }>`, not `<tmx>`
tmx-error-no-body = there is no `<body>` element
hint-tmx-encoding = save the file as UTF-8 (or UTF-16 with a byte order mark) and import it again
hint-tmx-invalid = the file is not well-formed XML at that place; export it again from your CAT tool, or check it with an XML validator
hint-tmx-not-tmx = export a TMX file from your CAT tool (usually File → Export → TMX) and import that

tmx-skip-no-source-language = no source language (neither `<tu srclang>` nor the header's `srclang`)
tmx-skip-no-source-tuv = no `<tuv>` in the source language `{ $lang }`
tmx-skip-no-target = only the source language, nothing to translate into
tmx-skip-no-language = a `<tuv>` without `xml:lang`
tmx-skip-invalid-language = `{ $tag }` is not a valid language tag
tmx-skip-no-segment = the `{ $lang }` `<tuv>` has no `<seg>`
tmx-skip-empty-segment = the `{ $lang }` segment is empty

tm-col-pair = LANGUAGES
tm-col-entries = ENTRIES
tm-col-backend = BACKEND
tm-col-model = MODEL
tm-col-billed = BILLED
tm-billed = { $units } { $unit ->
        [tokens] tokens
       *[characters] characters
    }
tm-stats-empty = the translation memory `{ $path }` is empty
hint-tm-empty = `dramaloc translate` fills it, and `dramaloc tm import FILE` adds a TMX file from a CAT tool
tm-stats-summary = { $entries } { $entries ->
        [one] entry
       *[other] entries
    } in { $pairs } language { $pairs ->
        [one] pair
       *[other] pairs
    } (`{ $path }`)
tm-export-nothing = no entries match: the TMX file has an empty body
tm-export-done = exported { $entries } { $entries ->
        [one] entry
       *[other] entries
    } → { $path }
tm-import-skipped = `{ $path }`: skipped { $count } × { $reason } (line { $lines })
tm-import-inline-tags = dropped { $count } inline { $count ->
        [one] tag
       *[other] tags
    } (`<bpt>`, `<ept>`, `<ph>`, `<it>`…) from segments, keeping the text inside them
tm-import-done = imported `{ $path }`: { $units } translation units → { $added } added, { $kept } already present (kept), { $replaced } replaced, { $skipped } skipped
hint-tm-import-overwrite = pass `--overwrite` to replace the targets already in the memory with the file's

## Messages of the commands, errors and hints.

label-error = error:
label-caused-by = caused by:
label-hint = hint:
label-warning = warning:

error-io-read = cannot read `{ $path }`
error-io-write = cannot write `{ $path }`
error-io-create-dir = cannot create the folder `{ $path }`
error-io-list = cannot list the folder `{ $path }`
io-not-found = it does not exist
io-permission-denied = permission denied
io-already-exists = it already exists
error-config = `{ $path }` line { $line }, column { $column }: the settings are invalid
error-config-value = `{ $path }`: `{ $value }` is not a valid value for `{ $key }`
error-no-series = no series found in `{ $path }` or any folder above it
error-series-exists = `{ $path }` already exists
error-language-tag = `{ $tag }` is not a valid language tag
language-canonicalized = `{ $given }` is written `{ $tag }` in dramaloc (canonical BCP 47 tag for subtitle tracks)
language-error-underscore = BCP 47 tags use `-`, not `_`
language-error-latin-america = `LA` is the region code of Laos, not Latin America
language-error-invalid = a language tag looks like `en-US`, `pt-BR`, `zh-Hans` or `es-419`
error-read-subtitle = cannot read the subtitles in `{ $path }`
error-read-subtitle-at = cannot read the subtitles in `{ $path }` at line { $line }, column { $column }
error-encode = cannot write `{ $path }` in the requested encoding
encode-error-unmappable = the character `{ $ch }` ({ $code }) at position { $offset } cannot be written in this encoding
encode-error-unsupported = text cannot be written in { $encoding }
error-invalid-value = `{ $value }` is not a valid value for `{ $flag }`
error-would-overwrite = `{ $path }` already exists
error-internal = internal error

expected-episode-number = an episode number from 1 to { $max }
expected-format = one of { $formats }
expected-frame-rate = a frame rate such as `30`, `25`, `29.97` or `30000/1001`
expected-resolution = a resolution such as `1080x1920`
expected-series-id = lowercase letters, digits and `-`, at most 64 characters
expected-encoding = an encoding such as `utf-8`, `utf-16le`, `gb18030`, `big5`, `shift_jis`, `windows-1256`

hint-no-series = run `dramaloc init` in the series folder, or pass `-C DIR`
hint-use-force = pass `--force` to overwrite
hint-language-tag = did you mean `{ $tag }`?
hint-series-toml = see the series settings in the README (`series.toml`)
hint-encoding = convert the file to UTF-8, or check that it is really a subtitle file
hint-format = name the format with `--from srt|vtt|ass|ssa|ttml`
hint-did-you-mean = did you mean `{ $suggestion }`?
hint-help = see `dramaloc --help`
hint-possible-values = possible values: { $values }
hint-import-episode = name the episode with `--episode N`
hint-import-language = name the language with `--lang TAG`
hint-after-init = import subtitles with `dramaloc import PATH...`
hint-convert-to = name the target format with `--to srt|vtt|ass|ssa|ttml`

cli-error-unknown-argument = unexpected argument `{ $arg }`
cli-error-unknown-command = unknown command `{ $command }`
cli-error-invalid-value = `{ $value }` is not a valid value for `{ $arg }`
cli-error-missing-argument = a required argument is missing: { $arg }
cli-error-missing-command = a command is required
cli-error-conflict = `{ $arg }` cannot be used with `{ $other }`
cli-error-unexpected-value = unexpected value `{ $value }`
cli-error-other = the command line is invalid

init-done = created `{ $path }`

import-line = { $input } → { $target } { $outcome ->
    [imported] imported
    [replaced] replaced
    [unchanged] unchanged
    [would-import] would import
    [would-replace] would replace
   *[refused] refused
}
import-line-untargeted = { $input } { $outcome ->
    [unchanged] unchanged
   *[refused] refused
}
import-detail = episode { $episode } ({ $episode_source ->
    [flag] from --episode
    [file-name] from the file name
    [folder-name] from the folder name
   *[none] unknown
}) · { $language } ({ $language_source ->
    [flag] from --lang
    [file-name] from the file name
    [folder-name] from the folder name
    [text] from the script of the text
   *[none] unknown
}) · { $format } · { $encoding } ({ $confidence ->
    [bom] byte order mark
    [certain] certain
    [heuristic] detected
    [guess] guessed
   *[given] given
}) · { $cues } cues
import-refused-unreadable = the file cannot be read as subtitles
import-refused-unreadable-at = the file cannot be read as subtitles (line { $line }, column { $column })
import-refused-no-episode = the episode number is in neither the file name nor a folder name
import-refused-no-language = the language is not in the file name and the text does not tell it (script: { $script })
import-refused-language-conflict = the name says `{ $tag }` but the text is written in { $script }
import-refused-duplicate = another input claims the same track: `{ $other }`
import-refused-exists = the series already has this track: `{ $path }`
import-refused-write-failed = the track could not be written: { $detail }
import-nothing-found = no subtitle files found (looked for .srt, .vtt, .ass, .ssa, .ttml, .dfxp, .xml)
import-summary = { $dry_run ->
    [yes] dry run: { $planned } to import, { $unchanged } unchanged, { $refused } refused; nothing was written
   *[no] { $imported } imported, { $unchanged } unchanged, { $refused } refused
}

status-title = { $title } ({ $id }) · source language { $source }
status-column-episode = episode
status-column-cuts = cuts
status-missing = missing tracks ({ $count }): { $tracks }
status-unreadable = episode { $episode }, { $lang }: the track cannot be read
status-summary = { $episodes } episodes, { $languages } languages, { $missing } missing tracks, { $unreadable } unreadable

convert-error-no-target-format = cannot tell the target format from `{ $path }`
convert-dropped = { $feature ->
    [color] colour
    [font] font
    [position] exact position
    [horizontal-alignment] horizontal alignment
    [underline] underline
    [strikeout] strikeout
    [karaoke] karaoke timing
    [animation] animation
    [drawing] drawing
    [voice] voice spans
    [class] classes
    [ruby] ruby annotations
    [inline-timestamp] inline timestamps
    [style] styles
    [comment] comment events
    [millisecond-precision] millisecond timing (rounded to centiseconds)
   *[other] other markup
} dropped from { $cues } cues: { $format } cannot express it
convert-parse-warning = `{ $path }` line { $line }: { $warning }
convert-done = converted `{ $input }` ({ $from }) to `{ $output }` ({ $to }, { $encoding }), { $cues } cues

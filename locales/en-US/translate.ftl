## dramaloc translate

cli-translate-about = Translate the series' tracks through a backend (DeepL, pseudo, OpenCC…), with translation memory, glossary and a journal that never pays twice
cli-translate-arg-to = Target languages, comma-separated BCP 47 tags (default: the languages of [translate.languages] in series.toml)
cli-translate-arg-episodes = Only these episodes (e.g. 1-5,8)
cli-translate-arg-backend = Use this backend for every target language (deepl, google, azure, libre, openai, command, pseudo, opencc)
cli-translate-arg-dry-run = Print lines, characters (tokens for LLMs), requests and estimated cost per language, and send nothing
cli-translate-arg-force = Translate again cues that already have a target text (the memory still answers what it knows)
cli-translate-arg-rate = Requests per second at most (over series.toml)
cli-translate-arg-concurrency = Requests in flight at once (over series.toml)

expected-positive-number = a number above 0

translate-skipped-existing = { $lang }: { $count ->
    [one] 1 episode already has
   *[other] { $count } episodes already have
} a complete track; left as it is (use --force to translate again)
translate-col-language = language
translate-col-backend = backend
translate-col-lines = lines to send
translate-col-memory = from memory
translate-col-characters = characters
translate-col-billed = billed
translate-col-requests = requests
translate-col-cost = est. cost
translate-tokens = { $input } tokens in, ~{ $output } out
translate-dry-run-summary = Dry run: { $requests ->
    [one] 1 request
   *[other] { $requests } requests
} would be sent, estimated cost { $total }; nothing was sent.
translate-summary = { $lang } ({ $backend }): { $cues } cues; { $translated } lines translated, { $memory } from memory; { $requests } requests, { $retries } retries; { $billed } { $unit } billed; { $tracks ->
    [one] 1 track
   *[other] { $tracks } tracks
} written
translate-failed-units = { $lang }: { $count ->
    [one] 1 line
   *[other] { $count } lines
} got no translation; their episodes were not written
translate-markup-lost = { $cue }: the engine dropped the tag { $tag }; check the cue
translate-glossary-miss = { $path } cue { $cue }: { $message }

error-translate-unknown-backend = unknown translation backend `{ $id }`
hint-translate-backends = backends: { $known }
error-translate-unsupported = { $backend } cannot translate { $source } into { $target }
hint-translate-unsupported = choose another backend for this language in [translate.languages] of series.toml, or with --backend
error-translate-missing-key = no API key for { $backend }
hint-translate-missing-key = set { $vars } in the environment, or put the key under [keys] in the user config file (never in series.toml)
error-translate-setting = invalid settings for { $backend }
error-translate-stopped = { $backend } stopped the run for { $lang }; the lines answered so far are kept in the memory and finished episodes are written
hint-translate-stopped-auth = check the key: the backend refused it
hint-translate-stopped-quota = the account's quota or balance is used up; run again when it is renewed, nothing answered is requested again
hint-translate-stopped = run the same command again: nothing already answered is requested again
error-translate-no-target = no target language
error-translate-same-language = { $lang } is the series' source language
error-translate-no-backend = no backend chosen for { $lang }
hint-translate-choose-backend = pass --backend, or set backend (or [translate.languages]) in the [translate] table of series.toml

## dramaloc glossary check

cli-glossary-about = The series glossary (glossary.toml)
cli-glossary-check-about = Show how each glossary term is rendered across episodes, per language, and list the cues that render it otherwise
cli-glossary-check-arg-lang = Only these target languages (comma-separated BCP 47 tags)
glossary-none = no glossary at { $path }
glossary-term-approved = { $term } → { $lang }: the approved `{ $rendering }` is in { $consistent } of { $uses } cues; not in:
glossary-term-inferred = { $term } → { $lang }: no approved rendering; `{ $rendering }` is in { $consistent } of { $uses } cues (add it to glossary.toml if right); not in:
glossary-check-summary = { $terms ->
    [one] 1 term rendering
   *[other] { $terms } term renderings
} checked in { $languages ->
    [one] 1 language
   *[other] { $languages } languages
}; { $inconsistent } rendered inconsistently

# markets messages

cli-markets-about = List the market specs (built-in and the series' own), or show one resolved
cli-markets-show-about = Print one market spec with every default filled in, and its limits per language
cli-markets-show-arg-id = Market id (us, latam, br, …, or one of the series' markets/*.toml)

markets-col-id = ID
markets-col-name = NAME
markets-col-languages = LANGUAGES
markets-col-format = FORMAT
markets-col-packaging = PACKAGING
markets-col-origin = FROM
markets-all-languages = (every language)
markets-origin-builtin = built-in
markets-origin-user = { $path }
markets-origin-override = { $path } (replaces the built-in)
hint-markets-show = `dramaloc markets show ID` prints a spec with its limits; `(tag)` marks an optional language
markets-limits-heading = limits per language (preset { $preset }, { $fps } fps):
markets-limits-line = { $lang }: { $cpl } characters per line, { $lines } lines, { $cps } characters per second, { $min }–{ $max } ms per cue

error-market-spec = { $path }: invalid value `{ $value }` for `{ $key }`
hint-market-spec = see docs/markets.md for every key of a market spec and its allowed values
market-error-id-file = the id must be the file name without `.toml`
market-error-language = not a canonical BCP 47 tag (e.g. `pt-BR`, `es-419`, `zh-Hant-TW`)
market-error-duplicate-language = the language is listed twice
market-error-encoding = unknown encoding label (e.g. `utf-8`, `utf-16le`, `windows-1252`)
market-error-bom = this encoding has no byte order mark
market-error-naming = the template must name {"{"}episode{"}"} and {"{"}lang{"}"}, use only known placeholders, and stay inside the bundle (no `..`, `/` at the start, `\` or `:`)
market-error-safe-area = the safe area is empty or larger than the 1080×1920 reference frame
market-error-burn-in = impossible burn-in setting: size 12–300 px, outline and shadow 0–40 px, colours as #RRGGBB, crf 0–51, an x264 preset (ultrafast … veryslow), fonts as four-letter script codes with a family name
market-error-max-lines = at least one line per cue
market-error-timing = a timing limit is out of range
market-error-extends-cycle = the specs extend each other in a cycle

## rules-text
## Text, readability and file rules: what each checks and why (check --explain), findings and hints.

rule-cue-empty-what = A displayed cue has no visible text: only spaces, markup or invisible characters.
rule-cue-empty-why = Players show an empty box or a blank flash, and distributors reject empty events.
finding-cue-empty = the cue has no visible text
hint-cue-empty = delete the cue, or write the missing text

rule-reading-speed-too-high-what = A cue has more characters per second than the language's limit: all its lines, counted by the language's rule, over the cue's own duration.
rule-reading-speed-too-high-why = Viewers cannot finish a subtitle that reads faster than this; they miss either the line or the picture.
finding-reading-speed-too-high = { $cps } characters per second; the limit is { $max } ({ $chars } characters in { $ms } ms)
hint-reading-speed-too-high = keep it on screen for at least { $ms } ms, or shorten the text

rule-line-too-long-what = A line is wider than the characters-per-line limit, counted by the language's rule (a half-width CJK character counts 0.5).
rule-line-too-long-why = Long lines run past the edges of a vertical frame or under the platform's buttons, and take longer to read.
finding-line-too-long = line { $line } has { $chars } characters; the limit is { $max }

rule-too-many-lines-what = A cue has more lines than allowed (2 by default).
rule-too-many-lines-why = A third line covers the picture and the platform's interface, and is rarely read.
finding-too-many-lines = { $lines } lines; at most { $max } are allowed

hint-rebreak = run `dramaloc check --fix` to re-break the lines
hint-rebreak-by-hand = re-break the lines by hand: `check --fix` leaves cues with inline markup alone
hint-text-does-not-fit = the text does not fit in { $lines } { $lines ->
    [one] line
   *[other] lines
} of { $max } characters: shorten it or split the cue

rule-invalid-glyph-what = A cue contains characters that render as empty boxes or garbage: U+FFFD, control characters, private-use characters, noncharacters, a combining mark at the start of a line, or text that looks decoded with the wrong encoding.
rule-invalid-glyph-why = Such characters come from broken conversions; viewers see tofu or gibberish, and burned-in video keeps it forever.
finding-invalid-glyph = { $kind ->
    [replacement] the replacement character `{ $code }`
    [control] the control character `{ $code }`
    [private-use] the private-use character `{ $code }`
    [noncharacter] the noncharacter `{ $code }`
    [lone-mark] the combining mark `{ $code }` with nothing to attach to
   *[other] the character `{ $code }`
} at line { $line }, column { $column }{ $count ->
    [1] {""}
   *[other] {" "}({ $count } such characters in the cue)
}
hint-invalid-glyph = re-import the file from the original delivery, or fix the text by hand
finding-mojibake = `{ $text }` at line { $line }, column { $column } looks like text decoded with the wrong encoding{ $count ->
    [1] {""}
   *[other] {" "}({ $count } places in the cue)
}
hint-mojibake = re-import the original file so that its encoding is detected again, or fix the text by hand

rule-position-outside-safe-area-what = Positioned text (ASS position, alignment and margins; WebVTT line and position; TTML regions) lies outside the 9:16 safe area: x 120–780 (to 888 above y 840), y 288–1248 at 1080×1920.
rule-position-outside-safe-area-why = TikTok, Reels and Shorts draw captions, buttons and the progress bar over the top, bottom and right of the frame; subtitles there are hidden.
finding-position-outside-safe-area = { $how ->
    [style] style `{ $name }` places { $cues ->
        [one] a cue
       *[other] { $cues } cues
    }
    [margins] the cue's own margins place it
    [region] region `{ $name }` places it
   *[setting] `{ $name }` places it
} at { $at }, outside the safe area x { $safe_left }–{ $safe_right }, y { $safe_top }–{ $safe_bottom } at { $width }×{ $height }
hint-position-outside-safe-area = keep subtitles inside the safe area: bottom-centred text should end at y { $safe_bottom }, { $margin } px above the bottom edge

rule-language-tag-invalid-what = The language tag a file is named by (or a TTML document's xml:lang) is a valid BCP 47 tag in canonical form.
rule-language-tag-invalid-why = Distributors match subtitle files to languages by their tags; `pt_BR`, `es-LA` (Laos) or `in` are rejected or read as the wrong language.
finding-language-tag-invalid = { $place ->
    [manifest] the manifest's language `{ $tag }`
    [xml-lang] the xml:lang `{ $tag }`
   *[file-name] the file name's tag `{ $tag }`
} is not a valid BCP 47 language tag
finding-language-tag-not-canonical = { $place ->
    [manifest] the manifest's language `{ $tag }`
    [xml-lang] the xml:lang `{ $tag }`
   *[file-name] the file name's tag `{ $tag }`
} is not in canonical form: `{ $canonical }`
hint-language-tag-canonical = { $place ->
    [manifest] write "language": "{ $tag }" in manifest.json and name the file with it
    [xml-lang] set xml:lang="{ $tag }"
   *[file-name] rename the file to `{ $tag }` with its extension
}
hint-language-tag-invalid = { $place ->
    [manifest] write the track's BCP 47 tag in manifest.json, e.g. `pt-BR`
    [xml-lang] set xml:lang to the track's language tag, e.g. `pt-BR`
   *[file-name] name the file by its language tag, e.g. `pt-BR.srt`
}

rule-bom-present-what = A file starts with a byte order mark its destination does not want (without a preference, a UTF-8 BOM is noted as information).
rule-bom-present-why = Some players and upload checks show a UTF-8 BOM as a stray character or refuse the file.
finding-bom-present = the file starts with a { $encoding } byte order mark
hint-bom-present = save it without a byte order mark (`dramaloc convert` writes none unless given `--bom`)

rule-bom-missing-what = A file has no byte order mark although its destination requires one.
rule-bom-missing-why = Players that require a BOM guess a legacy encoding without one and show garbage.
finding-bom-missing = the file has no byte order mark ({ $encoding }); the destination requires one
hint-bom-missing = write it with a byte order mark: `dramaloc convert IN OUT --bom`

rule-encoding-not-utf8-what = A file is not encoded in UTF-8.
rule-encoding-not-utf8-why = Distributors and most players expect UTF-8; legacy encodings cannot hold every language of a series.
finding-encoding-not-utf8 = the file is encoded in { $encoding }, not UTF-8
hint-encoding-not-utf8 = save it as UTF-8: `dramaloc import` stores tracks as UTF-8, and `dramaloc convert IN OUT` writes UTF-8

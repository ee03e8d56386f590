## rules-align: target-vs-source and glossary rules (untranslated-text, cue-count-mismatch,
## timing-mismatch, glossary-term-missing, forbidden-term).

rule-untranslated-text-what = A cue of a translated track still holds source text: letters of the source script the target language does not use, or, between languages sharing a script, a long cue identical to its source cue.
rule-untranslated-text-why = Viewers cannot read text left in the source language, and a distributor's QC rejects the file; it usually means a line was skipped or a machine translation failed silently.
finding-untranslated-script = source text left in the cue: `{ $text }` ({ $count ->
    [one] one character
   *[other] { $count } characters
})
finding-untranslated-identical = identical to source cue { $cue }: `{ $text }`
hint-untranslated-text = translate it; if it is meant to stay as written, add it to glossary.toml with `do_not_translate = true`

rule-cue-count-mismatch-what = A translated track shows a different number of cues than the source track of the same episode.
rule-cue-count-mismatch-why = Translations keep the source's segmentation unless a line was merged, split, added or lost; a lost line is a gap in the story.
finding-cue-count-mismatch = { $count } cues, but the `{ $lang }` source track has { $source }
hint-cue-count-mismatch = find where the tracks part ways (the `timing-mismatch` findings point there), then merge, split or restore cues to follow the source

rule-timing-mismatch-what = A translated cue starts or ends more than the tolerance (3 frames by default) away from the source cue it translates, overlaps no source cue, or the whole track drifts or is shifted against the source.
rule-timing-mismatch-why = The source track is timed to the speech and the shot changes; a translation timed differently shows lines before they are spoken or after, and a drift means the track was timed for a different frame rate.
finding-timing-later = { $frames } { $frames ->
        [one] frame
       *[other] frames
    } later than source cue { $cue }
finding-timing-earlier = { $frames } { $frames ->
        [one] frame
       *[other] frames
    } earlier than source cue { $cue }
finding-timing-starts-later = starts { $frames } { $frames ->
        [one] frame
       *[other] frames
    } after source cue { $cue }
finding-timing-starts-earlier = starts { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before source cue { $cue }
finding-timing-ends-later = ends { $frames } { $frames ->
        [one] frame
       *[other] frames
    } after source cue { $cue }
finding-timing-ends-earlier = ends { $frames } { $frames ->
        [one] frame
       *[other] frames
    } before source cue { $cue }
hint-timing-mismatch = time it like the source cue: { $start } → { $end }
finding-timing-no-source = overlaps no cue of the `{ $lang }` source track
hint-timing-no-source = move it onto the line it translates, or remove it if the source has no such line
finding-timing-drift-rate = the timing drifts from the source by { $percent } % ({ $ms } ms over the episode): the track looks timed at { $from } fps for { $to } fps video
finding-timing-drift = the timing drifts steadily from the source by { $percent } % ({ $ms } ms over the episode)
hint-timing-drift = re-time the whole track: multiply every time by { $factor }, or take the timing from the source track
finding-timing-offset-later = every cue is about { $frames } { $frames ->
        [one] frame
       *[other] frames
    } ({ $ms } ms) later than the source
finding-timing-offset-earlier = every cue is about { $frames } { $frames ->
        [one] frame
       *[other] frames
    } ({ $ms } ms) earlier than the source
hint-timing-offset-earlier = move the whole track { $ms } ms earlier
hint-timing-offset-later = move the whole track { $ms } ms later

rule-glossary-term-missing-what = A source cue names a glossary term (a character, place, brand…) and its translation does not use the approved rendering for the language, or does not keep a do-not-translate term as written. Short forms of names are not entries and ask for nothing.
rule-glossary-term-missing-why = Names and key terms must read the same in every episode; viewers lose track of who is who when a name changes, and distributors check term lists.
finding-glossary-term-missing = source cue { $cue } names `{ $term }`, but the approved `{ $lang }` rendering `{ $expected }` is not here
finding-glossary-term-not-kept = source cue { $cue } has `{ $term }`, which stays as written in every language, but it is not here
hint-glossary-term-missing = use `{ $expected }` as glossary.toml says, or correct the glossary entry

rule-forbidden-term-what = A text the glossary forbids (a wrong spelling of a name, a banned word) appears in a track of a language it is forbidden in.
rule-forbidden-term-why = Forbidden terms are known mistakes or words a market does not accept; one slipping through means a redelivery.
finding-forbidden-term = `{ $text }` is forbidden by the glossary
finding-forbidden-term-reason = `{ $text }` is forbidden by the glossary: { $reason }
hint-forbidden-term = reword the cue without it; if it is allowed after all, remove the entry from glossary.toml

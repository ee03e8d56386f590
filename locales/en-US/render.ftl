# burn-in rendering messages

error-render-no-font = none of the fonts { $families } is installed
hint-render-no-font = install the Noto fonts: `apt-get install fonts-noto-core fonts-noto-cjk` (fonts-noto-core has Noto Sans, Noto Sans Thai and Noto Naskh Arabic; fonts-noto-cjk has Noto Sans CJK), or name a folder holding them in DRAMALOC_FONT_DIRS
glyph-missing-in-font = cue { $cue }: `{ $char }` ({ $codepoint }) is not in { $font }; it would render as an empty box
hint-glyph-missing-in-font = replace the character in the subtitle text, or give the style a font that has it

## Help text of commands and flags.

cli-heading-usage = Usage
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-arg-help = Print help
cli-arg-version = Print version

cli-about = Localize vertical micro-drama series: subtitles per episode and language, timing checks, translation and per-market bundles
cli-arg-directory = Run as if started in DIR (the series is found from there)
cli-arg-ui-lang = Language of dramaloc's own messages (en-US or zh-CN); also DRAMALOC_LANG, LC_ALL, LANG
cli-arg-format = Output format for data: human or json (check also junit and html)
cli-arg-quiet = Print only data and errors
cli-arg-verbose = Print more detail, such as parse warnings
cli-arg-color = When to use colour: auto (default), always or never; NO_COLOR is honoured

cli-init-about = Create series.toml and the episodes folder for a new series
cli-init-arg-dir = Folder of the series (default: the current folder)
cli-init-arg-id = Series id used in file and bundle names (default: from the folder name)
cli-init-arg-title = Series title (default: the folder name)
cli-init-arg-source-lang = Language of the source subtitles (default: zh-Hans)
cli-init-arg-fps = Frame rate of the episodes: 30, 25, 29.97, 30000/1001 … (default: 30)
cli-init-arg-resolution = Video resolution, WIDTHxHEIGHT (default: 1080x1920)
cli-init-arg-force = Overwrite an existing series.toml

cli-import-about = Import subtitle files or folders into the series, finding episode, language, format and encoding
cli-import-arg-paths = Files or folders to import (folders are searched recursively)
cli-import-arg-episode = Episode number of every input (instead of reading it from the names)
cli-import-arg-lang = Language of every input, a BCP 47 tag (instead of reading it from names or text)
cli-import-arg-force = Replace existing tracks and accept conflicts and duplicates
cli-import-arg-dry-run = Report what would be imported without writing anything

cli-status-about = Show the episodes × languages matrix with cue counts and missing tracks

cli-convert-about = Convert a subtitle file to another format (works outside a series too)
cli-convert-arg-input = File to read (any supported format and encoding)
cli-convert-arg-output = File to write, or - for standard output
cli-convert-arg-to = Target format (default: from the extension of OUT)
cli-convert-arg-from = Source format (default: detected from the content)
cli-convert-arg-encoding = Encoding of the output (default: utf-8)
cli-convert-arg-bom = Write a byte order mark
cli-convert-arg-force = Overwrite OUT if it exists

cli-cuts-about = Shot changes (cut points) of the episodes
cli-cuts-import-about = Import a cut list into an episode's cuts.txt (Aegisub keyframes, x264 stats, PySceneDetect CSV, CMX3600 EDL, Subtitle Edit .shotchanges, plain lists)
cli-cuts-import-arg-file = The cut list to read
cli-cuts-import-arg-episode = The episode the cuts belong to
cli-cuts-import-arg-fps = Frame rate for frame numbers and timecodes (default: the series frame rate)
cli-cuts-import-arg-unit = Unit of whole numbers in a plain list: s, ms or frames
cli-cuts-import-arg-force = Replace an existing cuts.txt

cli-completions-about = Print shell completions
cli-completions-arg-shell = Shell: bash, zsh, fish, elvish or powershell

cli-man-about = Print the man page

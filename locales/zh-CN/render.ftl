# 字幕压制（烧录）相关消息

error-render-no-font = 字体 { $families } 一个都没有安装
hint-render-no-font = 请安装 Noto 字体：`apt-get install fonts-noto-core fonts-noto-cjk`（fonts-noto-core 含 Noto Sans、Noto Sans Thai 和 Noto Naskh Arabic；fonts-noto-cjk 含 Noto Sans CJK），或在 DRAMALOC_FONT_DIRS 中指定存放这些字体的文件夹
glyph-missing-in-font = 第 { $cue } 条字幕：`{ $char }`（{ $codepoint }）不在字体 { $font } 中，压制后会显示为空白方框
hint-glyph-missing-in-font = 请替换字幕文本中的这个字符，或为该样式换用包含它的字体
error-render-no-burn-in = 市场 `{ $market }` 不把字幕压制进视频：其规格没有 [burn_in] 表
hint-render-no-burn-in = 请选择会压制字幕的市场（`--market tiktok`、`reels`、`shorts`、`jp-amazon`；`dramaloc markets` 可列出全部），或在 markets/ 中为自己的规格加上 [burn_in] 表

cli-render-about = 为带 [burn_in] 规格的市场（tiktok、reels、shorts、jp-amazon）把每条字幕压制进对应剧集视频：ffmpeg + libass，H.264 编码，音频直接复制；成片写入 renders/<市场>/
cli-render-arg-market = 要压制的市场（默认：本剧 markets 中带 [burn_in] 表的市场）
cli-render-arg-lang = 只压制这些语言，以逗号分隔的 BCP 47 标签（默认：市场语言中本剧已有的）
cli-render-arg-episodes = 只压制这些集（如 1-5,8）
cli-render-arg-crf = H.264 画质，0–51，越小越好（默认：市场规格的 crf）
cli-render-arg-preset = x264 预设，ultrafast … veryslow（默认：市场规格的 preset）
cli-render-arg-jobs = 同时进行的压制数，CPU 核心在它们之间分配（默认：核心数）
cli-render-arg-force = 即使视频、字幕、样式和工具都未变也重新压制
cli-render-arg-dry-run = 只检查字体并列出将要生成的成片，不压制
render-planned = { $path }：{ $width }×{ $height }，{ $seconds } 秒
render-done = { $path }：压制完成，用时 { $seconds } 秒（每秒 { $fps } 帧）
render-current = { $path }：已是最新（视频、字幕、样式和工具均未变）
render-progress = 已完成 { $done }/{ $total } 个成片
render-too-long = 第 { $episode } 集 { $lang }：字幕 { $cues } 在允许的行数内放不进安全区，将按原样绘制
render-no-video = 第 { $episode } 集没有视频（在其 episode.toml 中设置 `video`，或运行 `dramaloc cuts detect 视频`）；未压制
render-video-missing = 第 { $episode } 集：视频 `{ $path }` 不存在；未压制
render-no-track = 第 { $episode } 集没有 { $lang } 字幕；未压制
render-glyph-missing = 第 { $episode } 集 { $lang }：[{ $rule }] { $detail }；未压制
render-no-market = 本剧的市场中没有需要把字幕压制进视频的
expected-preset = 须为以下之一：{ $presets }
expected-crf = 0 到 51 之间的数字
render-interrupted = 已中断：{ $count } 个成片被停止或未开始，没有留下不完整的视频；再次运行同一命令即可完成


# 预览静帧（`preview`、`check --format html --previews`）

cli-preview-about = 为带 [burn_in] 规格的市场生成字幕压制效果的 PNG 静帧，并在其上半透明地画出平台界面遮挡区：在 --cue N 处、--at 时间处，或为每个 position-outside-safe-area 和 line-too-long 问题各生成一张；静帧写入 previews/<市场>/
cli-preview-arg-market = 按哪个市场的样式和界面遮挡区预览（默认：本剧 markets 中带 [burn_in] 表的市场）
cli-preview-arg-lang = 只预览这些语言，以逗号分隔的 BCP 47 标签（默认：市场语言中本剧已有的）
cli-preview-arg-episodes = 只预览这些集（如 1-5,8）
cli-preview-arg-cue = 每条字幕轨在第 N 条字幕的中点各生成一张静帧
cli-preview-arg-at = 每条字幕轨在该时间各生成一张静帧：秒数（12.5）或 HH:MM:SS.mmm（00:00:12.500）
cli-preview-arg-output = 静帧的输出文件夹（默认：剧集中的 previews/<市场>/；有多个市场时每个市场一个子文件夹）
cli-preview-arg-jobs = 同时生成的静帧数（默认：CPU 核心数）
cli-check-arg-previews = 与 --format html 一起使用：在每条时间轴旁嵌入 position-outside-safe-area 和 line-too-long 问题的预览静帧，按 --market 的样式绘制（默认：本剧带 [burn_in] 表的市场）；需要 ffmpeg
preview-nothing = { $market }：所选字幕轨中没有 position-outside-safe-area 或 line-too-long 问题，无需预览
preview-no-track = 第 { $episode } 集没有 { $lang } 字幕；未生成预览
preview-no-cue = 第 { $episode } 集 { $lang }：没有第 { $cue } 条字幕（该字幕轨共 { $cues } 条）；未生成预览
preview-after-end = 第 { $episode } 集：{ $at } 已超出视频结尾（{ $duration }）；未生成预览
preview-video-missing = 第 { $episode } 集：视频 `{ $path }` 不存在；改用中性灰画面预览
preview-glyph-missing = 第 { $episode } 集 { $lang }：[{ $rule }] { $detail }；仍生成预览，但 `render` 会拒绝压制该字幕轨
preview-html-only = --previews 只能与 --format html 一起使用
hint-preview-html-only = 例如 `dramaloc check --format html --previews -o report.html`
preview-html-series-only = --previews 需要在剧集中使用，不能用于零散文件
preview-html-no-market = --previews 需要一个把字幕压制进视频的市场，而本剧的市场中没有
hint-preview-html-no-market = 用 `--market tiktok`（或 reels、shorts、jp-amazon）指定一个，或把它加入 series.toml 的 `markets`
expected-cue-number = 从 1 开始的字幕序号
expected-preview-time = 秒数（12.5）或 HH:MM:SS.mmm 格式的时间（00:00:12.500）
report-html-preview-caption = { $lang } 第 { $cue } 条字幕，{ $time }，按 { $market } 压制效果：{ $rules }

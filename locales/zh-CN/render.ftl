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

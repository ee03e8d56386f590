# markets messages

cli-markets-about = 列出市场规格（内置的和本剧自己的），或显示其中一个的完整设置
cli-markets-show-about = 打印一个市场规格（所有默认值均已填入）及其各语言的限制
cli-markets-show-arg-id = 市场 ID（us、latam、br……或本剧 markets/*.toml 中的一个）

markets-col-id = 编号
markets-col-name = 名称
markets-col-languages = 语言
markets-col-format = 格式
markets-col-packaging = 打包
markets-col-origin = 来源
markets-all-languages = （所有语言）
markets-origin-builtin = 内置
markets-origin-user = 本剧规格 { $path }
markets-origin-override = { $path }（替换内置规格）
hint-markets-show = `dramaloc markets show ID` 显示规格及其限制；`(标签)` 表示可选语言
markets-limits-heading = 各语言限制（预设 { $preset }，{ $fps } fps）：
markets-limits-line = { $lang }：每行 { $cpl } 字符，{ $lines } 行，每秒 { $cps } 字符，每条 { $min }–{ $max } 毫秒

error-market-spec = { $path }：`{ $key }` 的值 `{ $value }` 无效
hint-market-spec = 市场规格的每个键及其允许的值见 docs/markets.md
market-error-id-file = id 必须与文件名（去掉 `.toml`）相同
market-error-language = 不是规范的 BCP 47 标签（如 `pt-BR`、`es-419`、`zh-Hant-TW`）
market-error-duplicate-language = 该语言重复列出
market-error-encoding = 未知的编码名称（如 `utf-8`、`utf-16le`、`windows-1252`）
market-error-bom = 该编码没有字节顺序标记（BOM）
market-error-naming = 模板必须包含 {"{"}episode{"}"} 和 {"{"}lang{"}"}，只能使用已知占位符，且不能超出包的范围（不能有 `..`、开头的 `/`、`\` 或 `:`）
market-error-safe-area = 安全区为空，或超出 1080×1920 参考画面
market-error-burn-in = 烧录设置无效：字号 12–300 像素，描边和阴影 0–40 像素，颜色为 #RRGGBB，crf 为 0–51，x264 预设（ultrafast … veryslow），字体以四字母文字代码对应字体名
market-error-max-lines = 每条字幕至少一行
market-error-timing = 某项时间限制超出范围
market-error-extends-cycle = 规格之间的 extends 形成了循环

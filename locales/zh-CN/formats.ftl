## 字幕格式与编码：解析错误与警告。

parse-error-empty = 文件中没有字幕内容
parse-error-not-format = 内容看起来不是 { $format } 格式
parse-error-bad-timestamp = `{ $found }` 不是有效的时间码
parse-error-missing-timing = 此处应为时间轴行（`开始 --> 结束`）
parse-error-end-before-start = 字幕结束时间（{ $end }）早于开始时间（{ $start }）
parse-error-time-out-of-range = 时间超出范围
parse-error-vtt-signature = WebVTT 文件必须以 `WEBVTT` 开头
parse-error-ass-missing-field = `[Events]` 的 `Format:` 行中没有 `{ $field }` 字段
parse-error-ass-field-count = 该事件有 { $found } 个字段，而 `Format:` 行定义了 { $expected } 个
parse-error-xml = XML 格式错误：{ $detail }
parse-error-ttml-no-root = 文档缺少 `<tt>` 根元素
parse-error-ttml-bad-time = `{ $found }` 不是有效的 TTML 时间表达式
parse-error-too-deep = 元素嵌套超过 { $limit } 层

parse-warning-dot-before-millis = 毫秒前使用了 `.` 而不是 `,`（已接受）
parse-warning-short-fraction = `{ $found }` 中的小数部分不足三位（按十分之一或百分之一秒读取）
parse-warning-missing-fraction = `{ $found }` 中的时间码没有毫秒（按整秒读取）
parse-warning-index-out-of-order = 字幕序号 `{ $found }` 顺序错乱
parse-warning-skipped-block = 跳过了一个不是字幕的文本块（文件中原样保留）
parse-warning-end-before-start = 有字幕的结束时间早于开始时间，已按零时长保留
parse-warning-ass-millis-fraction = `{ $found }` 的小数部分有三位；ASS 时间以厘秒为单位，libass 可能读成别的值
parse-warning-ttml-unsupported = 不支持 { $what }，已忽略

parse-warning-ttml-lenient-time = 非标准的 TTML 时间表达式 `{ $found }` 已被接受（按时钟时间或秒数读取）
parse-warning-ttml-open-end = 段落没有结束时间，已视为一直显示到 9999:00:00.000
decode-error-malformed = 偏移 { $offset } 处的字节不是有效的 { $encoding }
decode-error-control = 偏移 { $offset } 处有控制字符 { $code }（按 { $encoding } 读取），字幕中不会出现这种字符
decode-error-bom-conflict = 文件以 { $bom } 字节顺序标记（BOM）开头，但指定的编码是 { $encoding }
detect-error-unknown = 内容不符合任何支持的字幕格式（SRT、WebVTT、ASS/SSA、TTML）
detect-error-conflict = 内容看起来是 { $content }，但文件名表明是 { $extension }

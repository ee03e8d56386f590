## rules-text
## 文本、可读性与文件规则：检查内容与原因（check --explain）、发现与提示。

rule-cue-empty-what = 显示的字幕条没有可见文字：只有空格、标记或不可见字符。
rule-cue-empty-why = 播放器会显示空白框或闪一下空白，发行方会拒收空字幕条。
finding-cue-empty = 该字幕条没有可见文字
hint-cue-empty = 删除该字幕条，或补上缺失的文字

rule-reading-speed-too-high-what = 字幕条的每秒字符数超过该语言的上限：所有行按该语言的计数规则计数，除以字幕条本身的时长。
rule-reading-speed-too-high-why = 阅读速度超过上限时观众读不完字幕，不是漏看台词就是漏看画面。
finding-reading-speed-too-high = 每秒 { $cps } 个字符，上限为 { $max }（{ $ms } 毫秒内 { $chars } 个字符）
hint-reading-speed-too-high = 至少显示 { $ms } 毫秒，或缩短文字

rule-line-too-long-what = 某一行超过每行字符数上限，按该语言的计数规则计数（半角 CJK 字符计 0.5）。
rule-line-too-long-why = 过长的行会超出竖屏画面边缘或落在平台按钮下面，也更难读完。
finding-line-too-long = 第 { $line } 行有 { $chars } 个字符，上限为 { $max }

rule-too-many-lines-what = 字幕条的行数超过允许值（默认 2 行）。
rule-too-many-lines-why = 第三行会遮挡画面和平台界面，而且很少有人读。
finding-too-many-lines = 共 { $lines } 行，最多允许 { $max } 行

hint-rebreak = 运行 `dramaloc check --fix` 重新断行
hint-rebreak-by-hand = 请手动重新断行：`check --fix` 不处理带行内标记的字幕条
hint-text-does-not-fit = 文字放不进 { $lines } 行、每行 { $max } 个字符：请缩短文字或拆分字幕条

rule-invalid-glyph-what = 字幕条含有会显示成方框或乱码的字符：U+FFFD、控制字符、私用区字符、非字符、位于行首的组合附加符号，或像是用错误编码解码的文字。
rule-invalid-glyph-why = 这些字符来自损坏的转换；观众会看到方框或乱码，烧录进视频后就无法挽回。
finding-invalid-glyph = 第 { $line } 行第 { $column } 列有{ $kind ->
    [replacement] 替换字符 `{ $code }`
    [control] 控制字符 `{ $code }`
    [private-use] 私用区字符 `{ $code }`
    [noncharacter] 非字符 `{ $code }`
    [lone-mark] 无所依附的组合附加符号 `{ $code }`
   *[other] 字符 `{ $code }`
}{ $count ->
    [1] {""}
   *[other] （该字幕条中共 { $count } 个此类字符）
}
hint-invalid-glyph = 从原始交付文件重新导入，或手动修正文字
finding-mojibake = 第 { $line } 行第 { $column } 列的 `{ $text }` 像是用错误编码解码的文字{ $count ->
    [1] {""}
   *[other] （该字幕条中共 { $count } 处）
}
hint-mojibake = 重新导入原始文件以重新检测编码，或手动修正文字

rule-position-outside-safe-area-what = 定位的文字（ASS 的位置、对齐和边距；WebVTT 的 line 和 position；TTML 区域）超出 9:16 安全区：在 1080×1920 下为 x 120–780（y 840 以上可到 888）、y 288–1248。
rule-position-outside-safe-area-why = TikTok、Reels 和 Shorts 会在画面顶部、底部和右侧叠加文案、按钮和进度条；放在那里的字幕会被遮住。
finding-position-outside-safe-area = { $how ->
    [style] 样式 `{ $name }` 把 { $cues } 条字幕
    [margins] 字幕条自身的边距把它
    [region] 区域 `{ $name }` 把它
   *[setting] `{ $name }` 把它
}放在 { $at }，超出了安全区 x { $safe_left }–{ $safe_right }、y { $safe_top }–{ $safe_bottom }（{ $width }×{ $height }）
hint-position-outside-safe-area = 让字幕保持在安全区内：底部居中的文字应在 y { $safe_bottom } 处结束，即距底边 { $margin } 像素

rule-language-tag-invalid-what = 文件名所用的语言标签（或 TTML 文档的 xml:lang）是规范形式的有效 BCP 47 标签。
rule-language-tag-invalid-why = 发行方按标签把字幕文件对应到语言；`pt_BR`、`es-LA`（老挝）或 `in` 会被拒收或被识别成错误的语言。
finding-language-tag-invalid = { $place ->
    [manifest] 清单中的语言 `{ $tag }`
    [xml-lang] xml:lang `{ $tag }`
   *[file-name] 文件名中的标签 `{ $tag }`
} 不是有效的 BCP 47 语言标签
finding-language-tag-not-canonical = { $place ->
    [manifest] 清单中的语言 `{ $tag }`
    [xml-lang] xml:lang `{ $tag }`
   *[file-name] 文件名中的标签 `{ $tag }`
} 不是规范形式，应为 `{ $canonical }`
hint-language-tag-canonical = { $place ->
    [manifest] 在 manifest.json 中写 "language": "{ $tag }"，文件名也用它
    [xml-lang] 设置 xml:lang="{ $tag }"
   *[file-name] 把文件重命名为 `{ $tag }` 加原扩展名
}
hint-language-tag-invalid = { $place ->
    [manifest] 在 manifest.json 中写该字幕的 BCP 47 标签，如 `pt-BR`
    [xml-lang] 把 xml:lang 设为该字幕的语言标签，例如 `pt-BR`
   *[file-name] 用语言标签命名文件，例如 `pt-BR.srt`
}

rule-bom-present-what = 文件以交付目标不需要的字节顺序标记（BOM）开头（没有要求时，UTF-8 BOM 仅作为提示信息列出）。
rule-bom-present-why = 有些播放器和上传检查会把 UTF-8 BOM 显示成多余字符或拒收文件。
finding-bom-present = 文件以 { $encoding } 字节顺序标记开头
hint-bom-present = 不带字节顺序标记保存（`dramaloc convert` 默认不写，除非加 `--bom`）

rule-bom-missing-what = 交付目标要求字节顺序标记（BOM），但文件没有。
rule-bom-missing-why = 要求 BOM 的播放器在没有 BOM 时会猜成旧编码并显示乱码。
finding-bom-missing = 文件没有字节顺序标记（{ $encoding }），而交付目标要求有
hint-bom-missing = 带字节顺序标记写出：`dramaloc convert IN OUT --bom`

rule-encoding-not-utf8-what = 文件不是 UTF-8 编码。
rule-encoding-not-utf8-why = 发行方和大多数播放器都要求 UTF-8；旧编码无法容纳一部剧的所有语言。
finding-encoding-not-utf8 = 文件编码为 { $encoding }，不是 UTF-8
hint-encoding-not-utf8 = 保存为 UTF-8：`dramaloc import` 会把字幕存为 UTF-8，`dramaloc convert IN OUT` 也输出 UTF-8

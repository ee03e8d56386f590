## 命令、错误与提示的消息。

label-error = 错误：
label-caused-by = 原因：
label-hint = 提示：
label-warning = 警告：

error-io-read = 无法读取 `{ $path }`
error-io-write = 无法写入 `{ $path }`
error-io-create-dir = 无法创建文件夹 `{ $path }`
error-io-list = 无法列出文件夹 `{ $path }`
io-not-found = 路径不存在
io-permission-denied = 权限不足
io-already-exists = 已经存在
error-config = `{ $path }` 第 { $line } 行第 { $column } 列：设置无效
error-config-value = `{ $path }`：`{ $value }` 不是 `{ $key }` 的有效值
error-no-series = 在 `{ $path }` 及其上级文件夹中都没有找到剧集
error-series-exists = `{ $path }` 已存在
error-language-tag = `{ $tag }` 不是有效的语言标签
language-canonicalized = `{ $given }` 在 dramaloc 中写作 `{ $tag }`（字幕轨的规范 BCP 47 标签）
language-error-underscore = BCP 47 标签使用 `-`，而不是 `_`
language-error-latin-america = `LA` 是老挝的地区代码，不是拉丁美洲
language-error-invalid = 语言标签的形式如 `en-US`、`pt-BR`、`zh-Hans` 或 `es-419`
error-read-subtitle = 无法读取 `{ $path }` 中的字幕
error-read-subtitle-at = 无法读取 `{ $path }` 中的字幕（第 { $line } 行第 { $column } 列）
error-encode = 无法以所要求的编码写入 `{ $path }`
encode-error-unmappable = 位置 { $offset } 的字符“{ $ch }”（{ $code }）无法用此编码写出
encode-error-unsupported = 无法以 { $encoding } 编码写出文本
error-invalid-value = `{ $value }` 不是 `{ $flag }` 的有效值
error-would-overwrite = `{ $path }` 已存在
error-internal = 内部错误

expected-episode-number = 1 到 { $max } 之间的集数
expected-format = 以下之一：{ $formats }
expected-frame-rate = 帧率，例如 `30`、`25`、`29.97` 或 `30000/1001`
expected-resolution = 分辨率，例如 `1080x1920`
expected-series-id = 小写字母、数字和 `-`，最多 64 个字符
expected-encoding = 编码，例如 `utf-8`、`utf-16le`、`gb18030`、`big5`、`shift_jis`、`windows-1256`

hint-no-series = 请在剧集文件夹中运行 `dramaloc init`，或使用 `-C 目录`
hint-use-force = 如需覆盖，请加 `--force`
hint-language-tag = 您是否想用 `{ $tag }`？
hint-series-toml = 剧集设置（`series.toml`）的说明见 README
hint-encoding = 请把文件转换为 UTF-8，或确认它确实是字幕文件
hint-format = 用 `--from srt|vtt|ass|ssa|ttml` 指定格式
hint-did-you-mean = 您是否想用 `{ $suggestion }`？
hint-help = 参见 `dramaloc --help`
hint-possible-values = 可选值：{ $values }
hint-import-episode = 用 `--episode N` 指定集数
hint-import-language = 用 `--lang 标签` 指定语言
hint-after-init = 用 `dramaloc import 路径...` 导入字幕
hint-convert-to = 用 `--to srt|vtt|ass|ssa|ttml` 指定目标格式

cli-error-unknown-argument = 意外的参数 `{ $arg }`
cli-error-unknown-command = 未知命令 `{ $command }`
cli-error-invalid-value = `{ $value }` 不是 `{ $arg }` 的有效值
cli-error-missing-argument = 缺少必需的参数：{ $arg }
cli-error-missing-command = 需要指定一个命令
cli-error-conflict = `{ $arg }` 不能与 `{ $other }` 同时使用
cli-error-unexpected-value = 意外的值 `{ $value }`
cli-error-other = 命令行无效

init-done = 已创建 `{ $path }`

import-line = { $input } → { $target } { $outcome ->
    [imported] 已导入
    [replaced] 已替换
    [unchanged] 未变化
    [would-import] 将导入
    [would-replace] 将替换
   *[refused] 已拒绝
}
import-line-untargeted = { $input } { $outcome ->
    [unchanged] 未变化
   *[refused] 已拒绝
}
import-detail = 第 { $episode } 集（{ $episode_source ->
    [flag] 来自 --episode
    [file-name] 来自文件名
    [folder-name] 来自文件夹名
   *[none] 未知
}）· { $language }（{ $language_source ->
    [flag] 来自 --lang
    [file-name] 来自文件名
    [folder-name] 来自文件夹名
    [text] 根据正文文字判断
   *[none] 未知
}）· { $format } · { $encoding }（{ $confidence ->
    [bom] 字节顺序标记
    [certain] 确定
    [heuristic] 检测所得
    [guess] 推测
   *[given] 指定
}）· { $cues } 条字幕
import-refused-unreadable = 无法将该文件读取为字幕
import-refused-unreadable-at = 无法将该文件读取为字幕（第 { $line } 行第 { $column } 列）
import-refused-no-episode = 文件名和文件夹名中都没有集数
import-refused-no-language = 文件名中没有语言，正文文字也无法判断（文字：{ $script }）
import-refused-language-conflict = 文件名表明是 `{ $tag }`，但正文使用的是 { $script }
import-refused-duplicate = 另一个输入文件对应同一条字幕轨：`{ $other }`
import-refused-exists = 剧集中已有这条字幕轨：`{ $path }`
import-refused-write-failed = 无法写入字幕轨：{ $detail }
import-nothing-found = 没有找到字幕文件（查找了 .srt、.vtt、.ass、.ssa、.ttml、.dfxp、.xml）
import-summary = { $dry_run ->
    [yes] 试运行：将导入 { $planned } 个，未变化 { $unchanged } 个，拒绝 { $refused } 个；未写入任何文件
   *[no] 已导入 { $imported } 个，未变化 { $unchanged } 个，拒绝 { $refused } 个
}

status-title = { $title }（{ $id }）· 源语言 { $source }
status-column-episode = 集
status-column-cuts = 镜头切换
status-missing = 缺少的字幕轨（{ $count }）：{ $tracks }
status-unreadable = 第 { $episode } 集 { $lang }：无法读取该字幕轨
status-summary = { $episodes } 集，{ $languages } 种语言，缺少 { $missing } 条字幕轨，{ $unreadable } 条无法读取

convert-error-no-target-format = 无法从 `{ $path }` 判断目标格式
convert-dropped = { $cues } 条字幕中的{ $feature ->
    [color] 颜色
    [font] 字体
    [position] 精确位置
    [horizontal-alignment] 水平对齐
    [underline] 下划线
    [strikeout] 删除线
    [karaoke] 卡拉 OK 计时
    [animation] 动画
    [drawing] 绘图
    [voice] 说话人标记
    [class] 样式类
    [ruby] 注音
    [inline-timestamp] 行内时间码
    [style] 样式
    [comment] 注释事件
    [millisecond-precision] 毫秒精度（已四舍五入到厘秒）
   *[other] 其他标记
}已丢弃：{ $format } 无法表达
convert-parse-warning = `{ $path }` 第 { $line } 行：{ $warning }
convert-done = 已将 `{ $input }`（{ $from }）转换为 `{ $output }`（{ $to }，{ $encoding }），共 { $cues } 条字幕

# 翻译记忆库消息

cli-tm-about = 剧集的翻译记忆库（.dramaloc/tm.sqlite）：统计、TMX 导出与导入
cli-tm-stats-about = 按语言对统计条目数，按翻译后端和模型统计条目数和计费量
cli-tm-export-about = 把记忆库（或其中一个语言对）写成供 CAT 工具使用的 TMX 1.4b 文件
cli-tm-export-arg-file = 要写入的 TMX 文件（`-` 表示标准输出）
cli-tm-export-arg-from = 只导出这个源语言的条目
cli-tm-export-arg-to = 只导出这个目标语言的条目
cli-tm-export-arg-force = 覆盖已存在的文件
cli-tm-import-about = 把 TMX 文件（Trados、memoQ、OmegaT、dramaloc 等）中的翻译单元加入记忆库
cli-tm-import-arg-file = 要读取的 TMX 文件（UTF-8 或 UTF-16）
cli-tm-import-arg-overwrite = 替换记忆库中已有条目的译文（默认保留原有译文）

error-memory-sqlite = 无法使用翻译记忆库 `{ $path }`
error-memory-schema-too-new = 翻译记忆库 `{ $path }` 的结构版本是 { $found }，而本版 dramaloc 最高只认识版本 { $known }
error-memory-corrupt = 翻译记忆库 `{ $path }` 中有不是 dramaloc 写入的数据
hint-memory-schema-too-new = 这个文件是更新版本的 dramaloc 写的：请升级 dramaloc（文件保持原样，未被改动）
hint-memory-not-a-database = `{ $path }` 不是 SQLite 数据库：把它移走，dramaloc 会新建一个
hint-memory-busy = 另一个 dramaloc 进程正在使用翻译记忆库：等它结束后再运行一次

error-tmx-invalid = `{ $path }` 第 { $line } 行第 { $column } 列：不是有效的 TMX 文件
error-tmx-not-tmx = `{ $path }` 第 { $line } 行第 { $column } 列：不是 TMX 文件
tmx-error-encoding = 此处的字节既不是 UTF-8 也不是 UTF-16
tmx-error-root = 根元素是 `<{ $root }>`，而不是 `<tmx>`
tmx-error-no-body = 没有 `<body>` 元素
hint-tmx-encoding = 把文件另存为 UTF-8（或带字节顺序标记的 UTF-16）后再导入
hint-tmx-invalid = 文件在该处不是格式正确的 XML：请从 CAT 工具重新导出，或用 XML 校验工具检查
hint-tmx-not-tmx = 请从 CAT 工具导出 TMX 文件（通常是“文件 → 导出 → TMX”）后导入

tmx-skip-no-source-language = 没有源语言（`<tu srclang>` 和文件头的 `srclang` 都没有指定）
tmx-skip-no-source-tuv = 没有源语言 `{ $lang }` 的 `<tuv>`
tmx-skip-no-target = 只有源语言，没有译文
tmx-skip-no-language = 有一个 `<tuv>` 没有 `xml:lang`
tmx-skip-invalid-language = `{ $tag }` 不是有效的语言标签
tmx-skip-no-segment = `{ $lang }` 的 `<tuv>` 没有 `<seg>`
tmx-skip-empty-segment = `{ $lang }` 的文本段是空的

tm-col-pair = 语言对
tm-col-entries = 条目
tm-col-backend = 后端
tm-col-model = 模型
tm-col-billed = 计费量
tm-billed = { $units } { $unit ->
        [tokens] 个词元
       *[characters] 个字符
    }
tm-stats-empty = 翻译记忆库 `{ $path }` 是空的
hint-tm-empty = `dramaloc translate` 会填充记忆库，`dramaloc tm import FILE` 可以导入 CAT 工具的 TMX 文件
tm-stats-summary = { $pairs } 个语言对共 { $entries } 个条目（`{ $path }`）
tm-export-nothing = 没有匹配的条目：TMX 文件的 body 为空
tm-export-done = 已导出 { $entries } 个条目 → { $path }
tm-import-skipped = `{ $path }`：跳过 { $count } 处，原因：{ $reason }（第 { $lines } 行）
tm-import-inline-tags = 已从文本段中去掉 { $count } 个行内标签（`<bpt>`、`<ept>`、`<ph>`、`<it>` 等），保留其中的文字
tm-import-done = 已导入 `{ $path }`：{ $units } 个翻译单元 → 新增 { $added }，已存在并保留 { $kept }，替换 { $replaced }，跳过 { $skipped }
hint-tm-import-overwrite = 加上 `--overwrite` 可用文件中的译文替换记忆库中已有的译文

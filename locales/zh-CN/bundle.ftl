# bundle and validate messages

cli-bundle-about = 为一个市场生成交付包：检查、转换、命名、校验和、清单、zip 或文件夹
cli-bundle-arg-market = 市场 ID（见 `dramaloc markets`）
cli-bundle-arg-output = 交付包的写入位置（默认：dist/剧集_市场.zip，文件夹类市场则为文件夹）
cli-bundle-arg-allow-findings = 即使存在错误级问题也打包，并在清单中列出
cli-bundle-arg-jobs = 同时处理的集数（默认：CPU 核数）

cli-validate-about = 像发行方一样校验交付包（zip 或文件夹），无需剧集目录：安全解包、清单、校验和、字幕、标签、时间
cli-validate-arg-bundle = 交付包：.zip 文件或文件夹
cli-validate-arg-market = 按此市场校验（内置 ID 或规格文件 .toml）；默认：清单中的市场
cli-validate-arg-output = 将报告写入 FILE，而不是标准输出
cli-validate-arg-jobs = 同时检查的集数（默认：CPU 核数）

bundle-done = 已为 { $market } 打包：{ $episodes } 集，{ $languages } 种语言，{ $files } 个文件，{ $bytes } 字节 → { $path }
bundle-sha256 = 交付包的 SHA-256：{ $sha }
bundle-allowed-findings = 仍有 { $count } 个错误级问题被一并打包（列在 manifest.json 的 qc.allowed 中）
error-bundle-refused = 拒绝为 { $market } 打包：仍有 { $errors } 个错误级问题
hint-bundle-refused = 请先修正（`dramaloc check --market { $market }`，时间问题可用 `check --fix`），或加 --allow-findings 强制打包并记入清单
validate-ok = { $path }：有效

finding-metadata-series-title = 缺少 { $lang } 剧名；该市场要求提供
hint-metadata-series-title = 在 series.toml 的 [titles] 下添加 `{ $lang } = "…"`
finding-metadata-episode-titles = { $count } 集缺少 { $lang } 标题：{ $episodes }
hint-metadata-episode-titles = 在每集 episode.toml 的 [titles] 下添加 `{ $lang } = "…"`
finding-metadata-file-missing = 清单中没有 { $lang } 的元数据文件
finding-metadata-invalid = 元数据文件无效：{ $detail }

finding-manifest-missing = 交付包顶层没有 manifest.json
hint-manifest-missing = 交付包由 `dramaloc bundle` 生成；请向发送方索取完整的交付包
finding-manifest-invalid-json = manifest.json 不是有效的 JSON：{ $detail }
finding-manifest-schema-unknown = manifest.json 的 schema 为 `{ $schema }`；本版 dramaloc 读取 `{ $known }`
hint-manifest-schema-unknown = 更新版本的 dramaloc 也许能读取；否则请发送方重新打包
finding-manifest-unsafe-path = manifest.json 列出的 `{ $path }` 不是交付包内安全的相对路径（或就是清单本身）
finding-manifest-bad-sha256 = manifest.json 中 `{ $path }` 的 sha256 不是 64 位小写十六进制数
finding-manifest-listed-twice = manifest.json 多次列出 `{ $path }`
finding-manifest-episode-number = manifest.json 中的集号 { $number } 重复或为 0
finding-metadata-mismatch = 元数据文件的 schema 为 `{ $schema }`、语言为 `{ $language }`；清单把它列为 `{ $listed }`
finding-manifest-invalid = manifest.json 不符合其 schema：{ $detail }
hint-manifest-invalid = 见 docs/bundle-manifest.schema.json；请用 `dramaloc bundle` 重新打包
finding-market-unknown = 清单指定的市场 `{ $id }` 不是内置市场；按清单自身的声明检查
hint-market-unknown = 用 --market ID 或 --market 规格.toml 指定已知的规格
finding-file-missing = 清单列出了 `{ $path }`，但交付包中没有
hint-file-missing = 请向发送方索取完整的交付包
finding-file-unlisted = 交付包中有 `{ $path }`，但清单未列出
hint-file-unlisted = 删除该文件，或重新打包让清单列出它
finding-size-mismatch = `{ $path }` 有 { $actual } 字节；清单写的是 { $listed }
finding-checksum-mismatch = `{ $path }` 与清单中的 SHA-256 不符（清单 { $listed }，实际 { $actual }）
hint-checksum-mismatch = 文件在打包后（或传输中）被改动；请重新打包或重新发送
finding-bundle-track-missing = 第 { $episode } 集缺少该市场要求的 { $lang } 字幕
hint-bundle-track-missing = 翻译或导入该字幕后重新打包
finding-encoding-mismatch = 文件不是清单声明的有效 { $declared }（看起来像 { $seems }）：{ $detail }
finding-encoding-not-market = 文件声明为 { $declared }；该市场要求 { $expected }
finding-format-mismatch = 文件声明为 `{ $declared }`；该市场要求 `{ $expected }`
finding-line-endings-mismatch = 该市场要求 { $expected } 换行符
finding-cue-count-differs = 文件有 { $actual } 条字幕；清单写的是 { $listed }
finding-track-not-decoded = 无法按 { $encoding } 解码该字幕
hint-bundle-rebuild = 用 `dramaloc bundle --market ID` 重新打包，它会把每条字幕转换为市场要求的规格

bundle-videos = 其中 { $count } 个是烧录了字幕的视频
error-bundle-same-path = 交付包中会有两个文件同名：`{ $path }`
hint-bundle-same-path = 在市场的 `naming` 模板末尾加上 `{"{"}ext{"}"}`，让字幕文件与其视频（`.mp4`）名称不同
error-bundle-file-changed = `{ $path }` 在打包过程中被改动
hint-bundle-file-changed = 等没有其他程序写入渲染文件后，再运行 `dramaloc bundle`
finding-video-missing = 第 { $episode } 集没有视频；{ $market } 交付的是烧录了字幕的视频
finding-video-file-missing = 第 { $episode } 集：视频 `{ $path }` 不存在
hint-video-missing = 在该集的 episode.toml 中设置 `video = "…"`（相对于该集文件夹），指向该集的视频文件
finding-video-source-unreadable = 第 { $episode } 集：无法读取视频 `{ $path }`：{ $detail }
hint-video-source-unreadable = 请检查该文件是否为完整的视频（`ffprobe 文件`），或重新导出
finding-render-missing = 第 { $episode } 集：{ $lang } 字幕没有对应的渲染视频；{ $market } 要求字幕烧录在视频中
hint-render-missing = 用 `dramaloc bundle --market { $market }` 重新打包，它会渲染缺少的视频
finding-manifest-videos-v1 = manifest.json 列出了渲染视频，但 schema `{ $schema }` 中没有此项；含渲染视频的交付包应为 `{ $needed }`
finding-manifest-video-field = manifest.json 给渲染视频 `{ $path }` 的 { $field } 为 `{ $value }`，任何视频都不可能如此
finding-manifest-video-as-file = manifest.json 把 `{ $path }` 列为字幕或元数据文件，但其名称是视频文件名
finding-video-mismatch = `{ $path }`：{ $field ->
    [resolution] 分辨率
    [frame-rate] 帧率
    [duration] 时长
    [video-codec] 视频编码
    [audio-codec] 音频编码
   *[other] { $field }
}为 { $actual }；清单写的是 { $listed }
hint-video-mismatch = 清单描述的不是这个视频：请重新打包，让两者来自同一次渲染
finding-video-unreadable = 无法把 `{ $path }` 作为视频读取：{ $detail }
finding-video-truncated = `{ $path }` 提前结束：ffprobe 只读到其索引所列 { $listed } 个 { $kind } 数据包中的 { $read } 个
hint-video-unreadable = 该渲染视频已损坏：请重新渲染（`dramaloc render --market ID --force`）后再打包
finding-video-not-probed = 未能读取渲染视频：{ $detail }

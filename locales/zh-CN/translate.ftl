## dramaloc translate

cli-translate-about = 通过翻译后端（DeepL、伪本地化、OpenCC 等）翻译剧集字幕，使用翻译记忆、术语表和请求日志，同一句绝不重复付费
cli-translate-arg-to = 目标语言，以逗号分隔的 BCP 47 标签（默认：series.toml 中 [translate.languages] 列出的语言）
cli-translate-arg-episodes = 只处理这些集（例如 1-5,8）
cli-translate-arg-backend = 所有目标语言都使用此后端（deepl、google、azure、libre、openai、command、pseudo、opencc）
cli-translate-arg-dry-run = 按语言列出待发送的句数、字符数（大模型为 token 数）、请求数和预估费用，不发送任何请求
cli-translate-arg-force = 已有译文的字幕也重新翻译（翻译记忆中已有的仍直接使用）
cli-translate-arg-rate = 每秒最多请求数（覆盖 series.toml）
cli-translate-arg-concurrency = 同时进行的请求数（覆盖 series.toml）

expected-positive-number = 大于 0 的数

translate-skipped-existing = { $lang }：{ $count } 集已有完整字幕，保持不变（用 --force 重新翻译）
translate-col-language = 语言
translate-col-backend = 后端
translate-col-lines = 待发送句数
translate-col-memory = 来自记忆
translate-col-characters = 字符数
translate-col-billed = 计费量
translate-col-requests = 请求数
translate-col-cost = 预估费用
translate-tokens = 输入 { $input } token，输出约 { $output }
translate-dry-run-summary = 试运行：将发送 { $requests } 个请求，预估费用 { $total }；未发送任何请求。
translate-summary = { $lang }（{ $backend }）：{ $cues } 条字幕；翻译 { $translated } 句，{ $memory } 句来自记忆；{ $requests } 个请求，重试 { $retries } 次；计费 { $billed } { $unit }；写入 { $tracks } 个字幕文件
translate-failed-units = { $lang }：{ $count } 句没有得到译文，所在的集未写入
translate-markup-lost = { $cue }：翻译引擎丢掉了标签 { $tag }，请检查该条字幕
translate-glossary-miss = { $path } 第 { $cue } 条：{ $message }

error-translate-unknown-backend = 未知的翻译后端“{ $id }”
hint-translate-backends = 可用后端：{ $known }
error-translate-unsupported = { $backend } 不能把 { $source } 翻译成 { $target }
hint-translate-unsupported = 请在 series.toml 的 [translate.languages] 中为该语言另选后端，或使用 --backend
error-translate-missing-key = 没有 { $backend } 的 API 密钥
hint-translate-missing-key = 请在环境变量中设置 { $vars }，或写入用户配置文件的 [keys] 表（切勿写入 series.toml）
error-translate-setting = { $backend } 的设置无效
error-translate-stopped = { $backend } 中止了 { $lang } 的翻译；已得到的译文保存在翻译记忆中，已完成的集已写入
hint-translate-stopped-auth = 请检查密钥：后端拒绝了它
hint-translate-stopped-quota = 账户额度或余额已用完；续期后重新运行，已得到译文的句子不会再次请求
hint-translate-stopped = 重新运行同一命令即可：已得到译文的句子不会再次请求
error-translate-no-target = 没有指定目标语言
error-translate-same-language = { $lang } 是本剧的源语言
error-translate-no-backend = 没有为 { $lang } 选择后端
hint-translate-choose-backend = 请使用 --backend，或在 series.toml 的 [translate] 表中设置 backend（或 [translate.languages]）

## dramaloc glossary check

cli-glossary-about = 本剧术语表（glossary.toml）
cli-glossary-check-about = 按语言显示每个术语在各集中的译法，并列出译法不一致的字幕
cli-glossary-check-arg-lang = 只检查这些目标语言（以逗号分隔的 BCP 47 标签）
glossary-none = { $path } 处没有术语表
glossary-term-approved = { $term } → { $lang }：核准译法“{ $rendering }”出现在 { $uses } 条中的 { $consistent } 条；以下字幕没有使用：
glossary-term-inferred = { $term } → { $lang }：没有核准译法；“{ $rendering }”出现在 { $uses } 条中的 { $consistent } 条（若正确请加入 glossary.toml）；以下字幕没有使用：
glossary-check-summary = 检查了 { $languages } 种语言中的 { $terms } 个术语译法；{ $inconsistent } 个译法不一致

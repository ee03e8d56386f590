## check：帮助、汇总、规则说明。

cli-check-about = 按镜头切换点和各语言的限值，检查整部剧（或单独文件）的时间轴与可读性
cli-check-arg-files = 要检查的单独字幕文件（不检查整部剧）
cli-check-arg-episodes = 要检查的集数：1-5,8,10-12（默认：全部）
cli-check-arg-lang = 要检查的语言，逗号分隔的 BCP 47 标签（默认：全部）
cli-check-arg-market = 使用该市场的限值和必需语言（us、latam、br……）
cli-check-arg-preset = 时间轴预设：vertical（默认）、netflix 或 aegisub
cli-check-arg-cuts = 单独文件使用的切点列表（`cuts import` 能读取的任何格式）
cli-check-arg-fps = 单独文件的帧率（默认：剧集帧率，否则 30）
cli-check-arg-duration = 单独文件对应视频的时长（毫秒）
cli-check-arg-fix = 应用安全的自动修复（只改时间轴和换行，绝不改字词）
cli-check-arg-dry-run = 与 --fix 同用：只列出修改，不写入任何文件
cli-check-arg-explain = 显示某条规则检查什么、为什么，以及它对某语言（--lang）和帧率的限值
cli-check-arg-output = 把报告写入 FILE，而不是标准输出
cli-check-arg-jobs = 同时检查的集数（默认：CPU 核数）

check-summary = 已检查 { $files } 个文件，共 { $cues } 条字幕：{ $errors } 个错误，{ $warnings } 个警告，{ $infos } 条提示
check-suppressed = 有 { $count } 条问题已在 series.toml 中豁免
hint-check-fix = 有 { $count } 条问题可以安全地自动修复：运行 `dramaloc check --fix --dry-run` 查看修改
check-cue-number = 第 { $cue } 条
severity-error = 错误
severity-warning = 警告
severity-info = 提示
check-explain-fixable = 可由 --fix 修复
check-explain-not-fixable = 不自动修复
check-explain-limits = 限值（{ $preset } 预设，{ $lang }，{ $fps } fps）：
    每行字数 { $cpl }，行数 { $lines }，每秒字数 { $cps }（计数方式：{ $counting }，{ $mode }）
    时长 { $min }–{ $max } 毫秒，最小间隔 { $gap } 帧，不超过 { $chain } 帧的间隔应连接
    镜头切换窗口 { $window } 帧：切点后 1–{ $after } 帧或切点前 1–{ $red } 帧开始的字幕移到切点上，切点前 { $greenfrom }–{ $green } 帧开始的移到切点前 { $window } 帧
    在切点前 { $outbefore } 帧到切点后 { $outafter } 帧之间结束的字幕，改为在切点前 { $offset } 帧结束
    译文与原文的时间差最多 { $sync } 帧

expected-episode-list = 集数和范围，例如 1-5,8,10-12
expected-rule-id = 以下之一：{ $rules }
error-unknown-market = 未知的市场 `{ $id }`
hint-unknown-market = 内置市场：{ $known }；也可以在剧集的 markets/<id>.toml 中添加自己的市场
status-qc = 质检：{ $errors } 个错误（✗），{ $warnings } 个警告（⚠）；运行 `dramaloc check` 查看详情

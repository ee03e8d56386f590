## 检查规则：检查什么、为什么（check --explain），问题与提示。

rule-parse-error-what = 文件能按其格式解码并解析。
rule-parse-error-why = 无法解析的文件不能检查、转换或交付，发行方会拒收。
hint-parse-error = 修正该行，或用 `dramaloc import --force` 从交付文件重新导入

rule-track-missing-what = 每一集都有本剧（或 --market 指定的市场）要交付的每种语言的字幕轨。
rule-track-missing-why = 缺少某集字幕轨的交付包在上传时会被拒收。
finding-track-missing = 缺少 `{ $lang }` 字幕轨
hint-track-missing = 用 `dramaloc translate --to { $lang }` 翻译，或用 `dramaloc import` 导入

rule-cues-overlap-what = 字幕在上一条结束之前就开始了。
rule-cues-overlap-why = 播放器会把重叠的字幕叠在一起显示，或丢掉其中一条。
finding-cues-overlap = 与第 { $previous } 条重叠 { $ms } 毫秒
hint-cues-overlap = 让上一条在本条开始前 { $frames } 帧结束

rule-gap-too-small-what = 两条字幕的间隔小于最小间隔（默认 2 帧，与帧率无关）。
rule-gap-too-small-why = 间隔不足两帧时，观众看不出新字幕出现，只会觉得同一条字幕闪了一下。
finding-gap-too-small = 距上一条只有 { $frames } 帧；最少应为 { $min } 帧
hint-gap-too-small = 让上一条在本条开始前 { $frames } 帧结束

rule-gap-not-chained-what = 两条字幕之间的间隔大于最小间隔、但不超过连接阈值（默认半秒），且其中没有镜头切换。
rule-gap-not-chained-why = 很短的空隙会让字幕一闪一闪；规范要求把它们连接起来：前一条在后一条开始前最小间隔处结束。
finding-gap-not-chained = 距上一条 { $frames } 帧：应连接这两条字幕
hint-gap-not-chained = 让上一条在本条开始前 { $frames } 帧结束

rule-cue-too-short-what = 字幕显示时间短于最短时长（默认 5/6 秒）。
rule-cue-too-short-why = 再短的台词也需要时间被注意到并读完。
finding-cue-too-short = 显示 { $ms } 毫秒；最短应为 { $min } 毫秒
hint-cue-too-short = 延长到 { $min } 毫秒，或与相邻字幕合并

rule-cue-too-long-what = 字幕显示时间长于最长时长（默认 7 秒）。
rule-cue-too-long-why = 字幕停留太久，观众会重复阅读；这通常说明时间轴错位了。
finding-cue-too-long = 显示 { $ms } 毫秒；最长应为 { $max } 毫秒
hint-cue-too-long = 在 { $max } 毫秒后结束，或拆成两条

rule-cue-starts-near-shot-change-what = 字幕在镜头切换后几帧、或切换前几帧（半秒以内）开始。
rule-cue-starts-near-shot-change-why = 切换前刚出现的字幕会闪过切点，切换后才出现的字幕显得迟到，都会分散注意力。字幕应在切点上开始，或在切点前半秒开始。
finding-starts-after-cut = 在 { $at } 的镜头切换后 { $frames } 帧才开始
finding-starts-before-cut = 在 { $at } 的镜头切换前 { $frames } 帧开始
hint-start-on-cut = 改为在 { $at } 的镜头切换处开始
hint-start-before-cut = 改为在镜头切换前 { $frames } 帧、即 { $at } 开始

rule-cue-ends-near-shot-change-what = 字幕在镜头切换处、切换前几帧或切换后几帧结束。
rule-cue-ends-near-shot-change-why = 正好在切点或切点前一帧结束会闪烁；带进下一个镜头几帧的字幕很突兀。字幕应在切点前 2 帧结束。
finding-ends-on-cut = 在 { $at } 的镜头切换处结束
finding-ends-before-cut = 在 { $at } 的镜头切换前 { $frames } 帧结束
finding-ends-after-cut = 在 { $at } 的镜头切换后 { $frames } 帧才结束
hint-end-before-cut = 改为在镜头切换前 { $frames } 帧、即 { $at } 结束

rule-cue-crosses-shot-change-what = 字幕跨过了一个离其开始和结束都较远的镜头切换。
rule-cue-crosses-shot-change-why = 台词跨越切点时可以这样，但字幕不应被带进新的场景。
finding-cue-crosses-shot-change = 跨过了 { $at } 的镜头切换
hint-cue-crosses-shot-change = 如果这句台词只属于一个镜头，就在切点处拆分，或在切点前 2 帧结束

rule-cue-outside-episode-what = 字幕在本集视频结束之后才结束。
rule-cue-outside-episode-why = 字幕必须与视频长度一致；超出结尾的部分会被播放器截掉或被发行方拒收。
finding-cue-outside-episode = 在 { $end } 结束，晚于视频结尾 { $duration }

rule-timestamp-off-frame-what = 开始或结束时间不在本集帧率的帧边界上（容差 1 毫秒；ASS 的厘秒为 5 毫秒）。
rule-timestamp-off-frame-why = 落在两帧之间的时间会显示在编辑者没有选定的帧上，与镜头切换的距离也变得含糊。
finding-timestamp-off-frame = { $time } 不在 { $fps } fps 的帧上；最近的帧从 { $nearest } 开始

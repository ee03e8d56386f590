## report：`check` 的 JUnit 与 HTML 报告。

# JUnit：每条轨道唯一的 <failure> 的 `message` 属性：第一个错误，以及其余错误的数量。
report-junit-failure = { $more ->
        [0] { $first }
       *[other] { $first }（另有 { $more } 个错误）
    }

report-html-title = 字幕检查报告
report-html-title-series = 字幕检查报告：{ $series }
report-html-meta = 预设 { $preset } · 市场 { $market } · dramaloc { $version }
report-html-nothing-checked = 没有检查任何文件。
report-html-count-files = 个文件
report-html-count-cues = 条字幕
report-html-count-errors = 个错误
report-html-count-warnings = 个警告
report-html-count-infos = 条提示
report-html-count-suppressed = 条已忽略
report-html-count-fixable = 条可自动修复
report-html-count-edits = 处修改
report-html-legend-cue = 无问题的字幕
report-html-legend-cut = 镜头切换
report-html-legend-marker = 问题所指的时间点
report-html-episode = 第 { $number } 集
report-html-loose-files = 文件
report-html-episode-counts = { $files } 个文件，{ $cues } 条字幕：{ $errors } 个错误，{ $warnings } 个警告，{ $infos } 条提示
report-html-axis = 时间（秒）
report-html-timeline-label = { $episode }的时间轴：各轨道字幕与镜头切换的对照
report-html-no-findings = 没有发现问题。
report-html-col-location = 位置
report-html-col-time = 时间
report-html-col-severity = 级别
report-html-col-rule = 规则
report-html-col-message = 问题
report-html-col-hint = 建议
report-html-col-edit = 修改
report-html-col-before = 修改前
report-html-col-after = 修改后
report-html-edit-retime = 调整了时间
report-html-edit-rebreak = 调整了换行

## check --fix

fix-label = 已修复
fix-edit-retime = 时间 { $before } ⇒ { $after }
fix-edit-rebreak = 换行 “{ $before }” ⇒ “{ $after }”
fix-summary = { $edits ->
        [0] 没有需要修复的内容：未写入任何修改
       *[other] 已写入 { $edits } 处修改；原文件已备份（剧集：.dramaloc/backups/，单独文件：<文件名>.bak）
    }
fix-summary-dry-run = 将会做 { $edits } 处修改（试运行：未写入任何文件）

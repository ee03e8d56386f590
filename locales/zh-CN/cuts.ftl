## 镜头切换点。

cuts-error-empty = 文件中没有镜头切换点
cuts-error-bad-time = `{ $found }` 不是时间
cuts-error-bad-frame-rate = `{ $found }` 不是帧率
cuts-error-needs-frame-rate = 帧号和时间码需要帧率；请用 `--fps` 指定
cuts-error-needs-unit = 整数需要单位：秒、毫秒或帧
cuts-error-transition-mismatch = 事件 `{ $found }` 的叠化前面没有同一事件的剪辑

cuts-import-done = 已从 `{ $input }`（{ $source }）导入 { $cuts } 个切换点到 `{ $target }`
error-cuts = 无法读取切换点列表 `{ $path }`（第 { $line } 行）
hint-cuts-unit = 用 `--unit s|ms|frames` 指定单位

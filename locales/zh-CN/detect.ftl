## detect
## 用 ffmpeg 检测镜头切换（`cuts detect`）。

cli-cuts-detect-about = 用 ffmpeg 检测镜头切换并写入各集的 cuts.txt；同时把视频时长和帧率记入 episode.toml
cli-cuts-detect-arg-paths = 视频文件或视频文件夹，按文件名对应到剧集（EP012.mp4、第12集.mov、012.mkv）；默认使用各集 episode.toml 中的 `video`
cli-cuts-detect-arg-threshold = 判定为切换的场景分数阈值，0 到 1（默认 0.3；越低检测到的切换越多）
cli-cuts-detect-arg-min-shot = 最短镜头时长（毫秒）：两个切换点相距小于此值时丢弃较弱的一个（默认 500）
cli-cuts-detect-arg-jobs = 同时分析的视频数（默认：CPU 核心数）
cli-cuts-detect-arg-force = 覆盖已有的 cuts.txt
cli-cuts-detect-arg-dry-run = 只检测并显示结果，不写入任何文件

detect-line = 第 { $episode } 集：{ $cuts } 个切换点，{ $fps } fps，{ $duration } → `{ $target }`{ $dry_run ->
    [yes] （试运行，未写入）
   *[other] {""}
}
detect-summary = { $dry_run ->
    [yes] 试运行：已检测 { $detected } 集，未写入任何文件，{ $failed } 项未完成
   *[other] 已检测 { $detected } 集的切换点，{ $failed } 项未完成
}
detect-progress = 视频 { $done }/{ $total }
detect-unmatched = `{ $video }`：文件名中没有集数
detect-ambiguous = `{ $video }`：第 { $episode } 集有不止一个视频，均未使用
detect-not-video = `{ $path }` 不是视频文件（mp4、mov、mkv、webm、m4v、avi）
detect-no-videos = 没有可分析的视频：没有任何 episode.toml 指定 `video`
hint-detect-no-videos = 请给出视频或其所在文件夹：`dramaloc cuts detect VIDEO|DIR...`
hint-detect-names = 请按集数命名视频（`EP012.mp4`、`第12集.mp4`、`012.mp4`），或把每个视频放进按集数命名的文件夹

expected-threshold = 0 到 1 之间的分数，例如 `0.3`
expected-min-shot = 0 到 { $max } 之间的毫秒数
expected-jobs = 1 到 { $max } 之间的视频数

error-detect-program-missing = 找不到 { $tool }（`{ $program }`）
error-detect-spawn = 无法运行 `{ $program }`
error-detect-unusable = `{ $program }` 无法作为 { $tool } 运行（`-version` 退出状态 { $status }）
error-detect-failed = { $tool } 无法分析 `{ $path }`（退出状态 { $status }）
error-detect-no-video = `{ $path }` 中没有视频流
error-detect-frame-rate = `{ $path }` 没有可用的帧率（ffprobe 给出 `{ $found }`）
error-detect-output = { $tool } 对 `{ $path }` 的输出无法使用
error-detect-no-frames = `{ $path }` 中没有任何可解码的帧
error-detect-temp = 无法为 ffmpeg 创建临时文件
detect-output-probe-json = ffprobe 没有输出所要求的 JSON
detect-output-scores-missing = 缺少逐帧场景分数
detect-output-mismatch = { $scores } 个场景分数对应 { $frames } 帧
hint-install-ffmpeg = 请安装 ffmpeg（`apt install ffmpeg`、`brew install ffmpeg`），或把 `{ $variable }` 设为该程序的路径
hint-detect-failed = 请确认该文件能在播放器中正常播放；dramaloc 需要 ffmpeg 5.1 或更新版本
error-detect-timed-out = { $tool } 未能在 { $seconds } 秒内读完 `{ $path }`，已被停止

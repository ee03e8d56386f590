## 命令与选项的帮助文本。

cli-heading-usage = 用法
cli-heading-commands = 命令
cli-heading-arguments = 参数
cli-heading-options = 选项
cli-arg-help = 显示帮助
cli-arg-version = 显示版本

cli-about = 竖屏短剧本地化工具：按集数和语言管理字幕、检查时间轴、翻译并按市场打包
cli-arg-directory = 以 DIR 为当前目录运行（从该目录查找剧集）
cli-arg-ui-lang = dramaloc 自身消息的语言（en-US 或 zh-CN）；也可用 DRAMALOC_LANG、LC_ALL、LANG
cli-arg-format = 数据的输出格式：human 或 json（check 还支持 junit 和 html）
cli-arg-quiet = 只输出数据和错误
cli-arg-verbose = 输出更多细节，例如解析警告
cli-arg-color = 何时使用颜色：auto（默认）、always 或 never；遵循 NO_COLOR

cli-init-about = 为新剧集创建 series.toml 和 episodes 文件夹
cli-init-arg-dir = 剧集文件夹（默认：当前文件夹）
cli-init-arg-id = 用于文件名和交付包名称的剧集 ID（默认：取自文件夹名）
cli-init-arg-title = 剧集标题（默认：文件夹名）
cli-init-arg-source-lang = 源字幕的语言（默认：zh-Hans）
cli-init-arg-fps = 视频帧率：30、25、29.97、30000/1001 等（默认：30）
cli-init-arg-resolution = 视频分辨率，宽x高（默认：1080x1920）
cli-init-arg-force = 覆盖已有的 series.toml

cli-import-about = 把字幕文件或文件夹导入剧集，自动识别集数、语言、格式和编码
cli-import-arg-paths = 要导入的文件或文件夹（递归查找文件夹）
cli-import-arg-episode = 所有输入文件的集数（不再从名称中读取）
cli-import-arg-lang = 所有输入文件的语言，BCP 47 标签（不再从名称或正文判断）
cli-import-arg-force = 替换已有字幕轨，并接受冲突和重复
cli-import-arg-dry-run = 只报告将导入的内容，不写入任何文件

cli-status-about = 显示集数 × 语言矩阵，包括字幕条数和缺少的字幕轨

cli-convert-about = 把字幕文件转换为另一种格式（无需剧集也可使用）
cli-convert-arg-input = 要读取的文件（任何支持的格式和编码）
cli-convert-arg-output = 要写入的文件，或用 - 表示标准输出
cli-convert-arg-to = 目标格式（默认：取自 OUT 的扩展名）
cli-convert-arg-from = 源格式（默认：根据内容检测）
cli-convert-arg-encoding = 输出编码（默认：utf-8）
cli-convert-arg-bom = 写入字节顺序标记
cli-convert-arg-force = 如果 OUT 已存在则覆盖

cli-cuts-about = 各集的镜头切换点
cli-cuts-import-about = 把镜头切换列表导入某一集的 cuts.txt（Aegisub 关键帧、x264 统计、PySceneDetect CSV、CMX3600 EDL、Subtitle Edit .shotchanges、纯文本列表）
cli-cuts-import-arg-file = 要读取的切换点列表
cli-cuts-import-arg-episode = 切换点所属的集数
cli-cuts-import-arg-fps = 帧号和时间码所用的帧率（默认：剧集帧率）
cli-cuts-import-arg-unit = 纯文本列表中整数的单位：s、ms 或 frames
cli-cuts-import-arg-force = 替换已有的 cuts.txt

cli-completions-about = 输出 shell 自动补全脚本
cli-completions-arg-shell = Shell：bash、zsh、fish、elvish 或 powershell

cli-man-about = 输出 man 手册页

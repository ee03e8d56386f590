## 交付包（zip 或文件夹），由 `validate` 读取：关于文件名、条目类型、大小和 zip 结构的问题，
## 以及发送方应如何处理。

finding-not-a-zip = 不是 zip 压缩包：其 { $bytes } 字节中没有任何 zip 签名
hint-not-a-zip = 请以 `dramaloc bundle` 生成的 `.zip` 或文件夹形式发送交付包

hint-archive-corrupt = 请用 `dramaloc bundle` 重新生成交付包并重新发送；并确认上传或下载已完整完成
finding-archive-truncated = zip 已截断或损坏：其 { $bytes } 字节末尾没有结束记录
finding-archive-end-ambiguous = zip 中有 { $count } 个都与文件末尾吻合的结束记录：不同的读取程序可能看到不同的内容
finding-archive-multi-disk = 该 zip 被拆分为多个分卷；只接受单个文件的 zip
finding-archive-zip64-invalid = zip 的 ZIP64 结束记录缺失、损坏，或与其结束记录矛盾
finding-archive-directory-out-of-bounds = 中央目录（位于第 { $offset } 字节，共 { $size } 字节）没有紧接在这个 { $bytes } 字节文件的结束记录之前结束
finding-archive-directory-record = 中央目录第 { $index } 条记录（位于第 { $offset } 字节）已损坏
finding-archive-directory-size = 中央目录记录占用 { $used } 字节，而结束记录写的是 { $declared } 字节
finding-archive-reader = zip 读取程序拒绝读取该压缩包：{ $detail }
finding-archive-reader-disagrees = `{ $name }`：zip 读取程序找到的该条目位置或大小与中央目录所写的不同
finding-archive-data-out-of-bounds = `{ $name }` 的数据延伸进了中央目录或超出了文件末尾
finding-archive-local-missing = `{ $name }` 在第 { $offset } 字节处没有本地文件头
finding-archive-local-mismatch = `{ $name }` 位于第 { $offset } 字节的本地文件头与中央目录不一致（文件名、压缩方法、标志、校验和或大小）
finding-archive-overlap = `{ $name }` 的数据与 `{ $other }` 重叠：条目共用字节是 zip 炸弹的手法
finding-archive-encrypted = `{ $name }` 已加密
hint-archive-encrypted = 请发送不带密码的交付包：`dramaloc bundle` 从不加密
finding-archive-method = `{ $name }` 使用压缩方法 { $method }；只能读取存储（0）和 deflate（8）
hint-archive-method = 请像 `dramaloc bundle` 那样用 deflate 压缩重新生成 zip
finding-archive-deflate = `{ $name }` 的压缩数据已损坏：{ $detail }
finding-archive-short = `{ $name }` 只有 { $bytes } 字节，而其文件头声明为 { $declared } 字节
finding-archive-crc = `{ $name }` 已损坏：其 CRC-32 为 { $found }，zip 中记录的是 { $expected }
finding-archive-name-control = 文件名 `{ $name }` 含有控制字符
finding-archive-name-empty = 第 { $index } 个条目的文件名为空
finding-archive-names-disagree = `{ $name }` 还在 Unicode Path 字段中带有另一个名称 `{ $other }`：不同的解压工具会以不同的名称解压它

finding-path-traversal = `{ $name }` 用 `..` 跳出了交付包文件夹
hint-path-traversal = 每个文件都应以其在交付包内的路径命名，例如 `ep01/en.srt`；解压这个条目可能覆盖任意位置的文件
finding-absolute-path = `{ $name }` 是绝对路径
hint-absolute-path = 每个文件都应以其在交付包内的路径命名，例如 `ep01/en.srt`，不要以 `/`、`\` 或盘符开头
finding-symlink-entry = `{ $name }` 是符号链接；链接既不会被跟随，也不会被读取
hint-symlink-entry = 请把文件本身放进交付包，而不是指向它的链接
finding-special-entry = `{ $name }` 不是普通文件：其类型为设备、管道、套接字，或是带有数据的文件夹
hint-special-entry = 交付包中只应包含字幕轨、清单和元数据文件
finding-duplicate-entry = `{ $name }` 解压后与 `{ $other }` 是同一个文件（按 macOS 和 Windows 的方式比较文件名，不区分大小写）；两者都不会被读取
finding-duplicate-entry-folder = `{ $name }` 是文件，但 `{ $other }` 需要一个同名文件夹；该文件不会被读取
hint-duplicate-entry = 每个文件都要有自己的名称，不能只是大小写不同；请用 `dramaloc bundle` 重新生成交付包
finding-name-not-utf8 = 文件名 `{ $name }` 不是 UTF-8
finding-name-not-flagged-utf8 = 文件名 `{ $name }` 含有非 ASCII 字符，但 zip 没有将其标记为 UTF-8，解压工具会把它读成另一个名称
hint-name-not-utf8 = 请用会写入并标记 UTF-8 文件名的工具重新生成 zip，`dramaloc bundle` 就是这样做的

hint-size-limit = 字幕交付包要小得多：请检查打包了什么，并删除字幕轨、清单和元数据文件以外的所有内容
finding-size-entries = 该 zip 有 { $count } 个条目；上限为 { $limit } 个
finding-size-entries-folder = 该文件夹中的文件和文件夹超过 { $limit } 个
finding-size-entry = `{ $name }` 解压后为 { $bytes } 字节；单个文件的上限为 { $limit } 字节
finding-size-total = 所有文件解压后共 { $bytes } 字节；上限为 { $limit } 字节
finding-size-grew = `{ $name }` 解压后超过其文件头声明的 { $declared } 字节；已在此处停止读取
finding-size-changed = `{ $name }` 在读取过程中增大，超过了 { $declared } 字节
finding-size-shrank = `{ $name }` 只有 { $bytes } 字节，少于列出文件夹时的 { $declared } 字节
finding-size-directory = zip 的中央目录有 { $bytes } 字节，超过了符合上限的 zip 所需的大小（{ $limit } 字节）
finding-size-file = 交付包文件有 { $bytes } 字节，超过了符合上限的交付包可能的大小（{ $limit } 字节）

finding-compression-ratio = `{ $name }` 解压后是压缩大小的 { $ratio } 倍（由 { $packed } 字节解压为 { $bytes } 字节）；上限为 { $limit } 倍
hint-compression-ratio = zip 炸弹就是这样制作的：不要解压该交付包，请发送方提供用 `dramaloc bundle` 生成的交付包

finding-entry-unreadable = 无法读取 `{ $name }`：{ $detail }
hint-entry-unreadable = 请检查该文件的权限，或重新复制交付包文件夹

# 字幕压制（烧录）相关消息

error-render-no-font = 字体 { $families } 一个都没有安装
hint-render-no-font = 请安装 Noto 字体：`apt-get install fonts-noto-core fonts-noto-cjk`（fonts-noto-core 含 Noto Sans、Noto Sans Thai 和 Noto Naskh Arabic；fonts-noto-cjk 含 Noto Sans CJK），或在 DRAMALOC_FONT_DIRS 中指定存放这些字体的文件夹
glyph-missing-in-font = 第 { $cue } 条字幕：`{ $char }`（{ $codepoint }）不在字体 { $font } 中，压制后会显示为空白方框
hint-glyph-missing-in-font = 请替换字幕文本中的这个字符，或为该样式换用包含它的字体

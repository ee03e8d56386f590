## rules-align：译文与源语言对照及术语表规则（untranslated-text、cue-count-mismatch、
## timing-mismatch、glossary-term-missing、forbidden-term）。

rule-untranslated-text-what = 译文字幕轨的字幕里仍留有源语言文字：目标语言不使用的源语言文字，或在文字相同的两种语言之间，与源字幕完全相同的长句。
rule-untranslated-text-why = 观众看不懂残留的源语言文字，发行方质检也会拒收；这通常说明漏译了一句，或机器翻译悄悄失败了。
finding-untranslated-script = 字幕中留有源语言文字：`{ $text }`（{ $count } 个字符）
finding-untranslated-identical = 与源字幕第 { $cue } 条完全相同：`{ $text }`
hint-untranslated-text = 请翻译；如果本应保留原文，请在 glossary.toml 中加入该词并设置 `do_not_translate = true`

rule-cue-count-mismatch-what = 译文字幕轨的字幕条数与同一集的源语言字幕轨不同。
rule-cue-count-mismatch-why = 译文应沿用源字幕的断句，除非有句子被合并、拆分、增加或丢失；丢失一句就是剧情缺了一块。
finding-cue-count-mismatch = 共 { $count } 条，但 `{ $lang }` 源字幕轨有 { $source } 条
hint-cue-count-mismatch = 找出两条字幕轨开始错位的地方（`timing-mismatch` 的问题会指向那里），再按源字幕合并、拆分或补回字幕

rule-timing-mismatch-what = 译文字幕的开始或结束时间与所对应的源字幕相差超过容差（默认 3 帧）、与任何源字幕都不重叠，或整条字幕轨相对源字幕逐渐漂移或整体偏移。
rule-timing-mismatch-why = 源字幕轨按台词和镜头切换定好了时间；时间不同的译文会在台词说出之前或之后才显示，而逐渐漂移说明字幕轨是按另一种帧率制作的。
finding-timing-later = 比源字幕第 { $cue } 条晚 { $frames } 帧
finding-timing-earlier = 比源字幕第 { $cue } 条早 { $frames } 帧
finding-timing-starts-later = 开始时间比源字幕第 { $cue } 条晚 { $frames } 帧
finding-timing-starts-earlier = 开始时间比源字幕第 { $cue } 条早 { $frames } 帧
finding-timing-ends-later = 结束时间比源字幕第 { $cue } 条晚 { $frames } 帧
finding-timing-ends-earlier = 结束时间比源字幕第 { $cue } 条早 { $frames } 帧
hint-timing-mismatch = 按源字幕的时间调整：{ $start } → { $end }
finding-timing-no-source = 与 `{ $lang }` 源字幕轨的任何一条都不重叠
hint-timing-no-source = 把它移到所翻译的那句台词上；如果源字幕没有这句，就删除它
finding-timing-drift-rate = 时间轴相对源字幕逐渐漂移 { $percent }%（整集累计 { $ms } 毫秒）：这条字幕轨似乎是按 { $from } fps 为 { $to } fps 的视频制作的
finding-timing-drift = 时间轴相对源字幕稳定地逐渐漂移 { $percent }%（整集累计 { $ms } 毫秒）
hint-timing-drift = 重新调整整条字幕轨的时间：把每个时间乘以 { $factor }，或直接采用源字幕轨的时间
finding-timing-offset-later = 每条字幕都比源字幕晚约 { $frames } 帧（{ $ms } 毫秒）
finding-timing-offset-earlier = 每条字幕都比源字幕早约 { $frames } 帧（{ $ms } 毫秒）
hint-timing-offset-earlier = 把整条字幕轨提前 { $ms } 毫秒
hint-timing-offset-later = 把整条字幕轨推后 { $ms } 毫秒

rule-glossary-term-missing-what = 源字幕中出现了术语表里的词（人物、地点、品牌等），但译文没有使用该语言的核准译名，或没有原样保留不翻译的词。人名的简称不是词条，不作要求。
rule-glossary-term-missing-why = 人名和关键术语在每一集都必须一致；名字一变，观众就分不清谁是谁，发行方也会核对术语表。
finding-glossary-term-missing = 源字幕第 { $cue } 条提到 `{ $term }`，但这里没有核准的 `{ $lang }` 译名 `{ $expected }`
finding-glossary-term-not-kept = 源字幕第 { $cue } 条有 `{ $term }`，该词在所有语言中都应原样保留，但这里没有
hint-glossary-term-missing = 按 glossary.toml 使用 `{ $expected }`，或修改术语表中的词条

rule-forbidden-term-what = 术语表禁止的文字（人名的错误拼写、禁用词）出现在禁止使用它的语言的字幕轨中。
rule-forbidden-term-why = 禁用词是已知的错误或市场不接受的用词；漏掉一个就意味着重新交付。
finding-forbidden-term = 术语表禁止使用 `{ $text }`
finding-forbidden-term-reason = 术语表禁止使用 `{ $text }`：{ $reason }
hint-forbidden-term = 改写这条字幕、不要用这个词；如果其实允许使用，请从 glossary.toml 中删除该词条

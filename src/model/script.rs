//! Which writing system a text is in: used to guess a track's language when its file name
//! does not say, and later to find source text left untranslated in a target track.

use serde::Serialize;

/// A writing system, as far as dramaloc needs to tell them apart.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextScript {
    HanSimplified,
    HanTraditional,
    /// Han characters without enough simplified/traditional evidence either way.
    Han,
    Kana,
    Hangul,
    Thai,
    Arabic,
    Latin,
    Cyrillic,
}

impl TextScript {
    /// The language tag a track in this script most likely has, when the script says enough.
    pub fn likely_language(self) -> Option<&'static str> {
        match self {
            TextScript::HanSimplified | TextScript::Han => Some("zh-Hans"),
            TextScript::HanTraditional => Some("zh-Hant"),
            TextScript::Kana => Some("ja"),
            TextScript::Hangul => Some("ko"),
            TextScript::Thai => Some("th"),
            TextScript::Arabic => Some("ar"),
            TextScript::Latin | TextScript::Cyrillic => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TextScript::HanSimplified => "han-simplified",
            TextScript::HanTraditional => "han-traditional",
            TextScript::Han => "han",
            TextScript::Kana => "kana",
            TextScript::Hangul => "hangul",
            TextScript::Thai => "thai",
            TextScript::Arabic => "arabic",
            TextScript::Latin => "latin",
            TextScript::Cyrillic => "cyrillic",
        }
    }
}

/// Frequent characters that exist only in simplified Chinese.
const SIMPLIFIED_ONLY: &str = "们这说个时会来对国过还样发经进长门问间听见头话让开关东车书爱妈钱电买卖当没两为与么后实现学号无风飞马鸟鱼龙气给谁吗亲觉记请认识边远运还办带离难题师医钟谢妇儿娘爷哥闹热钥锁饭馆饿够归岁华乐战斗万从众优伤传体们你们团园图块坏声处备复够头夺奋妆妈娱孙宝实宠审宫宽宾对寻导将尔尘尝层岁岛币师帐帮广庆库应废开异弃张弹强归当录彻径态总恋恶悬惊惯戏战户执扩扫扬护报担拥择挡损换据掷摆摇敌数斋断无旧时旷昼显晓晕暂术机杀权条来杨极构枪柜标栏树样桥档梦检欢欧残毁毕气汇汉汤沟没沪泪泽洁浅测济浓涛润涨渐温湾满滚灭灯灵灾烂热焕爱爷牵犹独狮猎献环现球琐璃电画畅疗疯痒发皱盖盘眯矫码砖础确碍礼祸离种积称稳穷窃窍笔笼筑签简类粮紧纠红约级纪纯纱纳纵纷纸纹线练组细织终绍经结绕绘给绝统继绩续绳维绿缓编缘缠缩缺网罗罚罢职联肃肠肤肿胁胆胜脉脏脑脚脸舆舰艰艺节芦苏苹范荐药莱获营萧蓝虑虽蚁蛮补衬袭装见观规视览觉触誉计订认讨让训议讯记讲许论设访证评识诉词试诗诚话诞询该详语误说请诸读课谁调谈谊谋谎谓谜谢谣谦谨谱谷贝负贡财责贤败货质贩贪购贯贱贴贵贷贸费贺资赋赌赏赔赖赚赛赞赠赢赶趋跃践踪车轨轩转轮软轰轻载较辅辆辈辉输辖辞辩边达迁过迈运还这进远违连迟适选逊递逻遗邓邮邻郑酱释鉴针钉钓钟钢钱铁铃铜铭铺链销锁锅锋错锦键镇镜长门闪闭问闯闲间闷闹闻阅阔队阳阴阵阶际陆陈险随隐难雏雾静韩页顶项顺须顽顾顿颁领颇频颗题颜额风飘飞饭饮饰饱饲饼馆马驱驳驶驻驾骂骄验骑骗骚鱼鲜鸟鸡鸣鸭鸿鹅鹰黄齐龄龙";
/// Frequent characters that exist only in traditional Chinese.
const TRADITIONAL_ONLY: &str = "們這說個時會來對國過還樣發經進長門問間聽見頭話讓開關東車書愛媽錢電買賣當沒兩為與麼後實現學號無風飛馬鳥魚龍氣給誰嗎親覺記請認識邊遠運辦帶離難題師醫鐘謝婦兒爺鬧熱鑰鎖飯館餓夠歸歲華樂戰鬥萬從眾優傷傳體團園圖塊壞聲處備復奪奮妝娛孫寶寵審宮寬賓尋導將爾塵嘗層島幣帳幫廣慶庫應廢異棄張彈強錄徹徑態總戀惡懸驚慣戲戶執擴掃揚護報擔擁擇擋損換據擲擺搖敵數齋斷舊曠晝顯曉暈暫術機殺權條楊極構槍櫃標欄樹橋檔夢檢歡歐殘毀畢匯漢湯溝滬淚澤潔淺測濟濃濤潤漲漸溫灣滿滾滅燈靈災爛煥牽猶獨獅獵獻環球瑣璃畫暢療瘋癢皺蓋盤矯碼磚礎確礙禮禍種積稱穩窮竊竅筆籠築簽簡類糧緊糾紅約級紀純紗納縱紛紙紋線練組細織終紹結繞繪絕統繼績續繩維綠緩編緣纏縮缺網羅罰罷職聯肅腸膚腫脅膽勝脈臟腦腳臉輿艦艱藝節蘆蘇蘋範薦藥萊獲營蕭藍慮雖蟻蠻補襯襲裝觀規視覽觸譽計訂討訓議訊講許論設訪證評訴詞試詩誠誕詢該詳語誤諸讀課調談誼謀謊謂謎謠謙謹譜貝負貢財責賢敗貨質販貪購貫賤貼貴貸貿費賀資賦賭賞賠賴賺賽贊贈贏趕趨躍踐蹤軌軒轉輪軟轟輕載較輔輛輩輝輸轄辭辯達遷邁違連遲適選遜遞邏遺鄧郵鄰鄭醬釋裡鑒針釘釣鋼鐵鈴銅銘鋪鏈銷鍋鋒錯錦鍵鎮鏡閃閉闖閒悶聞閱闊隊陽陰陣階際陸陳險隨隱雛霧靜韓頁頂項順須頑顧頓頒領頗頻顆顏額飄飲飾飽飼餅驅駁駛駐駕罵驕驗騎騙騷鮮雞鳴鴨鴻鵝鷹黃齊齡";

/// Counts of letters per script in a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    pub han: usize,
    pub simplified: usize,
    pub traditional: usize,
    pub kana: usize,
    pub hangul: usize,
    pub thai: usize,
    pub arabic: usize,
    pub latin: usize,
    pub cyrillic: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut c = ScriptCounts::default();
        for ch in text.chars() {
            match ch as u32 {
                0x3040..=0x30FF | 0x31F0..=0x31FF => c.kana += 1,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
                    c.han += 1;
                    if SIMPLIFIED_ONLY.contains(ch) {
                        c.simplified += 1;
                    } else if TRADITIONAL_ONLY.contains(ch) {
                        c.traditional += 1;
                    }
                }
                0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => c.hangul += 1,
                0x0E00..=0x0E7F => c.thai += 1,
                0x0600..=0x06FF
                | 0x0750..=0x077F
                | 0x08A0..=0x08FF
                | 0xFB50..=0xFDFF
                | 0xFE70..=0xFEFF => c.arabic += 1,
                0x0400..=0x04FF => c.cyrillic += 1,
                _ if ch.is_alphabetic()
                    && (ch.is_ascii() || (0xC0..=0x24F).contains(&(ch as u32))) =>
                {
                    c.latin += 1
                }
                _ => {}
            }
        }
        c
    }

    /// The dominant script, if the text has any letters. Kana wins over Han when present in
    /// quantity (Japanese mixes both).
    pub fn dominant(&self) -> Option<TextScript> {
        let han_like = self.han + self.kana;
        let candidates = [
            (han_like, TextScript::Han),
            (self.hangul, TextScript::Hangul),
            (self.thai, TextScript::Thai),
            (self.arabic, TextScript::Arabic),
            (self.latin, TextScript::Latin),
            (self.cyrillic, TextScript::Cyrillic),
        ];
        let (count, script) = candidates.iter().copied().max_by_key(|(n, _)| *n)?;
        if count == 0 {
            return None;
        }
        if script != TextScript::Han {
            return Some(script);
        }
        // Japanese text has kana in most lines; Chinese has essentially none.
        if self.kana * 10 >= han_like {
            return Some(TextScript::Kana);
        }
        Some(if self.simplified > self.traditional * 2 {
            TextScript::HanSimplified
        } else if self.traditional > self.simplified * 2 {
            TextScript::HanTraditional
        } else {
            TextScript::Han
        })
    }
}

/// The dominant script of a text, if it has letters.
pub fn detect_script(text: &str) -> Option<TextScript> {
    ScriptCounts::of(text).dominant()
}

/// The script of one letter, by the same ranges as [`ScriptCounts::of`]; Han is always
/// [`TextScript::Han`] (one character says little about simplified or traditional). `None`
/// for digits, punctuation, symbols, emoji, spaces and letters of other scripts.
pub fn char_script(ch: char) -> Option<TextScript> {
    match ch as u32 {
        0x3040..=0x30FF | 0x31F0..=0x31FF => Some(TextScript::Kana),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
            Some(TextScript::Han)
        }
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Some(TextScript::Hangul),
        0x0E00..=0x0E7F => Some(TextScript::Thai),
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(TextScript::Arabic)
        }
        0x0400..=0x04FF => Some(TextScript::Cyrillic),
        _ if ch.is_alphabetic() && (ch.is_ascii() || (0xC0..=0x24F).contains(&(ch as u32))) => {
            Some(TextScript::Latin)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        assert_eq!(
            detect_script("我们这就回家，你说呢？"),
            Some(TextScript::HanSimplified)
        );
        assert_eq!(
            detect_script("我們這就回家，你說呢？"),
            Some(TextScript::HanTraditional)
        );
        assert_eq!(
            detect_script("今日は雨ですね。本当に"),
            Some(TextScript::Kana)
        );
        assert_eq!(
            detect_script("안녕하세요 반갑습니다"),
            Some(TextScript::Hangul)
        );
        assert_eq!(detect_script("สวัสดีครับ"), Some(TextScript::Thai));
        assert_eq!(detect_script("مرحبا بكم"), Some(TextScript::Arabic));
        assert_eq!(
            detect_script("Hello there, ça va?"),
            Some(TextScript::Latin)
        );
        assert_eq!(detect_script("1234 ..."), None);
    }

    #[test]
    fn char_script_agrees_with_counts() {
        for ch in "茶們のハ한กمЖaéZ1 ·！😀\n".chars() {
            let c = ScriptCounts::of(&ch.to_string());
            let expected = match char_script(ch) {
                Some(TextScript::Han) => c.han,
                Some(TextScript::Kana) => c.kana,
                Some(TextScript::Hangul) => c.hangul,
                Some(TextScript::Thai) => c.thai,
                Some(TextScript::Arabic) => c.arabic,
                Some(TextScript::Latin) => c.latin,
                Some(TextScript::Cyrillic) => c.cyrillic,
                Some(other) => panic!("{other:?}"),
                None => 0,
            };
            let total = c.han + c.kana + c.hangul + c.thai + c.arabic + c.latin + c.cyrillic;
            // Every character is counted once by its script, or not at all.
            assert_eq!(expected, total, "{ch:?}");
        }
        assert_eq!(char_script('茶'), Some(TextScript::Han));
        assert_eq!(char_script('5'), None);
    }
}

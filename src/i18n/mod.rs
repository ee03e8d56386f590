//! The UI language: which locale dramaloc speaks, and rendering of [`Message`]s through Fluent.
//!
//! Owns locale negotiation (`--lang`, then `DRAMALOC_LANG`, then `LC_ALL` / `LC_MESSAGES` /
//! `LANG`, then the OS locale; `C` and `POSIX` mean en-US) and the embedded catalogues in
//! `locales/<tag>/*.ftl`. en-US is the reference and the fallback for every message.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

use crate::message::{Arg, Message};

/// Every catalogue file, per locale, embedded in the binary.
pub const CATALOGUES: &[(&str, &[(&str, &str)])] = &[
    (
        "en-US",
        &[
            ("cli.ftl", include_str!("../../locales/en-US/cli.ftl")),
            ("main.ftl", include_str!("../../locales/en-US/main.ftl")),
            (
                "formats.ftl",
                include_str!("../../locales/en-US/formats.ftl"),
            ),
            ("cuts.ftl", include_str!("../../locales/en-US/cuts.ftl")),
            ("detect.ftl", include_str!("../../locales/en-US/detect.ftl")),
            ("check.ftl", include_str!("../../locales/en-US/check.ftl")),
            ("rules.ftl", include_str!("../../locales/en-US/rules.ftl")),
            (
                "rules-text.ftl",
                include_str!("../../locales/en-US/rules-text.ftl"),
            ),
            (
                "rules-align.ftl",
                include_str!("../../locales/en-US/rules-align.ftl"),
            ),
            ("fix.ftl", include_str!("../../locales/en-US/fix.ftl")),
            ("report.ftl", include_str!("../../locales/en-US/report.ftl")),
            (
                "archive.ftl",
                include_str!("../../locales/en-US/archive.ftl"),
            ),
            ("bundle.ftl", include_str!("../../locales/en-US/bundle.ftl")),
            (
                "markets.ftl",
                include_str!("../../locales/en-US/markets.ftl"),
            ),
            ("memory.ftl", include_str!("../../locales/en-US/memory.ftl")),
            (
                "translate.ftl",
                include_str!("../../locales/en-US/translate.ftl"),
            ),
            ("render.ftl", include_str!("../../locales/en-US/render.ftl")),
        ],
    ),
    (
        "zh-CN",
        &[
            ("cli.ftl", include_str!("../../locales/zh-CN/cli.ftl")),
            ("main.ftl", include_str!("../../locales/zh-CN/main.ftl")),
            (
                "formats.ftl",
                include_str!("../../locales/zh-CN/formats.ftl"),
            ),
            ("cuts.ftl", include_str!("../../locales/zh-CN/cuts.ftl")),
            ("detect.ftl", include_str!("../../locales/zh-CN/detect.ftl")),
            ("check.ftl", include_str!("../../locales/zh-CN/check.ftl")),
            ("rules.ftl", include_str!("../../locales/zh-CN/rules.ftl")),
            (
                "rules-text.ftl",
                include_str!("../../locales/zh-CN/rules-text.ftl"),
            ),
            (
                "rules-align.ftl",
                include_str!("../../locales/zh-CN/rules-align.ftl"),
            ),
            ("fix.ftl", include_str!("../../locales/zh-CN/fix.ftl")),
            ("report.ftl", include_str!("../../locales/zh-CN/report.ftl")),
            (
                "archive.ftl",
                include_str!("../../locales/zh-CN/archive.ftl"),
            ),
            ("bundle.ftl", include_str!("../../locales/zh-CN/bundle.ftl")),
            (
                "markets.ftl",
                include_str!("../../locales/zh-CN/markets.ftl"),
            ),
            ("memory.ftl", include_str!("../../locales/zh-CN/memory.ftl")),
            (
                "translate.ftl",
                include_str!("../../locales/zh-CN/translate.ftl"),
            ),
            ("render.ftl", include_str!("../../locales/zh-CN/render.ftl")),
        ],
    ),
];

/// The locale every message exists in.
pub const REFERENCE_LOCALE: &str = "en-US";

/// Environment variables that choose the UI language, in order of precedence.
pub const LOCALE_ENV_VARS: &[&str] = &["DRAMALOC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

/// Loaded catalogues: the chosen locale first, then en-US.
pub struct Localizer {
    locale: String,
    bundles: Vec<FluentBundle<FluentResource>>,
}

static LOCALIZER: OnceLock<Localizer> = OnceLock::new();

fn build_bundle(tag: &str) -> Option<FluentBundle<FluentResource>> {
    let files = CATALOGUES.iter().find(|(t, _)| *t == tag)?.1;
    let id: LanguageIdentifier = tag.parse().ok()?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Terminals show the isolation marks U+2068/U+2069 as garbage.
    bundle.set_use_isolating(false);
    for (_, source) in files {
        // The catalogues are part of the binary and checked by tests; a syntax error in one
        // still loads every message that parsed.
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(res, _)| res);
        let _ = bundle.add_resource(resource);
    }
    Some(bundle)
}

/// Normalise an environment locale (`zh_CN.UTF-8@latin`, `C`, `POSIX`) to a BCP 47 tag.
pub fn normalize_env_locale(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let v = v.split(['.', '@']).next().unwrap_or(v);
    if v.eq_ignore_ascii_case("C") || v.eq_ignore_ascii_case("POSIX") {
        return Some(REFERENCE_LOCALE.to_owned());
    }
    // `LANGUAGE`-style lists (`zh_CN:en`): take the first.
    let v = v.split(':').next().unwrap_or(v);
    Some(v.replace('_', "-"))
}

/// The locale requested by flag, environment or OS, before negotiation.
pub fn requested_locale(flag: Option<&str>, env: impl Fn(&str) -> Option<String>) -> String {
    if let Some(flag) = flag.and_then(normalize_env_locale) {
        return flag;
    }
    for var in LOCALE_ENV_VARS {
        if let Some(value) = env(var).and_then(|v| normalize_env_locale(&v)) {
            return value;
        }
    }
    sys_locale::get_locale()
        .and_then(|l| normalize_env_locale(&l))
        .unwrap_or_else(|| REFERENCE_LOCALE.to_owned())
}

/// The supported locale that best serves a requested one (`zh-TW` → `zh-CN`, `fr` → `en-US`).
pub fn negotiate(requested: &str) -> &'static str {
    let available: Vec<LanguageIdentifier> = CATALOGUES
        .iter()
        .filter_map(|(t, _)| t.parse().ok())
        .collect();
    let default: LanguageIdentifier = REFERENCE_LOCALE.parse().unwrap_or_default();
    let requested: Vec<LanguageIdentifier> = requested.parse().into_iter().collect();
    let chosen = negotiate_languages(
        &requested,
        &available,
        Some(&default),
        NegotiationStrategy::Filtering,
    );
    let chosen = chosen.first().map(|l| l.to_string()).unwrap_or_default();
    CATALOGUES
        .iter()
        .map(|(t, _)| *t)
        .find(|t| *t == chosen)
        .unwrap_or(REFERENCE_LOCALE)
}

impl Localizer {
    pub fn new(locale: &str) -> Localizer {
        let locale = negotiate(locale);
        let mut bundles: Vec<_> = build_bundle(locale).into_iter().collect();
        if locale != REFERENCE_LOCALE {
            bundles.extend(build_bundle(REFERENCE_LOCALE));
        }
        Localizer {
            locale: locale.to_owned(),
            bundles,
        }
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// Render a message; falls back to en-US, then to the id itself, when a catalogue lacks it.
    ///
    /// Formatting errors are not hidden: in debug builds they panic (the locale tests run
    /// every message), in release the next catalogue is tried.
    pub fn render(&self, message: &Message) -> String {
        let args = fluent_args(&message.args);
        for bundle in &self.bundles {
            let Some(pattern) = bundle.get_message(message.id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            debug_assert!(errors.is_empty(), "formatting `{}`: {errors:?}", message.id);
            if errors.is_empty() {
                return text.into_owned();
            }
        }
        let mut out = message.id.to_owned();
        for (name, value) in &message.args {
            out.push_str(&format!(" {name}={value}"));
        }
        out
    }

    /// Render a message without arguments by id (ids built at run time, e.g. help texts).
    pub fn render_id(&self, id: &str) -> String {
        for bundle in &self.bundles {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                debug_assert!(errors.is_empty(), "formatting `{id}`: {errors:?}");
                if errors.is_empty() {
                    return text.into_owned();
                }
            }
        }
        id.to_owned()
    }

    /// Whether the chosen catalogue (or en-US) has a message.
    pub fn has(&self, id: &str) -> bool {
        self.bundles.iter().any(|b| b.has_message(id))
    }
}

fn fluent_args(args: &[(&'static str, Arg)]) -> FluentArgs<'static> {
    let mut out = FluentArgs::new();
    for (name, value) in args {
        let v: FluentValue<'static> = match value {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Int(n) => FluentValue::from(*n),
            Arg::Float(x) => FluentValue::from(*x),
        };
        out.set(*name, v);
    }
    out
}

/// Choose the UI language once per process. Later calls keep the first choice.
pub fn init(flag: Option<&str>) -> &'static Localizer {
    LOCALIZER.get_or_init(|| Localizer::new(&requested_locale(flag, |v| std::env::var(v).ok())))
}

/// The process localizer (en-US until [`init`] is called).
pub fn localizer() -> &'static Localizer {
    LOCALIZER.get_or_init(|| Localizer::new(REFERENCE_LOCALE))
}

/// Render a message in the UI language.
pub fn tr(message: &Message) -> String {
    localizer().render(message)
}

/// Render a message id with arguments: `t!("label-error")`.
#[macro_export]
macro_rules! t {
    ($($tt:tt)*) => {
        $crate::i18n::tr(&$crate::msg!($($tt)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_locales() {
        assert_eq!(
            normalize_env_locale("zh_CN.UTF-8").as_deref(),
            Some("zh-CN")
        );
        assert_eq!(normalize_env_locale("C").as_deref(), Some("en-US"));
        assert_eq!(normalize_env_locale("POSIX").as_deref(), Some("en-US"));
        assert_eq!(normalize_env_locale("C.UTF-8").as_deref(), Some("en-US"));
        assert_eq!(normalize_env_locale(""), None);
    }

    #[test]
    fn precedence() {
        let env = |v: &str| match v {
            "LC_ALL" => Some("zh_CN.UTF-8".to_owned()),
            "LANG" => Some("en_US.UTF-8".to_owned()),
            _ => None,
        };
        assert_eq!(requested_locale(None, env), "zh-CN");
        assert_eq!(requested_locale(Some("en"), env), "en");
        let env2 = |v: &str| {
            (v == "DRAMALOC_LANG")
                .then(|| "en-US".to_owned())
                .or_else(|| env(v))
        };
        assert_eq!(requested_locale(None, env2), "en-US");
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate("zh-CN"), "zh-CN");
        assert_eq!(negotiate("zh"), "zh-CN");
        assert_eq!(negotiate("zh-Hans"), "zh-CN");
        assert_eq!(negotiate("zh-TW"), "zh-CN");
        assert_eq!(negotiate("fr-FR"), "en-US");
        assert_eq!(negotiate("en-GB"), "en-US");
        assert_eq!(negotiate("garbage!!"), "en-US");
    }

    #[test]
    fn renders_in_both_locales_with_fallback() {
        let zh = Localizer::new("zh-CN");
        let en = Localizer::new("en-US");
        let m = crate::msg!("parse-error-bad-timestamp", found = "00:xx");
        assert_ne!(zh.render(&m), en.render(&m));
        assert!(en.render(&m).contains("00:xx"));
        assert_eq!(
            en.render(&Message::new("no-such-message-id")),
            "no-such-message-id"
        );
    }
}

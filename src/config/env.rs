//! Every environment variable dramaloc reads, in one place.

/// UI language (a BCP 47 tag), before `LC_ALL` / `LC_MESSAGES` / `LANG`.
pub const DRAMALOC_LANG: &str = "DRAMALOC_LANG";
/// Disables colour when set to any non-empty value (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";

/// The ffmpeg program `cuts detect` runs (default: `ffmpeg` on `PATH`).
pub const DRAMALOC_FFMPEG: &str = "DRAMALOC_FFMPEG";
/// The ffprobe program `cuts detect` runs (default: `ffprobe` on `PATH`).
pub const DRAMALOC_FFPROBE: &str = "DRAMALOC_FFPROBE";
/// Extra font folders for the burn-in font check, separated like `PATH` (`:` on Unix), searched
/// besides the system font folders.
pub const DRAMALOC_FONT_DIRS: &str = "DRAMALOC_FONT_DIRS";

/// The user config file (keys, prices) instead of `~/.config/dramaloc/config.toml`.
pub const DRAMALOC_CONFIG: &str = "DRAMALOC_CONFIG";

/// DeepL API key (`…:fx` keys go to the Free host).
pub const DEEPL_AUTH_KEY: &str = "DEEPL_AUTH_KEY";
/// Google Cloud Translation API key.
pub const GOOGLE_API_KEY: &str = "GOOGLE_API_KEY";
/// Azure AI Translator resource key.
pub const AZURE_TRANSLATOR_KEY: &str = "AZURE_TRANSLATOR_KEY";
/// Azure AI Translator resource region (`Ocp-Apim-Subscription-Region`), when the
/// `region` setting is not given; not a secret.
pub const AZURE_TRANSLATOR_REGION: &str = "AZURE_TRANSLATOR_REGION";
/// LibreTranslate API key (servers started with `--api-keys`).
pub const LIBRETRANSLATE_API_KEY: &str = "LIBRETRANSLATE_API_KEY";
/// Key of an OpenAI-compatible server (OpenAI, DeepSeek, DashScope…; local servers ignore it).
pub const OPENAI_API_KEY: &str = "OPENAI_API_KEY";

/// All variables, with what they do, for `--help` and the README.
pub const ALL: &[&str] = &[
    DRAMALOC_LANG,
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    NO_COLOR,
    DRAMALOC_FFMPEG,
    DRAMALOC_FFPROBE,
    DRAMALOC_FONT_DIRS,
    DRAMALOC_CONFIG,
    DEEPL_AUTH_KEY,
    GOOGLE_API_KEY,
    AZURE_TRANSLATOR_KEY,
    AZURE_TRANSLATOR_REGION,
    LIBRETRANSLATE_API_KEY,
    OPENAI_API_KEY,
];

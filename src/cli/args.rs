//! The command line as clap types. Help text is not written here: `localize` fills it from
//! the Fluent catalogues (`cli-<command>-about`, `cli-<command>-arg-<flag>`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "dramaloc",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Run as if started in DIR.
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,

    /// UI language (before the command).
    #[arg(long = "lang", value_name = "TAG")]
    pub ui_lang: Option<String>,

    #[arg(long, value_enum, value_name = "FORMAT", global = true)]
    pub format: Option<OutputFormat>,

    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    /// JUnit XML (`check`, `validate`); other commands print human output.
    Junit,
    /// One self-contained HTML page (`check`, `validate`); other commands print human output.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(InitArgs),
    Import(ImportArgs),
    Status(StatusArgs),
    Convert(ConvertArgs),
    #[command(subcommand)]
    Cuts(CutsCommand),
    Check(CheckArgs),
    Markets(MarketsArgs),
    Bundle(BundleArgs),
    Validate(ValidateArgs),
    Translate(TranslateArgs),
    Render(RenderArgs),
    Preview(PreviewArgs),
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    #[command(subcommand)]
    Tm(TmCommand),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    #[arg(long = "source-lang", value_name = "TAG", default_value = "zh-Hans")]
    pub source_lang: String,
    #[arg(long, value_name = "RATE", default_value = "30")]
    pub fps: String,
    #[arg(long, value_name = "WxH", default_value = "1080x1920")]
    pub resolution: String,
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_name = "N")]
    pub episode: Option<String>,
    #[arg(long = "lang", value_name = "TAG")]
    pub lang: Option<String>,
    #[arg(long)]
    pub force: bool,
    #[arg(long = "dry-run")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<String>,
    #[arg(long = "from", value_name = "FORMAT")]
    pub from: Option<String>,
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    #[arg(long)]
    pub bom: bool,
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum CutsCommand {
    Import(CutsImportArgs),
    Detect(CutsDetectArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CutUnit {
    S,
    Ms,
    Frames,
}

#[derive(Debug, Args)]
pub struct CutsImportArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_name = "N")]
    pub episode: String,
    #[arg(long, value_name = "RATE")]
    pub fps: Option<String>,
    #[arg(long, value_enum, value_name = "UNIT")]
    pub unit: Option<CutUnit>,
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    Netflix,
    Vertical,
    Aegisub,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Loose subtitle files to check instead of the series.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, value_name = "LIST")]
    pub episodes: Option<String>,
    #[arg(long = "lang", value_name = "TAGS", value_delimiter = ',')]
    pub lang: Vec<String>,
    #[arg(long, value_name = "ID")]
    pub market: Option<String>,
    #[arg(long, value_enum, value_name = "PRESET")]
    pub preset: Option<PresetArg>,
    #[arg(long, value_name = "FILE")]
    pub cuts: Option<PathBuf>,
    #[arg(long, value_name = "RATE")]
    pub fps: Option<String>,
    #[arg(long = "duration", value_name = "MS")]
    pub duration: Option<u64>,
    #[arg(long)]
    pub fix: bool,
    #[arg(long = "dry-run", requires = "fix")]
    pub dry_run: bool,
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// With `--format html`: preview stills of the safe-area and line-length findings.
    #[arg(long)]
    pub previews: bool,
}

#[derive(Debug, Args)]
pub struct CutsDetectArgs {
    #[arg(value_name = "VIDEO|DIR")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_name = "SCORE")]
    pub threshold: Option<String>,
    #[arg(long = "min-shot", value_name = "MS")]
    pub min_shot: Option<String>,
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<String>,
    #[arg(long)]
    pub force: bool,
    #[arg(long = "dry-run")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct MarketsArgs {
    #[command(subcommand)]
    pub command: Option<MarketsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum MarketsCommand {
    Show(MarketsShowArgs),
}

#[derive(Debug, Args)]
pub struct MarketsShowArgs {
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct BundleArgs {
    #[arg(long, value_name = "ID", required = true)]
    pub market: String,
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[arg(long = "allow-findings")]
    pub allow_findings: bool,
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[arg(value_name = "BUNDLE")]
    pub bundle: PathBuf,
    #[arg(long, value_name = "ID|FILE")]
    pub market: Option<String>,
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    Check(GlossaryCheckArgs),
}

#[derive(Debug, Args)]
pub struct GlossaryCheckArgs {
    /// Only these target languages (comma-separated).
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub lang: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Target languages (comma-separated BCP 47 tags).
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub to: Vec<String>,
    #[arg(long, value_name = "LIST")]
    pub episodes: Option<String>,
    #[arg(long, value_name = "ID")]
    pub backend: Option<String>,
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[arg(long, value_name = "ID")]
    pub market: Option<String>,
    #[arg(long = "lang", value_name = "TAGS", value_delimiter = ',')]
    pub lang: Vec<String>,
    #[arg(long, value_name = "LIST")]
    pub episodes: Option<String>,
    #[arg(long, value_name = "N")]
    pub crf: Option<u32>,
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<String>,
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[arg(long)]
    pub force: bool,
    #[arg(long = "dry-run")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[arg(long, value_name = "ID")]
    pub market: Option<String>,
    #[arg(long = "lang", value_name = "TAGS", value_delimiter = ',')]
    pub lang: Vec<String>,
    #[arg(long, value_name = "LIST")]
    pub episodes: Option<String>,
    #[arg(long, value_name = "N", conflicts_with = "at")]
    pub cue: Option<usize>,
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum TmCommand {
    Stats(TmStatsArgs),
    Export(TmExportArgs),
    Import(TmImportArgs),
}

#[derive(Debug, Args)]
pub struct TmStatsArgs {}

#[derive(Debug, Args)]
pub struct TmExportArgs {
    /// TMX file to write (`-` for stdout).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long = "from", value_name = "TAG")]
    pub from: Option<String>,
    #[arg(long = "to", value_name = "TAG")]
    pub to: Option<String>,
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TmImportArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long)]
    pub overwrite: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {}

//! The command-line interface, declared with clap's derive API. This is the only place that
//! knows flag names; commands receive these structs and turn them into settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lighter, accessible images for WordPress, from a terminal or CI.
#[derive(Debug, Parser)]
#[command(name = "altloom", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags about what is printed, shared by every subcommand.
#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail (each file's outcome).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set).
    #[arg(long, global = true)]
    pub no_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter.
    Optimize(Box<OptimizeArgs>),
    /// Put originals back from an `--in-place --backup DIR` run.
    Restore(RestoreArgs),
    /// Inspect configuration.
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--keep-metadata` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeepMetadataArg {
    None,
    Copyright,
    All,
}

#[derive(Debug, Args, Default)]
pub struct OptimizeArgs {
    /// Image files or folders (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Folder for the outputs, mirroring the input tree [default: ./altloom-out].
    #[arg(short, long, value_name = "DIR", conflicts_with = "in_place")]
    pub out: Option<PathBuf>,

    /// Replace the originals (needs --backup DIR or --no-backup).
    #[arg(long)]
    pub in_place: bool,

    /// With --in-place: copy each original here first; `altloom restore --backup DIR` undoes.
    #[arg(
        long,
        value_name = "DIR",
        requires = "in_place",
        conflicts_with = "no_backup"
    )]
    pub backup: Option<PathBuf>,

    /// With --in-place: replace originals without keeping a copy.
    #[arg(long, requires = "in_place")]
    pub no_backup: bool,

    /// Output formats, comma-separated: original, jpeg, png, webp, avif [default: original].
    #[arg(short, long, value_delimiter = ',', value_name = "LIST")]
    pub formats: Option<Vec<String>>,

    /// Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web].
    #[arg(long, value_name = "QUALITY")]
    pub quality: Option<String>,

    /// JPEG chroma subsampling: 420 or 444 [default: 420].
    #[arg(long, value_name = "MODE")]
    pub chroma: Option<String>,

    /// Quantise PNGs to a palette (like pngquant) when the result meets the quality floor.
    #[arg(long)]
    pub png_lossy: bool,

    /// Widths of responsive variants, comma-separated (never upscaled).
    #[arg(short, long, value_delimiter = ',', value_name = "LIST")]
    pub widths: Option<Vec<u32>>,

    /// Write only the width variants, not the full-size output.
    #[arg(long)]
    pub no_original_size: bool,

    /// File name of width variants [default: {stem}-{width}w.{ext}].
    #[arg(long, value_name = "TEMPLATE")]
    pub name_template: Option<String>,

    /// Embed the original ICC profile instead of converting the pixels to sRGB.
    #[arg(long)]
    pub keep_icc: bool,

    /// Metadata to keep [default: none].
    #[arg(long, value_enum, value_name = "WHAT")]
    pub keep_metadata: Option<KeepMetadataArg>,

    /// Do not write converted outputs that are larger than the same-format output.
    #[arg(long)]
    pub skip_larger: bool,

    /// Refuse images with more pixels than this, before decoding [default: 100000000].
    #[arg(long, value_name = "PIXELS")]
    pub max_pixels: Option<u64>,

    /// MiB of decoded pixels held at once across workers [default: 2048].
    #[arg(long, value_name = "MIB")]
    pub memory_budget_mb: Option<u64>,

    /// Give up on a file after this many seconds; 0 never [default: 300].
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,

    /// AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6].
    #[arg(long, value_name = "SPEED", value_parser = clap::value_parser!(u8).range(1..=10))]
    pub avif_speed: Option<u8>,

    /// Only files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Do not honour .gitignore and .ignore files.
    #[arg(long)]
    pub no_ignore: bool,

    /// Redo every file, even when the cache says its outputs are current.
    #[arg(long)]
    pub force: bool,

    /// Files processed in parallel [default: one per core].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print the machine-readable report to stdout instead of the summary.
    #[arg(long)]
    pub json: bool,

    /// Also write the machine-readable report to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// List what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup folder given to `optimize --in-place --backup`.
    #[arg(long, value_name = "DIR")]
    pub backup: PathBuf,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every setting's resolved value and where it came from.
    Show,
}

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

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// Which account server and workspace to use, shared by every subcommand. Tokens are never
/// flags: they come from `altloom login` or the ALTLOOM_TOKEN environment variable.
#[derive(Debug, Args, Clone, Default)]
pub struct ConnectionArgs {
    /// Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com].
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,

    /// Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`].
    #[arg(long, global = true, value_name = "WORKSPACE")]
    pub workspace: Option<String>,
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
    /// Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review,
    /// export and import them.
    Alt(Box<AltArgs>),
    /// Upload images with their alt text, title, caption and description to WordPress sites;
    /// reruns upload nothing twice.
    Push(Box<PushArgs>),
    /// Connect the workspace's WordPress sites, and list, check or remove them.
    Sites(SitesArgs),
    /// Work on a WordPress site's media library: fill in missing alt text, apply a review file.
    Wp(WpArgs),
    /// Put originals back from an `--in-place --backup DIR` run.
    Restore(RestoreArgs),
    /// Create an account and its first workspace, and log in.
    Signup(SignupArgs),
    /// Log in to the account server (password, --device in a browser, or --with-token for CI).
    Login(LoginArgs),
    /// Log out: revoke this machine's token and forget it.
    Logout,
    /// Show who the current token acts as, and where.
    Whoami(WhoamiArgs),
    /// List, switch, create and share workspaces.
    Workspaces(WorkspacesArgs),
    /// Create, list and revoke workspace tokens (for CI).
    Tokens(TokensArgs),
    /// Show the job history of the current workspace.
    Jobs(JobsArgs),
    /// Show the workspace's plan, AI credits left this period, sites and members.
    Usage(UsageArgs),
    /// Subscribe to a paid plan, or manage the subscription, on Stripe's pages.
    Billing(BillingArgs),
    /// Export or delete your account and its data.
    Account(AccountArgs),
    /// Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language.
    Init(InitArgs),
    /// Inspect configuration.
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `altloom man | man -l -`.
    Man,
}

#[derive(Debug, Args, Default)]
pub struct InitArgs {
    /// Write the suggested settings, and those given as flags, without asking.
    #[arg(short, long)]
    pub yes: bool,

    /// Replace an existing altloom.toml.
    #[arg(long)]
    pub force: bool,

    /// Output formats, comma-separated [suggested: original,webp].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub formats: Option<Vec<String>>,

    /// Widths of responsive variants, comma-separated, or none [suggested: none].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub widths: Option<Vec<String>>,

    /// Quality: web, high, max-savings, 1-100, or per format [suggested: web].
    #[arg(long, value_name = "QUALITY")]
    pub quality: Option<String>,

    /// The workspace's WordPress sites to push to, comma-separated [suggested: none].
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub site: Option<Vec<String>>,

    /// Language of the alt text [suggested: the one of LANG, else en].
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
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

    /// Output formats, comma-separated: original, jpeg, png, webp, avif; or auto alone (the
    /// smallest of --allow at the quality target, per variant) [default: original].
    #[arg(short, long, value_delimiter = ',', value_name = "LIST")]
    pub formats: Option<Vec<String>>,

    /// The candidates of --formats auto, comma-separated [default: jpeg,webp].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub allow: Option<Vec<String>>,

    /// Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web].
    #[arg(long, value_name = "QUALITY")]
    pub quality: Option<String>,

    /// Perceptual target each JPEG and WebP output is searched to meet: auto (the quality
    /// preset's), off (fixed settings), or METRIC:VALUE such as dssim:0.0012 or ssimulacra2:80
    /// [default: auto].
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,

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

    /// Estimated working memory of the images in flight, in MiB [default: 200 per worker, at
    /// least 400].
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

    /// Handle only part K of N (1/4 to 4/4), split by each file's path, so N runners share one
    /// batch; auto/N takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// Print the machine-readable report to stdout instead of the summary.
    #[arg(long)]
    pub json: bool,

    /// Also write the machine-readable report to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// List what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// CI gate: write nothing, and exit 1 naming each file that could be more than
    /// --check-threshold smaller, or that breaks a [[check.budget]] of altloom.toml.
    #[arg(long, conflicts_with_all = ["in_place", "alt", "push"])]
    pub check: bool,

    /// With --check: the saving that fails a file, as 15% or 15 [default: 10%].
    #[arg(long, value_name = "PERCENT", requires = "check")]
    pub check_threshold: Option<String>,

    /// Do not report this run to the workspace's job history (setting: report-jobs).
    #[arg(long)]
    pub no_report_job: bool,

    /// Include file paths in the job report (by default only counts, sizes and reasons).
    #[arg(long)]
    pub report_paths: bool,

    /// Also write AI alt text, titles, captions and descriptions into OUT/altloom-meta.json.
    #[arg(long)]
    pub alt: bool,

    #[command(flatten, next_help_heading = "AI metadata (with --alt)")]
    pub alt_options: AltOptionsArgs,

    /// Then upload each image's best full-size output, with its metadata, to WordPress.
    #[arg(long, help_heading = "WordPress (with --push)")]
    pub push: bool,

    #[command(flatten, next_help_heading = "WordPress (with --push)")]
    pub site: SiteArgs,

    /// Uploads to one site at once [default: 4].
    #[arg(long, value_name = "N", help_heading = "WordPress (with --push)")]
    pub push_concurrency: Option<usize>,
}

/// `--provider` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderArg {
    /// The Altloom account server, paid with the workspace's AI credits.
    Altloom,
    /// Your own OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, a gateway): no account, no
    /// credits; the key comes from OPENAI_API_KEY.
    OpenaiCompatible,
}

/// How AI metadata is written, shared by `altloom alt` and `altloom optimize --alt`.
#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct AltOptionsArgs {
    /// Language of the text, BCP 47 (en, pt-BR, de) [default: en].
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Words to use where they are true to the image, comma-separated (never forced).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub keywords: Vec<String>,

    /// Where the images appear (the page, the product), so the text fits its purpose.
    #[arg(long, value_name = "TEXT")]
    pub context: Option<String>,

    /// Longest alt text, in characters [default: 125].
    #[arg(long, value_name = "N")]
    pub max_chars: Option<u32>,

    /// Fields to write, comma-separated: alt, title, caption, description [default: all four].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub fields: Option<Vec<String>>,

    /// Replace existing text, even text a person wrote or reviewed.
    #[arg(long)]
    pub overwrite: bool,

    /// Ask the model again even when an earlier answer is cached (costs credits).
    #[arg(long)]
    pub refresh: bool,

    /// When the credits left do not cover every image, describe as many as they do.
    #[arg(long)]
    pub allow_partial: bool,

    /// Who writes the text [default: altloom].
    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub provider: Option<ProviderArg>,

    /// With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// With --provider openai-compatible: the model to call.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,

    /// Images described at once, 1-32 [default: 4].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AltArgs {
    #[command(subcommand)]
    pub command: Option<AltCommand>,

    /// Image files or folders (searched recursively) to write metadata for.
    #[arg(value_name = "PATH", required_unless_present = "review")]
    pub paths: Vec<PathBuf>,

    /// The metadata file [default: ./altloom-meta.json].
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,

    /// Walk the entries: accept, edit, skip or mark each decorative (after describing PATHS).
    #[arg(long)]
    pub review: bool,

    /// With --review: also the entries already reviewed.
    #[arg(long, requires = "review")]
    pub all: bool,

    /// Only files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Describe only part K of N of the images (1/4 to 4/4), split by path as `optimize --shard`
    /// splits them; auto/N takes K from JOB_COMPLETION_INDEX.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    #[command(flatten)]
    pub options: AltOptionsArgs,
}

#[derive(Debug, Subcommand)]
pub enum AltCommand {
    /// Write the metadata as a CSV spreadsheet, for review outside the terminal.
    Export {
        /// The CSV file to write (`-` for stdout).
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,

        /// The metadata file [default: ./altloom-meta.json].
        #[arg(long, value_name = "FILE")]
        meta: Option<PathBuf>,
    },
    /// Read an edited CSV back: changed rows become human-written and reviewed.
    Import {
        /// The CSV file, as written by `altloom alt export --csv`.
        #[arg(value_name = "FILE")]
        file: PathBuf,

        /// The metadata file [default: ./altloom-meta.json].
        #[arg(long, value_name = "FILE")]
        meta: Option<PathBuf>,
    },
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

#[derive(Debug, Args)]
pub struct SignupArgs {
    /// Your name [prompted when missing].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Your email address [prompted when missing].
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,

    /// The name of your first workspace [prompted when missing].
    #[arg(long, value_name = "NAME")]
    pub workspace_name: Option<String>,

    /// Read the password from the first line of stdin instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,

    /// Name of this machine's token [default: altloom CLI on HOSTNAME].
    #[arg(long, value_name = "NAME")]
    pub token_name: Option<String>,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Your email address [prompted when missing].
    #[arg(long, value_name = "EMAIL", conflicts_with_all = ["with_token", "device"])]
    pub email: Option<String>,

    /// Read the password from the first line of stdin instead of prompting.
    #[arg(long, conflicts_with_all = ["with_token", "device"])]
    pub password_stdin: bool,

    /// Read an API token from stdin (for CI), check it with the server and store it.
    #[arg(long, conflicts_with = "device")]
    pub with_token: bool,

    /// Log in by approving a code in a browser where you are logged in.
    #[arg(long)]
    pub device: bool,

    /// Name of this machine's token [default: altloom CLI on HOSTNAME].
    #[arg(long, value_name = "NAME", conflicts_with = "with_token")]
    pub token_name: Option<String>,
}

#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// Print the server's answer as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WorkspacesArgs {
    #[command(subcommand)]
    pub command: WorkspacesCommand,
}

/// Roles an invite can give.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InviteRoleArg {
    Member,
    Admin,
}

#[derive(Debug, Subcommand)]
pub enum WorkspacesCommand {
    /// List the workspaces you can act in; `*` marks the current one.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a workspace the current one, by id or name.
    Switch {
        /// The workspace's id or name.
        #[arg(value_name = "WORKSPACE")]
        target: String,
    },
    /// Create a workspace (you become its owner).
    Create {
        /// The new workspace's name.
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List the members of the current workspace.
    Members {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Invite someone to the current workspace: prints a link to send them.
    Invite {
        /// The role the invitee gets.
        #[arg(long, value_enum, default_value = "member")]
        role: InviteRoleArg,

        /// Days the link stays valid (at most 30) [default: 7].
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to
    /// stdin. It is never taken as an argument, where process listings and shell history keep it.
    Join,
}

#[derive(Debug, Args)]
pub struct TokensArgs {
    #[command(subcommand)]
    pub command: TokensCommand,
}

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Create a workspace token; it is printed once, on stdout.
    Create {
        /// A name saying where it is used, such as ci-main.
        #[arg(value_name = "NAME")]
        name: String,

        /// What it may do, comma-separated: jobs, alt_text, push, admin [default: jobs,alt_text,push].
        #[arg(long, value_delimiter = ',', value_name = "LIST")]
        scopes: Option<Vec<String>>,

        /// Days until it expires [default: never].
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// List the tokens of the current workspace.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token, by id or name; it stops working at once.
    Revoke {
        /// The token's id (or its name, when unique).
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct BillingArgs {
    #[command(subcommand)]
    pub command: BillingCommand,
}

#[derive(Debug, Subcommand)]
pub enum BillingCommand {
    /// Subscribe the current workspace to a paid plan: prints a Stripe Checkout link.
    Upgrade {
        /// The plan, such as pro or agency (`altloom usage` shows the current one).
        #[arg(value_name = "PLAN")]
        plan: String,

        /// Only print the link; do not open a browser.
        #[arg(long)]
        no_browser: bool,
    },
    /// Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link.
    Portal {
        /// Only print the link; do not open a browser.
        #[arg(long)]
        no_browser: bool,
    },
}

#[derive(Debug, Args)]
pub struct UsageArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JobsArgs {
    /// How many jobs to show, newest first.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub limit: u32,

    /// Show jobs older than this job id (for paging).
    #[arg(long, value_name = "JOB_ID")]
    pub before: Option<String>,

    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AccountArgs {
    #[command(subcommand)]
    pub command: AccountCommand,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Download everything the server holds about you, as JSON.
    Export {
        /// Write to this file (readable only by you) instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete your account, your tokens, and the workspaces only you own.
    Delete {
        /// Do not ask for confirmation (needed when stdin is not a terminal).
        #[arg(long)]
        yes: bool,
    },
}

/// Which WordPress sites: the workspace's, by name, or one site without an account.
#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct SiteArgs {
    /// The workspace's sites, by name, comma-separated (see `altloom sites list`).
    #[arg(long, value_delimiter = ',', value_name = "NAME")]
    pub site: Vec<String>,

    /// Without an account: the site's address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD).
    #[arg(long, value_name = "URL", conflicts_with = "site")]
    pub wp_url: Option<String>,

    /// Without an account: the WordPress user the Application Password belongs to.
    #[arg(long, value_name = "USER", requires = "wp_url")]
    pub wp_user: Option<String>,
}

#[derive(Debug, Args, Default)]
pub struct PushArgs {
    /// Image files or folders to upload as they are.
    #[arg(
        value_name = "PATH",
        required_unless_present = "report",
        conflicts_with = "report"
    )]
    pub paths: Vec<PathBuf>,

    /// Upload the outputs of an `altloom optimize --report FILE` run (the best full-size format
    /// each site accepts).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// The metadata file [default: altloom-meta.json in the output folder of --report, in a
    /// folder given as PATH, or in the current folder].
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,

    #[command(flatten)]
    pub site: SiteArgs,

    /// Uploads to one site at once [default: 4].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,

    /// Show what would be uploaded or updated, and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Print the outcome as JSON on stdout.
    #[arg(long)]
    pub json: bool,

    /// With PATHS: upload only part K of N of the files (1/4 to 4/4), split by path as
    /// `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX.
    #[arg(long, value_name = "K/N", conflicts_with = "report")]
    pub shard: Option<String>,
}

#[derive(Debug, Args)]
pub struct SitesArgs {
    #[command(subcommand)]
    pub command: SitesCommand,
}

#[derive(Debug, Subcommand)]
pub enum SitesCommand {
    /// Connect a site: the server checks the user can upload media, then keeps the Application
    /// Password encrypted. The password is asked for (or read from stdin), never a flag.
    Add {
        /// How commands will name the site (`--site NAME`): lowercase letters, digits, - and _.
        name: String,
        /// The site's address, such as https://example.com.
        #[arg(long, value_name = "URL")]
        url: String,
        /// The WordPress user the Application Password belongs to.
        #[arg(long, value_name = "USER")]
        user: String,
    },
    /// List the workspace's sites.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check a site's stored credentials against the site again.
    Test { name: String },
    /// Forget a site's credentials and its push ledger (nothing on the site is deleted).
    Remove {
        name: String,
        /// Do not ask for confirmation (needed when stdin is not a terminal).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct WpArgs {
    #[command(subcommand)]
    pub command: WpCommand,
}

#[derive(Debug, Subcommand)]
pub enum WpCommand {
    /// Describe the images of a site's media library that have no alt text and write the text
    /// to them (only into empty fields, unless --overwrite), or into a review file (--review).
    FillAlt(Box<FillAltArgs>),
    /// Write a review file of `wp fill-alt --review` to its site; text that appeared on the site
    /// since is kept and reported (unless --overwrite).
    Apply(WpApplyArgs),
}

#[derive(Debug, Args)]
pub struct FillAltArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// List the images that would be described; change nothing and spend nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Describe at most N images (the oldest first); a rerun picks up the rest.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Only images uploaded on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, the site's time).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Write the text into a review file (.csv or .json) instead of the site, for `altloom wp
    /// apply FILE` [default FILE: altloom-review.csv].
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        default_missing_value = "altloom-review.csv"
    )]
    pub review: Option<PathBuf>,

    #[command(flatten)]
    pub options: AltOptionsArgs,
}

#[derive(Debug, Args)]
pub struct WpApplyArgs {
    /// The review file written by `altloom wp fill-alt --review` (CSV or JSON).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The workspace's site to write to [default: the site the file names].
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,

    /// Without an account: the site's address [default: the one the file names] (the
    /// Application Password comes from ALTLOOM_WP_APP_PASSWORD).
    #[arg(long, value_name = "URL", conflicts_with = "site")]
    pub wp_url: Option<String>,

    /// Without an account: the WordPress user the Application Password belongs to.
    #[arg(long, value_name = "USER", conflicts_with = "site")]
    pub wp_user: Option<String>,

    /// Replace text on the site that differs from the file's (a person's, or added since).
    #[arg(long)]
    pub overwrite: bool,

    /// Show what would be written; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

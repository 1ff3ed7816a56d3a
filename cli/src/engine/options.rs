//! Options that steer one optimisation batch: formats, quality, variants, colour, safety, destination.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::metadata::KeepMetadata;
use super::target::{Metric, Target};

/// An encoded output format the engine can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Jpeg,
    Png,
    Webp,
    Avif,
    Gif,
}

impl OutputFormat {
    /// The file extension written for this format.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpg",
            OutputFormat::Png => "png",
            OutputFormat::Webp => "webp",
            OutputFormat::Avif => "avif",
            OutputFormat::Gif => "gif",
        }
    }

    /// The lowercase name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpeg",
            OutputFormat::Png => "png",
            OutputFormat::Webp => "webp",
            OutputFormat::Avif => "avif",
            OutputFormat::Gif => "gif",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// One entry of `--formats`: the input's own format, a fixed one, or `auto` (for each variant,
/// the smallest of the allowed formats at the quality target).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormatChoice {
    Original,
    Format(OutputFormat),
    Auto,
}

impl FromStr for FormatChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "original" => Ok(FormatChoice::Original),
            "auto" => Ok(FormatChoice::Auto),
            "jpeg" | "jpg" => Ok(FormatChoice::Format(OutputFormat::Jpeg)),
            "png" => Ok(FormatChoice::Format(OutputFormat::Png)),
            "webp" => Ok(FormatChoice::Format(OutputFormat::Webp)),
            "avif" => Ok(FormatChoice::Format(OutputFormat::Avif)),
            other => Err(format!(
                "unknown format `{other}` (expected original, auto, jpeg, png, webp or avif)"
            )),
        }
    }
}

impl fmt::Display for FormatChoice {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatChoice::Original => formatter.write_str("original"),
            FormatChoice::Auto => formatter.write_str("auto"),
            FormatChoice::Format(format) => write!(formatter, "{format}"),
        }
    }
}

/// A named quality level. Each preset maps to a setting per encoder; the perceptual-target work will
/// turn these into metric targets without changing how callers pass quality around.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum QualityPreset {
    /// Visually clean at normal viewing size; the default.
    #[default]
    Web,
    /// For photography portfolios and hero images.
    High,
    /// Smallest files that still look acceptable.
    MaxSavings,
}

impl QualityPreset {
    /// The dssim each preset aims for. `web` is about what mozjpeg at quality 78 gives a
    /// typical 2-megapixel photo, now held per image (busy photos get more, simple ones less);
    /// `high` halves the difference, `max-savings` doubles it.
    fn target(self) -> Target {
        let value = match self {
            QualityPreset::Web => 0.0015,
            QualityPreset::High => 0.00075,
            QualityPreset::MaxSavings => 0.003,
        };
        Target {
            metric: Metric::Dssim,
            value,
        }
    }

    fn name(self) -> &'static str {
        match self {
            QualityPreset::Web => "web",
            QualityPreset::High => "high",
            QualityPreset::MaxSavings => "max-savings",
        }
    }

    /// The encoder setting (0–100 on each encoder's own scale) for a format.
    fn setting_for(self, format: OutputFormat) -> u8 {
        match (self, format) {
            (QualityPreset::Web, OutputFormat::Jpeg) => 78,
            (QualityPreset::Web, OutputFormat::Webp) => 78,
            (QualityPreset::Web, OutputFormat::Avif) => 62,
            (QualityPreset::Web, OutputFormat::Png | OutputFormat::Gif) => 80,
            (QualityPreset::High, OutputFormat::Jpeg) => 88,
            (QualityPreset::High, OutputFormat::Webp) => 88,
            (QualityPreset::High, OutputFormat::Avif) => 75,
            (QualityPreset::High, OutputFormat::Png | OutputFormat::Gif) => 90,
            (QualityPreset::MaxSavings, OutputFormat::Jpeg) => 68,
            (QualityPreset::MaxSavings, OutputFormat::Webp) => 66,
            (QualityPreset::MaxSavings, OutputFormat::Avif) => 50,
            (QualityPreset::MaxSavings, OutputFormat::Png | OutputFormat::Gif) => 65,
        }
    }
}

/// Quality for every format: a preset plus optional per-format numbers.
///
/// Written as `web`, `high`, `max-savings`, a number for every format (`80`), per-format numbers
/// (`jpeg=80,webp=75`), or a preset with overrides (`high,avif=60`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Quality {
    preset: QualityPreset,
    overrides: BTreeMap<OutputFormat, u8>,
    everywhere: Option<u8>,
}

impl Quality {
    /// The setting given for `format` as a number (`80` or `jpeg=80`), which always wins over
    /// a quality target; `None` when the preset decides.
    pub fn explicit_setting(&self, format: OutputFormat) -> Option<u8> {
        self.overrides.get(&format).copied().or(self.everywhere)
    }

    /// The perceptual target of the preset: what `web`, `high` and `max-savings` aim for when
    /// no `--target` is given.
    pub fn preset_target(&self) -> Target {
        self.preset.target()
    }

    /// The 0–100 encoder setting for `format`. For PNG it is the palette quality floor of
    /// `--png-lossy`; lossless PNG ignores it.
    pub fn setting_for(&self, format: OutputFormat) -> u8 {
        self.overrides
            .get(&format)
            .copied()
            .or(self.everywhere)
            .unwrap_or_else(|| self.preset.setting_for(format))
    }
}

impl FromStr for Quality {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut quality = Quality::default();
        for part in text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            if let Some((format, number)) = part.split_once('=') {
                let format = match FormatChoice::from_str(format)? {
                    FormatChoice::Format(format) => format,
                    FormatChoice::Original | FormatChoice::Auto => {
                        return Err(
                            "quality is set per real format, not for `original` or `auto`".into(),
                        )
                    }
                };
                quality.overrides.insert(format, parse_percentage(number)?);
            } else if let Ok(number) = part.parse::<i64>() {
                quality.everywhere = Some(parse_percentage(&number.to_string())?);
            } else {
                quality.preset = match part.to_ascii_lowercase().as_str() {
                    "web" => QualityPreset::Web,
                    "high" => QualityPreset::High,
                    "max-savings" => QualityPreset::MaxSavings,
                    other => {
                        return Err(format!(
                            "unknown quality `{other}` (expected web, high, max-savings, a number 1-100, or FORMAT=NUMBER)"
                        ))
                    }
                };
            }
        }
        Ok(quality)
    }
}

fn parse_percentage(text: &str) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(number @ 1..=100) => Ok(number),
        _ => Err(format!(
            "quality `{}` is not a number from 1 to 100",
            text.trim()
        )),
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = vec![self.preset.name().to_string()];
        if let Some(number) = self.everywhere {
            parts = vec![number.to_string()];
        }
        parts.extend(
            self.overrides
                .iter()
                .map(|(format, number)| format!("{format}={number}")),
        );
        formatter.write_str(&parts.join(","))
    }
}

/// The `target` setting: the quality preset's target, none, or one given as METRIC:VALUE.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TargetSetting {
    Auto,
    Off,
    Explicit(Target),
}

impl FromStr for TargetSetting {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(TargetSetting::Auto),
            "off" | "none" => Ok(TargetSetting::Off),
            _ => text.parse().map(TargetSetting::Explicit),
        }
    }
}

/// JPEG chroma subsampling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Chroma {
    /// Half-resolution colour; the web default and much smaller for photos.
    #[default]
    Subsampled420,
    /// Full-resolution colour, for graphics with sharp coloured edges.
    Full444,
}

impl FromStr for Chroma {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "420" | "4:2:0" => Ok(Chroma::Subsampled420),
            "444" | "4:4:4" => Ok(Chroma::Full444),
            other => Err(format!("unknown chroma `{other}` (expected 420 or 444)")),
        }
    }
}

impl fmt::Display for Chroma {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Chroma::Subsampled420 => "420",
            Chroma::Full444 => "444",
        })
    }
}

/// The output file name pattern for each variant, with `{stem}`, `{width}` and `{ext}` placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameTemplate(String);

impl NameTemplate {
    pub const DEFAULT: &'static str = "{stem}-{width}w.{ext}";

    /// Renders the file name of a width variant.
    pub fn render(&self, stem: &str, width: u32, extension: &str) -> String {
        self.0
            .replace("{stem}", stem)
            .replace("{width}", &width.to_string())
            .replace("{ext}", extension)
    }
}

impl Default for NameTemplate {
    fn default() -> Self {
        NameTemplate(Self::DEFAULT.to_string())
    }
}

impl FromStr for NameTemplate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let missing: Vec<&str> = ["{stem}", "{width}", "{ext}"]
            .into_iter()
            .filter(|placeholder| !text.contains(placeholder))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "name template `{text}` must contain {} so variants cannot overwrite each other",
                missing.join(", ")
            ));
        }
        if text.contains('/') || text.contains('\\') {
            return Err(format!(
                "name template `{text}` must be a file name, not a path"
            ));
        }
        Ok(NameTemplate(text.to_string()))
    }
}

impl fmt::Display for NameTemplate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Where outputs are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Mirror the input tree below this folder.
    Folder(PathBuf),
    /// Replace the originals; a backup folder receives the originals first unless it is `None`
    /// (which the command layer allows only with an explicit `--no-backup`).
    InPlace { backup: Option<PathBuf> },
}

/// Everything the engine needs to optimise a batch. Built by the command layer from settings;
/// the engine never reads flags or the environment itself.
#[derive(Clone, Debug)]
pub struct OptimizeOptions {
    pub formats: Vec<FormatChoice>,
    /// The candidates of `--formats auto`.
    pub allow: Vec<OutputFormat>,
    pub quality: Quality,
    /// The perceptual target JPEG and WebP outputs are encoded to (numbers in `quality` win for
    /// their formats); `None` encodes at the fixed settings.
    pub target: Option<Target>,
    pub chroma: Chroma,
    pub png_lossy: bool,
    pub widths: Vec<u32>,
    pub keep_original_size: bool,
    pub name_template: NameTemplate,
    pub keep_icc: bool,
    pub keep_metadata: KeepMetadata,
    pub skip_larger: bool,
    pub max_pixels: u64,
    /// Estimated working memory of the images in flight, in bytes; 0 means automatic
    /// ([`AUTOMATIC_MEMORY_PER_WORKER`] per worker, at least [`AUTOMATIC_MEMORY_MINIMUM`]).
    pub memory_budget_bytes: u64,
    pub file_timeout: Option<Duration>,
    pub avif_speed: u8,
    pub destination: Destination,
    pub force: bool,
    pub dry_run: bool,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Where the incremental cache lives; `None` disables it.
    pub cache_file: Option<PathBuf>,
}

/// The automatic memory budget per worker: enough for a 4-megapixel JPEG or WebP beside
/// another, while a 4-megapixel AVIF encode (estimated at 80 bytes per pixel, see
/// `budget::estimate_peak_bytes`) gets most of a two-worker budget and runs with both threads.
pub const AUTOMATIC_MEMORY_PER_WORKER: u64 = 200 * 1024 * 1024;

/// The smallest automatic memory budget.
pub const AUTOMATIC_MEMORY_MINIMUM: u64 = 400 * 1024 * 1024;

impl OptimizeOptions {
    /// The memory budget in bytes for a batch run by `jobs` workers.
    pub fn resolved_memory_budget(&self, jobs: usize) -> u64 {
        if self.memory_budget_bytes > 0 {
            return self.memory_budget_bytes;
        }
        (jobs as u64)
            .saturating_mul(AUTOMATIC_MEMORY_PER_WORKER)
            .max(AUTOMATIC_MEMORY_MINIMUM)
    }

    /// Whether any output of this batch may be AVIF (its encoder needs the most memory).
    pub fn may_write_avif(&self) -> bool {
        self.formats.iter().any(|choice| match choice {
            FormatChoice::Format(format) => *format == OutputFormat::Avif,
            FormatChoice::Auto => self.allow.contains(&OutputFormat::Avif),
            FormatChoice::Original => false,
        })
    }
}

impl Default for OptimizeOptions {
    fn default() -> Self {
        OptimizeOptions {
            formats: vec![FormatChoice::Original],
            allow: vec![OutputFormat::Jpeg, OutputFormat::Webp],
            quality: Quality::default(),
            target: None,
            chroma: Chroma::default(),
            png_lossy: false,
            widths: Vec::new(),
            keep_original_size: true,
            name_template: NameTemplate::default(),
            keep_icc: false,
            keep_metadata: KeepMetadata::None,
            skip_larger: false,
            max_pixels: 100_000_000,
            memory_budget_bytes: 0,
            file_timeout: Some(Duration::from_secs(300)),
            avif_speed: 6,
            destination: Destination::Folder(PathBuf::from("altloom-out")),
            force: false,
            dry_run: false,
            jobs: 0,
            cache_file: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_parses_presets_numbers_and_overrides() {
        let web: Quality = "web".parse().unwrap();
        assert_eq!(web.setting_for(OutputFormat::Jpeg), 78);
        let everywhere: Quality = "70".parse().unwrap();
        assert_eq!(everywhere.setting_for(OutputFormat::Webp), 70);
        let mixed: Quality = "high,avif=55".parse().unwrap();
        assert_eq!(mixed.setting_for(OutputFormat::Avif), 55);
        assert_eq!(mixed.setting_for(OutputFormat::Jpeg), 88);
        assert_eq!(mixed.to_string(), "high,avif=55");
        assert!("0".parse::<Quality>().is_err());
        assert!("101".parse::<Quality>().is_err());
        assert!("ultra".parse::<Quality>().unwrap_err().contains("ultra"));
        assert!("original=5".parse::<Quality>().is_err());
    }

    #[test]
    fn name_template_requires_every_placeholder() {
        assert!("{stem}.{ext}".parse::<NameTemplate>().is_err());
        assert!("a/{stem}-{width}.{ext}".parse::<NameTemplate>().is_err());
        let template: NameTemplate = "{stem}_{width}.{ext}".parse().unwrap();
        assert_eq!(template.render("photo", 480, "webp"), "photo_480.webp");
    }

    #[test]
    fn format_choice_names_round_trip() {
        for name in ["original", "auto", "jpeg", "png", "webp", "avif"] {
            assert_eq!(name.parse::<FormatChoice>().unwrap().to_string(), name);
        }
        assert!("bmp".parse::<FormatChoice>().is_err());
    }
}

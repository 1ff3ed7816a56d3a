//! Carries image metadata (EXIF, XMP, IPTC, ICC) from a source file into its re-encoded output.
//!
//! The optimizer decodes every image to pixels and encodes it again, which throws away everything
//! that was stored next to the pixels. This module carries the parts the user asked to keep
//! (EXIF, XMP, IPTC and the ICC profile) from the source file to the output file:
//!
//! 1. [`read_any`] (or [`read_jpeg`], [`read_png`], [`read_webp`]) collects the raw payloads.
//! 2. [`plan`] decides, for a [`KeepMetadata`] level, what is embedded and reports what was kept
//!    and dropped in short stable names.
//! 3. [`embed_jpeg`], [`embed_png`] or [`embed_webp`] insert the planned payloads into the encoded file.
//!
//! Decisions worth knowing:
//! - With [`KeepMetadata::All`] the EXIF Orientation is rewritten to 1 in place, because the caller
//!   has already rotated the pixels, and the EXIF thumbnail (IFD1) is removed: it would still show
//!   the unrotated picture, and it is often the largest part of the EXIF block.
//! - Extended XMP (the JPEG continuation segments for packets over 64 KB) is not read or written.
//! - IPTC in PNG is written as an ImageMagick-style `zTXt` "Raw profile type iptc" chunk, the only
//!   convention PNG readers (ExifTool, ImageMagick) agree on.
//! - An MPF (multi-picture) index in a JPEG is kept but not re-pointed; the encoders this module
//!   serves write single-picture files.

use std::fmt;
use std::ops::Range;

use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::png::{Png, PngChunk};
use img_parts::Bytes;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, NamespaceResolver, ResolveResult};
use quick_xml::{NsReader, Writer, XmlVersion};

/// What the source file carried, as raw payloads.
#[derive(Clone, Default, PartialEq)]
pub struct SourceMetadata {
    /// The raw TIFF structure ("II*\0" or "MM\0*"...), without the "Exif\0\0" JPEG prefix.
    pub exif: Option<Vec<u8>>,
    /// The XMP packet (XML bytes).
    pub xmp: Option<Vec<u8>>,
    /// IPTC-IIM datasets (the payload of Photoshop image resource 0x0404), raw.
    pub iptc: Option<Vec<u8>>,
    /// The ICC profile, reassembled from all chunks.
    pub icc: Option<Vec<u8>>,
}

impl fmt::Debug for SourceMetadata {
    /// Prints only which parts are present and their sizes, because the payloads can be megabytes of binary.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SourceMetadata")
            .field("exif", &PartSize(&self.exif))
            .field("xmp", &PartSize(&self.xmp))
            .field("iptc", &PartSize(&self.iptc))
            .field("icc", &PartSize(&self.icc))
            .finish()
    }
}

/// How much of the source metadata the output keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepMetadata {
    /// Nothing but the ICC profile the output pixels need.
    None,
    /// Only authorship and rights: EXIF Artist and Copyright, the XMP rights properties and the
    /// IPTC by-line, credit, source and copyright notice, rebuilt into new minimal blocks.
    Copyright,
    /// Everything, with the orientation reset to 1 because the pixels are already rotated.
    All,
}

/// What will be written into an output file.
#[derive(Clone, Default, PartialEq)]
pub struct EmbeddedMetadata {
    /// The raw TIFF structure, without the "Exif\0\0" JPEG prefix.
    pub exif: Option<Vec<u8>>,
    /// The XMP packet (XML bytes).
    pub xmp: Option<Vec<u8>>,
    /// IPTC-IIM datasets, raw.
    pub iptc: Option<Vec<u8>>,
    /// The ICC profile.
    pub icc: Option<Vec<u8>>,
}

impl fmt::Debug for EmbeddedMetadata {
    /// Prints only which parts are present and their sizes, like [`SourceMetadata`].
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("EmbeddedMetadata")
            .field("exif", &PartSize(&self.exif))
            .field("xmp", &PartSize(&self.xmp))
            .field("iptc", &PartSize(&self.iptc))
            .field("icc", &PartSize(&self.icc))
            .finish()
    }
}

/// The decision, with human-readable names of what was kept and dropped for the per-file report.
///
/// The names are short and stable because the report shows them:
/// - whole parts: `exif`, `xmp`, `iptc`, `icc`;
/// - single fields kept in [`KeepMetadata::Copyright`] mode: `exif:Artist`, `exif:Copyright`,
///   `xmp:<prefix>:<property>` (for example `xmp:dc:rights`), `iptc:By-line`, `iptc:Credit`,
///   `iptc:Source`, `iptc:CopyrightNotice`;
/// - remainders dropped in that mode: `exif:GPS`, `exif (other tags)`, `xmp (other properties)`,
///   `iptc (other datasets)`;
/// - `exif:thumbnail` when [`KeepMetadata::All`] removed the EXIF thumbnail;
/// - `exif (unreadable)`, `xmp (unreadable)`, `iptc (unreadable)` for malformed parts;
/// - `icc (converted to sRGB)` when the source profile is not carried over.
#[derive(Clone, Debug, PartialEq)]
pub struct MetadataPlan {
    /// The payloads to hand to one of the `embed_*` functions.
    pub embed: EmbeddedMetadata,
    /// Names of the parts or fields that the output carries.
    pub kept: Vec<String>,
    /// Names of the parts or fields that the output no longer carries.
    pub dropped: Vec<String>,
}

/// Why a container could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// The bytes do not start with the signature of the expected format.
    #[error("the data is not a {format} file")]
    WrongFormat {
        /// The expected format: "JPEG", "PNG" or "WebP".
        format: &'static str,
    },
    /// The container structure (segments or chunks) is broken or truncated.
    #[error("the {format} file is malformed: {reason}")]
    Malformed {
        /// The format being read: "JPEG", "PNG" or "WebP".
        format: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A metadata part, or a whole WebP file, is bigger than the container can carry.
    #[error(
        "the {part} data is {size} bytes, more than the {limit} bytes a {format} file can carry"
    )]
    TooLarge {
        /// The format being written: "JPEG", "PNG" or "WebP".
        format: &'static str,
        /// The part: "EXIF", "XMP", "IPTC" or "ICC"; for WebP also "image" (a copied image
        /// chunk) or "RIFF" (the whole file), whose sizes are 32-bit.
        part: &'static str,
        /// The size of the part in bytes.
        size: usize,
        /// The largest size the format allows for that part.
        limit: usize,
    },
}

const JPEG_FORMAT: &str = "JPEG";
const PNG_FORMAT: &str = "PNG";
const WEBP_FORMAT: &str = "WebP";

const EXIF_JPEG_PREFIX: &[u8] = b"Exif\0\0";
const XMP_JPEG_PREFIX: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const EXTENDED_XMP_JPEG_PREFIX: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const ICC_JPEG_PREFIX: &[u8] = b"ICC_PROFILE\0";
const PHOTOSHOP_JPEG_PREFIX: &[u8] = b"Photoshop 3.0\0";
const PHOTOSHOP_RESOURCE_SIGNATURE: &[u8] = b"8BIM";
const IPTC_RESOURCE_ID: u16 = 0x0404;

/// A JPEG segment length field is 16 bits and counts itself, which leaves 65533 bytes of content.
const JPEG_SEGMENT_MAX_CONTENT: usize = 65533;
/// An ICC chunk also spends two bytes on its sequence number and chunk count: 65533 - 12 - 2.
const JPEG_ICC_CHUNK_MAX: usize = JPEG_SEGMENT_MAX_CONTENT - ICC_JPEG_PREFIX.len() - 2;
/// The chunk count is a single byte.
const JPEG_ICC_MAX_CHUNKS: usize = 255;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const PNG_XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp";
const PNG_RAW_PROFILE_PREFIX: &[u8] = b"Raw profile type ";
const PNG_ICC_PROFILE_NAME: &[u8] = b"ICC Profile";
/// PNG chunk lengths are limited to 2^31 - 1 bytes.
const PNG_CHUNK_MAX: usize = 0x7FFF_FFFF;
/// Level 10 is miniz's best compression; ICC profiles are small, so the extra time is negligible.
const ZLIB_COMPRESSION_LEVEL: u8 = 10;
/// Compressed metadata inflating past this is ignored, so that a small chunk cannot allocate
/// unbounded memory. libpng rejects profiles over 8 MB by default, so real files are not affected.
const MAX_INFLATED_METADATA: usize = 16 * 1024 * 1024;

const WEBP_FLAG_ICC: u8 = 0x20;
const WEBP_FLAG_ALPHA: u8 = 0x10;
const WEBP_FLAG_EXIF: u8 = 0x08;
const WEBP_FLAG_XMP: u8 = 0x04;
const WEBP_FLAG_ANIMATION: u8 = 0x02;

const TIFF_HEADER_LENGTH: usize = 8;
const TIFF_DIRECTORY_ENTRY_LENGTH: usize = 12;
const TIFF_TYPE_BYTE: u16 = 1;
const TIFF_TYPE_ASCII: u16 = 2;
const TIFF_TYPE_SHORT: u16 = 3;
const TIFF_TYPE_LONG: u16 = 4;
const TIFF_TYPE_UNDEFINED: u16 = 7;
/// EXIF 3.0 added a UTF-8 string type.
const TIFF_TYPE_UTF8: u16 = 129;
const TAG_STRIP_OFFSETS: u16 = 0x0111;
const TAG_ORIENTATION: u16 = 0x0112;
const TAG_STRIP_BYTE_COUNTS: u16 = 0x0117;
const TAG_ARTIST: u16 = 0x013B;
const TAG_TILE_OFFSETS: u16 = 0x0144;
const TAG_SUB_DIRECTORIES: u16 = 0x014A;
const TAG_JPEG_THUMBNAIL_OFFSET: u16 = 0x0201;
const TAG_JPEG_THUMBNAIL_LENGTH: u16 = 0x0202;
const TAG_COPYRIGHT: u16 = 0x8298;
const TAG_EXIF_DIRECTORY: u16 = 0x8769;
const TAG_GPS_DIRECTORY: u16 = 0x8825;
const TAG_INTEROPERABILITY_DIRECTORY: u16 = 0xA005;
/// Walking more linked directories than this means the offsets form a loop or are garbage.
const MAX_EXIF_DIRECTORIES: usize = 16;

const IPTC_TAG_MARKER: u8 = 0x1C;
const IPTC_ENVELOPE_RECORD: u8 = 1;
const IPTC_APPLICATION_RECORD: u8 = 2;
const IPTC_RECORD_VERSION: u8 = 0;
const IPTC_CODED_CHARACTER_SET: u8 = 90;
/// Version 4 of the IIM application record, the last one published.
const IPTC_DEFAULT_APPLICATION_RECORD_VERSION: [u8; 2] = [0x00, 0x04];
/// The application-record datasets kept in Copyright mode, in dataset-number order, with their IPTC names.
const IPTC_RIGHTS_DATASETS: [(u8, &str); 4] = [
    (80, "By-line"),
    (110, "Credit"),
    (115, "Source"),
    (116, "CopyrightNotice"),
];

const RDF_NAMESPACE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const TIFF_XMP_NAMESPACE: &str = "http://ns.adobe.com/tiff/1.0/";
const DUBLIN_CORE: XmpNamespace = XmpNamespace {
    prefix: "dc",
    uri: "http://purl.org/dc/elements/1.1/",
};
const XMP_RIGHTS: XmpNamespace = XmpNamespace {
    prefix: "xmpRights",
    uri: "http://ns.adobe.com/xap/1.0/rights/",
};
const PHOTOSHOP: XmpNamespace = XmpNamespace {
    prefix: "photoshop",
    uri: "http://ns.adobe.com/photoshop/1.0/",
};

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Reads the metadata of a JPEG file: APP1 Exif and XMP, APP2 ICC_PROFILE chunks (reassembled in
/// sequence order) and the IPTC resource of the APP13 Photoshop 3.0 segments.
///
/// Extended XMP is ignored. A part that is present but inconsistent, such as an ICC profile with a
/// missing chunk, is left out rather than failing the whole read.
pub fn read_jpeg(bytes: &[u8]) -> Result<SourceMetadata, MetadataError> {
    let jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes))
        .map_err(|error| container_error(JPEG_FORMAT, error))?;
    let mut metadata = SourceMetadata::default();
    let mut icc_chunks = Vec::new();
    // Photoshop splits large resource blocks over several APP13 segments, so they are joined first.
    let mut photoshop_resources = Vec::new();
    for segment in jpeg.segments() {
        let contents: &[u8] = segment.contents();
        match segment.marker() {
            markers::APP1 => {
                if let Some(tiff) = contents.strip_prefix(EXIF_JPEG_PREFIX) {
                    fill_once(&mut metadata.exif, tiff);
                } else if let Some(packet) = contents.strip_prefix(XMP_JPEG_PREFIX) {
                    fill_once(&mut metadata.xmp, packet);
                }
            }
            markers::APP2 => {
                if let Some([sequence_number, chunk_count, data @ ..]) =
                    contents.strip_prefix(ICC_JPEG_PREFIX)
                {
                    icc_chunks.push(IccChunk {
                        sequence_number: *sequence_number,
                        chunk_count: *chunk_count,
                        data,
                    });
                }
            }
            markers::APP13 => {
                if let Some(resources) = contents.strip_prefix(PHOTOSHOP_JPEG_PREFIX) {
                    photoshop_resources.extend_from_slice(resources);
                }
            }
            _ => {}
        }
    }
    metadata.icc = reassemble_icc_profile(icc_chunks);
    metadata.iptc = photoshop_resource(&photoshop_resources, IPTC_RESOURCE_ID)
        .filter(|iptc| !iptc.is_empty())
        .map(<[u8]>::to_vec);
    Ok(metadata)
}

/// Reads the metadata of a PNG file: `eXIf`, `iCCP`, the `iTXt` "XML:com.adobe.xmp" packet, and as
/// a fallback the ImageMagick-style "Raw profile type exif/APP1/iptc/8bim/xmp/icc" text chunks.
pub fn read_png(bytes: &[u8]) -> Result<SourceMetadata, MetadataError> {
    let png = Png::from_bytes(Bytes::copy_from_slice(bytes))
        .map_err(|error| container_error(PNG_FORMAT, error))?;
    let mut metadata = SourceMetadata::default();
    // The standard chunks win over the legacy text chunks when a file has both.
    let mut legacy = SourceMetadata::default();
    for chunk in png.chunks() {
        let contents: &[u8] = chunk.contents();
        match &chunk.kind() {
            b"eXIf" => fill_once(&mut metadata.exif, strip_exif_prefix(contents)),
            b"iCCP" if metadata.icc.is_none() => metadata.icc = icc_from_png_chunk(contents),
            kind @ (b"tEXt" | b"zTXt" | b"iTXt") => {
                if let Some((keyword, text)) = parse_png_text(kind, contents) {
                    read_png_text(keyword, text, &mut metadata, &mut legacy);
                }
            }
            _ => {}
        }
    }
    Ok(SourceMetadata {
        exif: metadata.exif.or(legacy.exif),
        xmp: metadata.xmp.or(legacy.xmp),
        iptc: metadata.iptc.or(legacy.iptc),
        icc: metadata.icc.or(legacy.icc),
    })
}

/// Reads the `ICCP`, `EXIF` and `XMP ` chunks of a WebP file.
///
/// They are only valid in the extended (VP8X) format, but they are read wherever they appear.
pub fn read_webp(bytes: &[u8]) -> Result<SourceMetadata, MetadataError> {
    let mut metadata = SourceMetadata::default();
    for chunk in parse_webp_chunks(bytes)? {
        match &chunk.fourcc {
            b"ICCP" => fill_once(&mut metadata.icc, chunk.data),
            // Some writers copy the JPEG "Exif\0\0" prefix into the chunk.
            b"EXIF" => fill_once(&mut metadata.exif, strip_exif_prefix(chunk.data)),
            b"XMP " => fill_once(&mut metadata.xmp, chunk.data),
            _ => {}
        }
    }
    Ok(metadata)
}

/// Reads the metadata of a JPEG, PNG or WebP file, recognised by its signature.
///
/// Metadata problems must never fail an image, so unknown formats and parse errors give an empty
/// [`SourceMetadata`].
pub fn read_any(bytes: &[u8]) -> SourceMetadata {
    let result = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        read_jpeg(bytes)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        read_png(bytes)
    } else if is_webp(bytes) {
        read_webp(bytes)
    } else {
        return SourceMetadata::default();
    };
    result.unwrap_or_default()
}

/// EXIF orientation (1..=8) if present and valid.
///
/// Accepts the raw TIFF structure, with or without the JPEG "Exif\0\0" prefix.
pub fn exif_orientation(exif: &[u8]) -> Option<u16> {
    let tiff = Tiff::parse(strip_exif_prefix(exif))?;
    let first_directory = tiff.first_directory()?;
    let value = tiff.first_unsigned_value(first_directory.entry(TAG_ORIENTATION)?)?;
    u16::try_from(value)
        .ok()
        .filter(|orientation| (1..=8).contains(orientation))
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/// Decides what the output carries.
///
/// `output_icc` is the profile the output must carry: `Some(original)` with --keep-icc, `None` when
/// the pixels were converted to sRGB. It is embedded at every level, even [`KeepMetadata::None`].
/// Malformed parts never cause an error: they are left out and reported as `… (unreadable)`.
pub fn plan(
    source: &SourceMetadata,
    keep: KeepMetadata,
    output_icc: Option<Vec<u8>>,
) -> MetadataPlan {
    let mut plan = MetadataPlan {
        embed: EmbeddedMetadata::default(),
        kept: Vec::new(),
        dropped: Vec::new(),
    };
    // The prefix is not part of the contract, but tolerating it costs nothing.
    let exif = present(&source.exif).map(strip_exif_prefix);
    let xmp = present(&source.xmp);
    let iptc = present(&source.iptc);
    match keep {
        KeepMetadata::None => {
            for (part, name) in [(exif, "exif"), (xmp, "xmp"), (iptc, "iptc")] {
                if part.is_some() {
                    plan.dropped.push(name.to_owned());
                }
            }
        }
        KeepMetadata::Copyright => {
            if let Some(exif) = exif {
                plan_copyright_exif(exif, &mut plan);
            }
            if let Some(xmp) = xmp {
                plan_copyright_xmp(xmp, &mut plan);
            }
            if let Some(iptc) = iptc {
                plan_copyright_iptc(iptc, &mut plan);
            }
        }
        KeepMetadata::All => {
            if let Some(exif) = exif {
                match exif_with_orientation_reset(exif) {
                    Some(rewritten) => {
                        plan.embed.exif = Some(rewritten.exif);
                        plan.kept.push("exif".to_owned());
                        if rewritten.thumbnail_removed {
                            plan.dropped.push("exif:thumbnail".to_owned());
                        }
                    }
                    // The orientation cannot be reset in EXIF we cannot parse, and a viewer that
                    // can parse it would rotate the already rotated pixels a second time.
                    None => plan.dropped.push("exif (unreadable)".to_owned()),
                }
            }
            if let Some(xmp) = xmp {
                match xmp_with_orientation_reset(xmp) {
                    Some(rewritten) => {
                        plan.embed.xmp = Some(rewritten);
                        plan.kept.push("xmp".to_owned());
                    }
                    None => plan.dropped.push("xmp (unreadable)".to_owned()),
                }
            }
            // IPTC has no orientation, so it is copied unchanged without needing to be understood.
            if let Some(iptc) = iptc {
                plan.embed.iptc = Some(iptc.to_vec());
                plan.kept.push("iptc".to_owned());
            }
        }
    }
    match (
        output_icc.filter(|profile| !profile.is_empty()),
        present(&source.icc),
    ) {
        (Some(profile), _) => {
            plan.embed.icc = Some(profile);
            plan.kept.push("icc".to_owned());
        }
        (None, Some(_)) => plan.dropped.push("icc (converted to sRGB)".to_owned()),
        (None, None) => {}
    }
    plan
}

fn plan_copyright_exif(exif: &[u8], plan: &mut MetadataPlan) {
    let Some(copyright) = copyright_exif(exif) else {
        plan.dropped.push("exif (unreadable)".to_owned());
        return;
    };
    if copyright.kept_names.is_empty() {
        plan.dropped.push("exif".to_owned());
        return;
    }
    plan.embed.exif = copyright.exif;
    plan.kept.extend(
        copyright
            .kept_names
            .iter()
            .map(|name| format!("exif:{name}")),
    );
    if copyright.had_gps {
        plan.dropped.push("exif:GPS".to_owned());
    }
    if copyright.had_other_tags {
        plan.dropped.push("exif (other tags)".to_owned());
    }
}

fn plan_copyright_xmp(xmp: &[u8], plan: &mut MetadataPlan) {
    let Some(extraction) = extract_rights_properties(xmp) else {
        plan.dropped.push("xmp (unreadable)".to_owned());
        return;
    };
    if extraction.properties.is_empty() {
        plan.dropped.push("xmp".to_owned());
        return;
    }
    plan.embed.xmp = Some(write_rights_packet(&extraction.properties));
    plan.kept.extend(
        extraction
            .properties
            .iter()
            .map(|property| format!("xmp:{}:{}", property.namespace.prefix, property.name)),
    );
    if extraction.other_property_count > 0 {
        plan.dropped.push("xmp (other properties)".to_owned());
    }
}

fn plan_copyright_iptc(iptc: &[u8], plan: &mut MetadataPlan) {
    let Some(copyright) = copyright_iptc(iptc) else {
        plan.dropped.push("iptc (unreadable)".to_owned());
        return;
    };
    if copyright.kept_names.is_empty() {
        plan.dropped.push("iptc".to_owned());
        return;
    }
    plan.embed.iptc = Some(copyright.iptc);
    plan.kept.extend(
        copyright
            .kept_names
            .iter()
            .map(|name| format!("iptc:{name}")),
    );
    if copyright.had_other_datasets {
        plan.dropped.push("iptc (other datasets)".to_owned());
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Returns `encoded` with `metadata` inserted; metadata already in `encoded` is replaced.
///
/// The new segments go right after SOI, or after the JFIF APP0 segment when there is one, in this
/// order: APP1 Exif, APP1 XMP, APP2 ICC_PROFILE (split into chunks of at most 65519 bytes with
/// sequence numbers), APP13 Photoshop 3.0 with an 8BIM 0x0404 resource.
pub fn embed_jpeg(encoded: Vec<u8>, metadata: &EmbeddedMetadata) -> Result<Vec<u8>, MetadataError> {
    // Building the segments first means an oversized part fails before any parsing work.
    let new_segments = jpeg_metadata_segments(metadata)?;
    let mut jpeg = Jpeg::from_bytes(Bytes::from(encoded))
        .map_err(|error| container_error(JPEG_FORMAT, error))?;
    let segments = jpeg.segments_mut();
    segments.retain(|segment| !is_replaced_jpeg_segment(segment));
    let position = segments
        .iter()
        .position(|segment| segment.marker() != markers::APP0)
        .unwrap_or(segments.len());
    segments.splice(position..position, new_segments);
    Ok(concatenate(jpeg.encoder()))
}

/// Returns `encoded` with `metadata` inserted; metadata already in `encoded` is replaced.
///
/// Chunks go right after IHDR, before PLTE and IDAT: `iCCP` (zlib, named "ICC Profile", replacing
/// any `sRGB` chunk, which must not coexist with it), `eXIf`, an uncompressed `iTXt`
/// "XML:com.adobe.xmp", and IPTC as a `zTXt` "Raw profile type iptc" in ImageMagick's hex format,
/// because PNG has no standard IPTC chunk.
pub fn embed_png(encoded: Vec<u8>, metadata: &EmbeddedMetadata) -> Result<Vec<u8>, MetadataError> {
    let new_chunks = png_metadata_chunks(metadata)?;
    let mut png = Png::from_bytes(Bytes::from(encoded))
        .map_err(|error| container_error(PNG_FORMAT, error))?;
    if png.chunks().first().map(PngChunk::kind) != Some(*b"IHDR") {
        return Err(malformed(PNG_FORMAT, "the first chunk is not IHDR"));
    }
    let embeds_icc = present(&metadata.icc).is_some();
    let chunks = png.chunks_mut();
    chunks.retain(|chunk| !is_replaced_png_chunk(chunk, embeds_icc));
    chunks.splice(1..1, new_chunks);
    Ok(concatenate(png.encoder()))
}

/// Returns `encoded` with `metadata` inserted; metadata already in `encoded` is replaced.
///
/// A simple VP8 or VP8L file becomes an extended (VP8X) one when metadata is added, with the
/// canvas size read from the bitstream and the alpha flag from the VP8L header. An existing VP8X
/// keeps its canvas size, animation and alpha flags. The ICC, EXIF and XMP flags follow the chunks
/// written. When nothing needs the extended format any more, the file is written in the simple one.
///
/// WebP has no IPTC chunk, so `metadata.iptc` is not written: for a WebP output the caller should
/// report IPTC as dropped (the XMP packet is where WebP readers look for the same fields).
pub fn embed_webp(encoded: Vec<u8>, metadata: &EmbeddedMetadata) -> Result<Vec<u8>, MetadataError> {
    let chunks = parse_webp_chunks(&encoded)?;
    let existing_header = match chunks.iter().find(|chunk| &chunk.fourcc == b"VP8X") {
        Some(chunk) => Some(
            ExtendedHeader::parse(chunk.data)
                .ok_or_else(|| malformed(WEBP_FORMAT, "the VP8X chunk is too short"))?,
        ),
        None => None,
    };
    let image_chunks: Vec<&RiffChunk<'_>> = chunks
        .iter()
        .filter(|chunk| !matches!(&chunk.fourcc, b"VP8X" | b"ICCP" | b"EXIF" | b"XMP "))
        .collect();
    let icc = present(&metadata.icc);
    let exif = present(&metadata.exif);
    let xmp = present(&metadata.xmp);

    let is_single_bitstream = matches!(
        image_chunks.as_slice(),
        [chunk] if matches!(&chunk.fourcc, b"VP8 " | b"VP8L")
    );
    // Alpha, animation and unknown chunks need the extended format as much as metadata does.
    let needs_extended_format =
        icc.is_some() || exif.is_some() || xmp.is_some() || !is_single_bitstream;

    let mut body = Vec::with_capacity(encoded.len() + metadata_length(metadata) + 64);
    body.extend_from_slice(b"WEBP");
    if needs_extended_format {
        let header = match existing_header {
            Some(header) => header,
            None => ExtendedHeader::from_bitstream(&image_chunks).ok_or_else(|| {
                malformed(
                    WEBP_FORMAT,
                    "the canvas size cannot be read from the bitstream",
                )
            })?,
        };
        let animated = header.flags & WEBP_FLAG_ANIMATION != 0
            || image_chunks
                .iter()
                .any(|chunk| matches!(&chunk.fourcc, b"ANIM" | b"ANMF"));
        let has_alpha = header.flags & WEBP_FLAG_ALPHA != 0
            || image_chunks.iter().any(|chunk| match &chunk.fourcc {
                b"ALPH" => true,
                b"VP8L" => lossless_header(chunk.data).is_some_and(|lossless| lossless.has_alpha),
                _ => false,
            });
        // The reserved bits must be zero, so the flags are rebuilt rather than patched.
        let mut flags = 0;
        for (is_set, flag) in [
            (icc.is_some(), WEBP_FLAG_ICC),
            (has_alpha, WEBP_FLAG_ALPHA),
            (exif.is_some(), WEBP_FLAG_EXIF),
            (xmp.is_some(), WEBP_FLAG_XMP),
            (animated, WEBP_FLAG_ANIMATION),
        ] {
            if is_set {
                flags |= flag;
            }
        }
        let mut vp8x = vec![flags, 0, 0, 0];
        vp8x.extend_from_slice(&header.canvas_width_minus_one.to_le_bytes()[..3]);
        vp8x.extend_from_slice(&header.canvas_height_minus_one.to_le_bytes()[..3]);
        push_riff_chunk(&mut body, b"VP8X", &vp8x, "VP8X")?;
        if let Some(icc) = icc {
            push_riff_chunk(&mut body, b"ICCP", icc, "ICC")?;
        }
    }
    for chunk in &image_chunks {
        push_riff_chunk(&mut body, &chunk.fourcc, chunk.data, "image")?;
    }
    if needs_extended_format {
        if let Some(exif) = exif {
            push_riff_chunk(&mut body, b"EXIF", exif, "EXIF")?;
        }
        if let Some(xmp) = xmp {
            push_riff_chunk(&mut body, b"XMP ", xmp, "XMP")?;
        }
    }
    let riff_size = u32::try_from(body.len()).map_err(|_| MetadataError::TooLarge {
        format: WEBP_FORMAT,
        part: "RIFF",
        size: body.len(),
        limit: u32::MAX as usize,
    })?;
    let mut output = Vec::with_capacity(body.len() + 8);
    output.extend_from_slice(b"RIFF");
    output.extend_from_slice(&riff_size.to_le_bytes());
    output.extend_from_slice(&body);
    Ok(output)
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Formats a metadata part as its size only.
struct PartSize<'a>(&'a Option<Vec<u8>>);

impl fmt::Debug for PartSize<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(bytes) => write!(formatter, "{} bytes", bytes.len()),
            None => formatter.write_str("absent"),
        }
    }
}

/// An empty payload is treated as absent everywhere, because no container can usefully carry one.
fn present(part: &Option<Vec<u8>>) -> Option<&[u8]> {
    part.as_deref().filter(|bytes| !bytes.is_empty())
}

/// Stores the first non-empty occurrence of a part; files sometimes repeat a part and the first wins.
fn fill_once(slot: &mut Option<Vec<u8>>, payload: &[u8]) {
    if slot.is_none() && !payload.is_empty() {
        *slot = Some(payload.to_vec());
    }
}

fn strip_exif_prefix(exif: &[u8]) -> &[u8] {
    exif.strip_prefix(EXIF_JPEG_PREFIX).unwrap_or(exif)
}

fn is_webp(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP")
}

fn metadata_length(metadata: &EmbeddedMetadata) -> usize {
    [&metadata.exif, &metadata.xmp, &metadata.iptc, &metadata.icc]
        .into_iter()
        .filter_map(|part| part.as_ref().map(Vec::len))
        .sum()
}

fn container_error(format: &'static str, error: img_parts::Error) -> MetadataError {
    match error {
        img_parts::Error::WrongSignature => MetadataError::WrongFormat { format },
        other => MetadataError::Malformed {
            format,
            reason: other.to_string(),
        },
    }
}

fn malformed(format: &'static str, reason: &str) -> MetadataError {
    MetadataError::Malformed {
        format,
        reason: reason.to_owned(),
    }
}

/// Joins the pieces an img-parts encoder yields into one buffer.
fn concatenate(pieces: impl Iterator<Item = Bytes>) -> Vec<u8> {
    let mut output = Vec::new();
    for piece in pieces {
        output.extend_from_slice(&piece);
    }
    output
}

/// Splits at the first NUL byte, which ends the keyword of PNG text chunks and the name of iCCP.
fn split_at_nul(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let position = bytes.iter().position(|byte| *byte == 0)?;
    let (before, after) = bytes.split_at(position);
    Some((before, after.get(1..)?))
}

fn inflate_zlib(compressed: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(compressed, MAX_INFLATED_METADATA).ok()
}

/// A bounds-checked forward reader, so that malformed input ends parsing instead of panicking.
struct ByteCursor<'a> {
    remaining: &'a [u8],
}

impl<'a> ByteCursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { remaining: bytes }
    }

    fn is_empty(&self) -> bool {
        self.remaining.is_empty()
    }

    fn take(&mut self, length: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.remaining.split_at_checked(length)?;
        self.remaining = rest;
        Some(taken)
    }

    fn array<const LENGTH: usize>(&mut self) -> Option<[u8; LENGTH]> {
        self.take(LENGTH)?.try_into().ok()
    }

    fn byte(&mut self) -> Option<u8> {
        self.array::<1>().map(|[byte]| byte)
    }

    fn u16_big_endian(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    fn u32_big_endian(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    fn u32_little_endian(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
}

// ---------------------------------------------------------------------------------------------
// JPEG details
// ---------------------------------------------------------------------------------------------

struct IccChunk<'a> {
    sequence_number: u8,
    chunk_count: u8,
    data: &'a [u8],
}

/// Joins ICC chunks in sequence order. Like libjpeg, a profile with missing, duplicated or
/// inconsistently counted chunks is ignored, because a damaged profile would mis-colour the image.
fn reassemble_icc_profile(mut chunks: Vec<IccChunk<'_>>) -> Option<Vec<u8>> {
    chunks.sort_by_key(|chunk| chunk.sequence_number);
    let count = chunks.len();
    let consistent = chunks.iter().enumerate().all(|(index, chunk)| {
        usize::from(chunk.sequence_number) == index + 1 && usize::from(chunk.chunk_count) == count
    });
    if count == 0 || !consistent {
        return None;
    }
    let profile = chunks
        .iter()
        .map(|chunk| chunk.data)
        .collect::<Vec<_>>()
        .concat();
    (!profile.is_empty()).then_some(profile)
}

/// Finds a resource in a Photoshop image resource block: a sequence of "8BIM", a 16-bit id, a
/// Pascal-string name padded to an even length, a 32-bit size and the data padded to an even length.
fn photoshop_resource(resources: &[u8], wanted_id: u16) -> Option<&[u8]> {
    let mut cursor = ByteCursor::new(resources);
    while !cursor.is_empty() {
        if cursor.take(4)? != PHOTOSHOP_RESOURCE_SIGNATURE {
            return None;
        }
        let id = cursor.u16_big_endian()?;
        let name_length = usize::from(cursor.byte()?);
        // The name's length byte plus its characters is padded to an even count.
        cursor.take(name_length + (name_length + 1) % 2)?;
        let data_length = usize::try_from(cursor.u32_big_endian()?).ok()?;
        let data = cursor.take(data_length)?;
        if id == wanted_id {
            return Some(data);
        }
        if data_length % 2 == 1 {
            cursor.take(1)?;
        }
    }
    None
}

fn is_replaced_jpeg_segment(segment: &JpegSegment) -> bool {
    let contents: &[u8] = segment.contents();
    match segment.marker() {
        markers::APP1 => {
            // "Exif\0" without the second NUL also occurs in the wild.
            contents.starts_with(b"Exif\0")
                || contents.starts_with(XMP_JPEG_PREFIX)
                || contents.starts_with(EXTENDED_XMP_JPEG_PREFIX)
        }
        markers::APP2 => contents.starts_with(ICC_JPEG_PREFIX),
        markers::APP13 => contents.starts_with(PHOTOSHOP_JPEG_PREFIX),
        _ => false,
    }
}

fn jpeg_metadata_segments(metadata: &EmbeddedMetadata) -> Result<Vec<JpegSegment>, MetadataError> {
    let mut segments = Vec::new();
    if let Some(exif) = present(&metadata.exif) {
        segments.push(prefixed_jpeg_segment(
            markers::APP1,
            EXIF_JPEG_PREFIX,
            exif,
            "EXIF",
        )?);
    }
    if let Some(xmp) = present(&metadata.xmp) {
        segments.push(prefixed_jpeg_segment(
            markers::APP1,
            XMP_JPEG_PREFIX,
            xmp,
            "XMP",
        )?);
    }
    if let Some(icc) = present(&metadata.icc) {
        let too_large = || MetadataError::TooLarge {
            format: JPEG_FORMAT,
            part: "ICC",
            size: icc.len(),
            limit: JPEG_ICC_MAX_CHUNKS * JPEG_ICC_CHUNK_MAX,
        };
        let chunk_count =
            u8::try_from(icc.len().div_ceil(JPEG_ICC_CHUNK_MAX)).map_err(|_| too_large())?;
        for (index, chunk) in icc.chunks(JPEG_ICC_CHUNK_MAX).enumerate() {
            let sequence_number = u8::try_from(index + 1).map_err(|_| too_large())?;
            let mut contents = Vec::with_capacity(ICC_JPEG_PREFIX.len() + 2 + chunk.len());
            contents.extend_from_slice(ICC_JPEG_PREFIX);
            contents.extend_from_slice(&[sequence_number, chunk_count]);
            contents.extend_from_slice(chunk);
            segments.push(JpegSegment::new_with_contents(
                markers::APP2,
                Bytes::from(contents),
            ));
        }
    }
    if let Some(iptc) = present(&metadata.iptc) {
        let resources = photoshop_iptc_resource(iptc, JPEG_FORMAT)?;
        // A resource block too large for one segment continues in the next, as Photoshop does it.
        for piece in resources.chunks(JPEG_SEGMENT_MAX_CONTENT - PHOTOSHOP_JPEG_PREFIX.len()) {
            segments.push(prefixed_jpeg_segment(
                markers::APP13,
                PHOTOSHOP_JPEG_PREFIX,
                piece,
                "IPTC",
            )?);
        }
    }
    Ok(segments)
}

fn prefixed_jpeg_segment(
    marker: u8,
    prefix: &[u8],
    payload: &[u8],
    part: &'static str,
) -> Result<JpegSegment, MetadataError> {
    let limit = JPEG_SEGMENT_MAX_CONTENT - prefix.len();
    if payload.len() > limit {
        return Err(MetadataError::TooLarge {
            format: JPEG_FORMAT,
            part,
            size: payload.len(),
            limit,
        });
    }
    let mut contents = Vec::with_capacity(prefix.len() + payload.len());
    contents.extend_from_slice(prefix);
    contents.extend_from_slice(payload);
    Ok(JpegSegment::new_with_contents(
        marker,
        Bytes::from(contents),
    ))
}

/// Wraps IPTC datasets in a Photoshop image resource block holding the single resource 0x0404.
fn photoshop_iptc_resource(iptc: &[u8], format: &'static str) -> Result<Vec<u8>, MetadataError> {
    let size = u32::try_from(iptc.len()).map_err(|_| MetadataError::TooLarge {
        format,
        part: "IPTC",
        size: iptc.len(),
        limit: u32::MAX as usize,
    })?;
    let mut resource = Vec::with_capacity(iptc.len() + 13);
    resource.extend_from_slice(PHOTOSHOP_RESOURCE_SIGNATURE);
    resource.extend_from_slice(&IPTC_RESOURCE_ID.to_be_bytes());
    // An empty Pascal-string name: its length byte plus one padding byte.
    resource.extend_from_slice(&[0, 0]);
    resource.extend_from_slice(&size.to_be_bytes());
    resource.extend_from_slice(iptc);
    if iptc.len() % 2 == 1 {
        resource.push(0);
    }
    Ok(resource)
}

// ---------------------------------------------------------------------------------------------
// PNG details
// ---------------------------------------------------------------------------------------------

fn icc_from_png_chunk(contents: &[u8]) -> Option<Vec<u8>> {
    let (_name, rest) = split_at_nul(contents)?;
    let (&compression_method, compressed) = rest.split_first()?;
    if compression_method != 0 {
        return None;
    }
    inflate_zlib(compressed).filter(|profile| !profile.is_empty())
}

/// Returns the keyword and the decompressed text of a tEXt, zTXt or iTXt chunk.
fn parse_png_text<'a>(kind: &[u8; 4], contents: &'a [u8]) -> Option<(&'a [u8], Vec<u8>)> {
    let (keyword, rest) = split_at_nul(contents)?;
    let text = match kind {
        b"tEXt" => rest.to_vec(),
        b"zTXt" => match rest {
            [0, compressed @ ..] => inflate_zlib(compressed)?,
            _ => return None,
        },
        b"iTXt" => {
            let [compressed_flag, compression_method, rest @ ..] = rest else {
                return None;
            };
            let (_language, rest) = split_at_nul(rest)?;
            let (_translated_keyword, text) = split_at_nul(rest)?;
            match (compressed_flag, compression_method) {
                (0, _) => text.to_vec(),
                (1, 0) => inflate_zlib(text)?,
                _ => return None,
            }
        }
        _ => return None,
    };
    Some((keyword, text))
}

fn read_png_text(
    keyword: &[u8],
    text: Vec<u8>,
    metadata: &mut SourceMetadata,
    legacy: &mut SourceMetadata,
) {
    if keyword == PNG_XMP_KEYWORD {
        if metadata.xmp.is_none() && !text.is_empty() {
            metadata.xmp = Some(text);
        }
        return;
    }
    let Some(profile_type) = keyword.strip_prefix(PNG_RAW_PROFILE_PREFIX) else {
        return;
    };
    let Some(payload) = decode_raw_profile(&text) else {
        return;
    };
    match profile_type.to_ascii_lowercase().as_slice() {
        // ImageMagick stores whole JPEG APP1 payloads here, which can be EXIF or XMP.
        b"exif" | b"app1" => {
            if let Some(tiff) = payload.strip_prefix(EXIF_JPEG_PREFIX) {
                fill_once(&mut legacy.exif, tiff);
            } else if let Some(packet) = payload.strip_prefix(XMP_JPEG_PREFIX) {
                fill_once(&mut legacy.xmp, packet);
            } else if Tiff::parse(&payload).is_some() {
                fill_once(&mut legacy.exif, &payload);
            }
        }
        b"iptc" | b"8bim" => {
            let resources = payload
                .strip_prefix(PHOTOSHOP_JPEG_PREFIX)
                .unwrap_or(&payload);
            if resources.starts_with(PHOTOSHOP_RESOURCE_SIGNATURE) {
                if let Some(iptc) = photoshop_resource(resources, IPTC_RESOURCE_ID) {
                    fill_once(&mut legacy.iptc, iptc);
                }
            } else if resources.first() == Some(&IPTC_TAG_MARKER) {
                fill_once(&mut legacy.iptc, resources);
            }
        }
        b"xmp" => fill_once(&mut legacy.xmp, &payload),
        b"icc" | b"icm" => fill_once(&mut legacy.icc, &payload),
        _ => {}
    }
}

/// Decodes ImageMagick's raw profile text: "\n<type>\n<spaces><decimal length>\n<hex digits>",
/// with the hex digits wrapped over several lines.
fn decode_raw_profile(text: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(text).ok()?.trim_start();
    let (_profile_type, rest) = text.split_once('\n')?;
    let (length_text, hex) = rest
        .trim_start()
        .split_once(|character: char| character.is_ascii_whitespace())?;
    let length: usize = length_text.parse().ok()?;
    if length > MAX_INFLATED_METADATA || length > hex.len() / 2 {
        return None;
    }
    let mut digits = hex
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .map(|byte| char::from(byte).to_digit(16));
    let mut payload = Vec::with_capacity(length);
    while payload.len() < length {
        let high = digits.next()??;
        let low = digits.next()??;
        payload.push(u8::try_from((high << 4) | low).ok()?);
    }
    Some(payload)
}

/// Encodes a payload in ImageMagick's raw profile text format, 36 bytes (72 hex digits) per line.
fn encode_raw_profile(profile_type: &str, payload: &[u8]) -> Vec<u8> {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = format!("\n{profile_type}\n{:8}\n", payload.len()).into_bytes();
    for line in payload.chunks(36) {
        for byte in line {
            text.push(HEX_DIGITS[usize::from(byte >> 4)]);
            text.push(HEX_DIGITS[usize::from(byte & 0x0F)]);
        }
        text.push(b'\n');
    }
    text
}

fn is_replaced_png_chunk(chunk: &PngChunk, embeds_icc: bool) -> bool {
    match &chunk.kind() {
        b"iCCP" | b"eXIf" => true,
        b"sRGB" => embeds_icc,
        b"tEXt" | b"zTXt" | b"iTXt" => {
            split_at_nul(chunk.contents()).is_some_and(|(keyword, _)| {
                keyword == PNG_XMP_KEYWORD || keyword.starts_with(PNG_RAW_PROFILE_PREFIX)
            })
        }
        _ => false,
    }
}

fn png_metadata_chunks(metadata: &EmbeddedMetadata) -> Result<Vec<PngChunk>, MetadataError> {
    let mut chunks = Vec::new();
    if let Some(icc) = present(&metadata.icc) {
        let mut contents = PNG_ICC_PROFILE_NAME.to_vec();
        // The name's terminating NUL, then compression method 0 (zlib).
        contents.extend_from_slice(&[0, 0]);
        contents.extend(miniz_oxide::deflate::compress_to_vec_zlib(
            icc,
            ZLIB_COMPRESSION_LEVEL,
        ));
        chunks.push(png_chunk(*b"iCCP", contents, "ICC")?);
    }
    if let Some(exif) = present(&metadata.exif) {
        chunks.push(png_chunk(*b"eXIf", exif.to_vec(), "EXIF")?);
    }
    if let Some(xmp) = present(&metadata.xmp) {
        // XMP stays uncompressed so that tools scanning files for packets can find it.
        let mut contents = PNG_XMP_KEYWORD.to_vec();
        // Keyword NUL, not compressed, compression method 0, empty language tag and translated keyword.
        contents.extend_from_slice(&[0, 0, 0, 0, 0]);
        contents.extend_from_slice(xmp);
        chunks.push(png_chunk(*b"iTXt", contents, "XMP")?);
    }
    if let Some(iptc) = present(&metadata.iptc) {
        let mut contents = PNG_RAW_PROFILE_PREFIX.to_vec();
        contents.extend_from_slice(b"iptc");
        // Keyword NUL, then compression method 0 (zlib).
        contents.extend_from_slice(&[0, 0]);
        contents.extend(miniz_oxide::deflate::compress_to_vec_zlib(
            &encode_raw_profile("iptc", iptc),
            ZLIB_COMPRESSION_LEVEL,
        ));
        chunks.push(png_chunk(*b"zTXt", contents, "IPTC")?);
    }
    Ok(chunks)
}

fn png_chunk(
    kind: [u8; 4],
    contents: Vec<u8>,
    part: &'static str,
) -> Result<PngChunk, MetadataError> {
    if contents.len() > PNG_CHUNK_MAX {
        return Err(MetadataError::TooLarge {
            format: PNG_FORMAT,
            part,
            size: contents.len(),
            limit: PNG_CHUNK_MAX,
        });
    }
    Ok(PngChunk::new(kind, Bytes::from(contents)))
}

// ---------------------------------------------------------------------------------------------
// WebP details
// ---------------------------------------------------------------------------------------------

struct RiffChunk<'a> {
    fourcc: [u8; 4],
    data: &'a [u8],
}

/// Splits a WebP file into its top-level chunks (frames of an animation stay inside their ANMF).
fn parse_webp_chunks(bytes: &[u8]) -> Result<Vec<RiffChunk<'_>>, MetadataError> {
    if !is_webp(bytes) {
        return Err(MetadataError::WrongFormat {
            format: WEBP_FORMAT,
        });
    }
    let mut header = ByteCursor::new(bytes);
    header.take(4);
    let declared_size = header
        .u32_little_endian()
        .and_then(|size| usize::try_from(size).ok())
        .ok_or_else(|| malformed(WEBP_FORMAT, "the RIFF header is truncated"))?;
    // The RIFF size counts from "WEBP" on; bytes past it are not part of the file. A size larger
    // than the file means a truncated download, whose complete chunks are still usable.
    let end = declared_size.saturating_add(8).min(bytes.len());
    let mut cursor = ByteCursor::new(bytes.get(12..end).unwrap_or_default());
    let mut chunks = Vec::new();
    while !cursor.is_empty() {
        let (Some(fourcc), Some(size)) = (cursor.array::<4>(), cursor.u32_little_endian()) else {
            return Err(malformed(WEBP_FORMAT, "a chunk header is truncated"));
        };
        let data = usize::try_from(size)
            .ok()
            .and_then(|size| cursor.take(size))
            .ok_or_else(|| malformed(WEBP_FORMAT, "a chunk is truncated"))?;
        // Odd-sized chunks are followed by a padding byte, which a truncated file may lack.
        if data.len() % 2 == 1 {
            cursor.take(1);
        }
        chunks.push(RiffChunk { fourcc, data });
    }
    Ok(chunks)
}

fn push_riff_chunk(
    output: &mut Vec<u8>,
    fourcc: &[u8; 4],
    data: &[u8],
    part: &'static str,
) -> Result<(), MetadataError> {
    let size = u32::try_from(data.len()).map_err(|_| MetadataError::TooLarge {
        format: WEBP_FORMAT,
        part,
        size: data.len(),
        limit: u32::MAX as usize,
    })?;
    output.extend_from_slice(fourcc);
    output.extend_from_slice(&size.to_le_bytes());
    output.extend_from_slice(data);
    if data.len() % 2 == 1 {
        output.push(0);
    }
    Ok(())
}

/// The parts of a VP8X chunk that survive rewriting.
#[derive(Clone, Copy)]
struct ExtendedHeader {
    flags: u8,
    canvas_width_minus_one: u32,
    canvas_height_minus_one: u32,
}

impl ExtendedHeader {
    fn parse(data: &[u8]) -> Option<Self> {
        let mut cursor = ByteCursor::new(data);
        let flags = cursor.byte()?;
        cursor.take(3)?;
        let [width_low, width_middle, width_high] = cursor.array()?;
        let [height_low, height_middle, height_high] = cursor.array()?;
        Some(Self {
            flags,
            canvas_width_minus_one: u32::from_le_bytes([width_low, width_middle, width_high, 0]),
            canvas_height_minus_one: u32::from_le_bytes([
                height_low,
                height_middle,
                height_high,
                0,
            ]),
        })
    }

    /// Builds the header a simple file implies: the canvas is the size of its only bitstream.
    fn from_bitstream(image_chunks: &[&RiffChunk<'_>]) -> Option<Self> {
        let (width, height) = image_chunks.iter().find_map(|chunk| match &chunk.fourcc {
            b"VP8 " => lossy_dimensions(chunk.data),
            b"VP8L" => {
                lossless_header(chunk.data).map(|lossless| (lossless.width, lossless.height))
            }
            _ => None,
        })?;
        Some(Self {
            flags: 0,
            canvas_width_minus_one: width.checked_sub(1)?,
            canvas_height_minus_one: height.checked_sub(1)?,
        })
    }
}

/// Reads the size of a VP8 key frame: a 3-byte frame tag whose bit 0 is clear, the start code
/// 9d 01 2a, then 14-bit width and height (the top two bits of each are a scaling hint).
fn lossy_dimensions(data: &[u8]) -> Option<(u32, u32)> {
    let mut cursor = ByteCursor::new(data);
    let [frame_tag, _, _] = cursor.array()?;
    if frame_tag & 1 != 0 || cursor.array()? != [0x9D, 0x01, 0x2A] {
        return None;
    }
    let width = u16::from_le_bytes(cursor.array()?) & 0x3FFF;
    let height = u16::from_le_bytes(cursor.array()?) & 0x3FFF;
    (width > 0 && height > 0).then_some((u32::from(width), u32::from(height)))
}

struct LosslessHeader {
    width: u32,
    height: u32,
    has_alpha: bool,
}

/// Reads a VP8L header: signature 0x2f, then 14 bits of width - 1, 14 bits of height - 1 and the
/// alpha-is-used bit, least significant bit first.
fn lossless_header(data: &[u8]) -> Option<LosslessHeader> {
    let mut cursor = ByteCursor::new(data);
    if cursor.byte()? != 0x2F {
        return None;
    }
    let bits = cursor.u32_little_endian()?;
    Some(LosslessHeader {
        width: (bits & 0x3FFF) + 1,
        height: ((bits >> 14) & 0x3FFF) + 1,
        has_alpha: (bits >> 28) & 1 == 1,
    })
}

// ---------------------------------------------------------------------------------------------
// EXIF (TIFF structure) details
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ByteOrder {
    LittleEndian,
    BigEndian,
}

impl ByteOrder {
    fn u16(self, bytes: [u8; 2]) -> u16 {
        match self {
            Self::LittleEndian => u16::from_le_bytes(bytes),
            Self::BigEndian => u16::from_be_bytes(bytes),
        }
    }

    fn u32(self, bytes: [u8; 4]) -> u32 {
        match self {
            Self::LittleEndian => u32::from_le_bytes(bytes),
            Self::BigEndian => u32::from_be_bytes(bytes),
        }
    }

    fn u16_bytes(self, value: u16) -> [u8; 2] {
        match self {
            Self::LittleEndian => value.to_le_bytes(),
            Self::BigEndian => value.to_be_bytes(),
        }
    }

    fn u32_bytes(self, value: u32) -> [u8; 4] {
        match self {
            Self::LittleEndian => value.to_le_bytes(),
            Self::BigEndian => value.to_be_bytes(),
        }
    }
}

/// A read-only view of a TIFF structure whose every access is bounds-checked.
struct Tiff<'a> {
    data: &'a [u8],
    byte_order: ByteOrder,
}

/// One 12-byte entry of a TIFF image file directory (IFD).
struct DirectoryEntry {
    tag: u16,
    field_type: u16,
    count: u32,
    /// Where the 4-byte field holding the value, or the offset of a larger value, starts.
    value_field_position: usize,
}

/// A TIFF image file directory (IFD): the entries and the link to the next directory.
struct Directory {
    offset: usize,
    entries: Vec<DirectoryEntry>,
    next_directory_link_position: usize,
    next_directory_offset: u32,
}

impl Directory {
    fn entry(&self, tag: u16) -> Option<&DirectoryEntry> {
        self.entries.iter().find(|entry| entry.tag == tag)
    }

    fn end(&self) -> usize {
        self.next_directory_link_position + 4
    }
}

/// A directory entry to write: the value bytes are already in the target byte order.
struct NewDirectoryEntry {
    tag: u16,
    field_type: u16,
    count: u32,
    value: Vec<u8>,
}

impl<'a> Tiff<'a> {
    fn parse(data: &'a [u8]) -> Option<Self> {
        let byte_order = match data.get(0..4)? {
            b"II*\0" => ByteOrder::LittleEndian,
            b"MM\0*" => ByteOrder::BigEndian,
            _ => return None,
        };
        Some(Self { data, byte_order })
    }

    fn u16_at(&self, position: usize) -> Option<u16> {
        let bytes = self.data.get(position..position.checked_add(2)?)?;
        Some(self.byte_order.u16(bytes.try_into().ok()?))
    }

    fn u32_at(&self, position: usize) -> Option<u32> {
        let bytes = self.data.get(position..position.checked_add(4)?)?;
        Some(self.byte_order.u32(bytes.try_into().ok()?))
    }

    fn first_directory(&self) -> Option<Directory> {
        self.directory_at(self.u32_at(4)?)
    }

    fn directory_at(&self, offset: u32) -> Option<Directory> {
        let offset = usize::try_from(offset).ok()?;
        // A directory inside the header is garbage, and rejecting it stops offset-0 loops early.
        if offset < TIFF_HEADER_LENGTH {
            return None;
        }
        let entry_count = usize::from(self.u16_at(offset)?);
        let entries_start = offset.checked_add(2)?;
        let next_directory_link_position =
            entries_start.checked_add(entry_count.checked_mul(TIFF_DIRECTORY_ENTRY_LENGTH)?)?;
        let next_directory_offset = self.u32_at(next_directory_link_position)?;
        let entries = (0..entry_count)
            .map(|index| {
                let position = entries_start + index * TIFF_DIRECTORY_ENTRY_LENGTH;
                Some(DirectoryEntry {
                    tag: self.u16_at(position)?,
                    field_type: self.u16_at(position + 2)?,
                    count: self.u32_at(position + 4)?,
                    value_field_position: position + 8,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Directory {
            offset,
            entries,
            next_directory_link_position,
            next_directory_offset,
        })
    }

    /// Where an entry's value lies: inside the entry when it fits in 4 bytes, elsewhere otherwise.
    /// `None` for unknown field types and for values that do not fit in the data.
    fn value_range(&self, entry: &DirectoryEntry) -> Option<Range<usize>> {
        let size =
            field_type_size(entry.field_type)?.checked_mul(usize::try_from(entry.count).ok()?)?;
        let start = if size <= 4 {
            entry.value_field_position
        } else {
            usize::try_from(self.u32_at(entry.value_field_position)?).ok()?
        };
        let end = start.checked_add(size)?;
        (end <= self.data.len()).then_some(start..end)
    }

    fn value_bytes(&self, entry: &DirectoryEntry) -> Option<&'a [u8]> {
        self.data.get(self.value_range(entry)?)
    }

    fn unsigned_values(&self, entry: &DirectoryEntry) -> Option<Vec<u32>> {
        let bytes = self.value_bytes(entry)?;
        match entry.field_type {
            TIFF_TYPE_BYTE => Some(bytes.iter().map(|byte| u32::from(*byte)).collect()),
            TIFF_TYPE_SHORT => Some(
                bytes
                    .chunks_exact(2)
                    .map(|pair| u32::from(self.byte_order.u16([pair[0], pair[1]])))
                    .collect(),
            ),
            TIFF_TYPE_LONG => Some(
                bytes
                    .chunks_exact(4)
                    .map(|quad| self.byte_order.u32([quad[0], quad[1], quad[2], quad[3]]))
                    .collect(),
            ),
            _ => None,
        }
    }

    fn first_unsigned_value(&self, entry: &DirectoryEntry) -> Option<u32> {
        self.unsigned_values(entry)?.first().copied()
    }
}

fn field_type_size(field_type: u16) -> Option<usize> {
    match field_type {
        // BYTE, ASCII, SBYTE, UNDEFINED, UTF-8
        1 | 2 | 6 | 7 | TIFF_TYPE_UTF8 => Some(1),
        // SHORT, SSHORT
        3 | 8 => Some(2),
        // LONG, SLONG, FLOAT, IFD
        4 | 9 | 11 | 13 => Some(4),
        // RATIONAL, SRATIONAL, DOUBLE
        5 | 10 | 12 => Some(8),
        _ => None,
    }
}

/// Writes a TIFF structure holding a single directory (IFD0). Values larger than 4 bytes follow the
/// directory, each starting on an even offset as TIFF requires.
fn write_single_directory_tiff(
    byte_order: ByteOrder,
    entries: &[NewDirectoryEntry],
) -> Option<Vec<u8>> {
    let entry_count = u16::try_from(entries.len()).ok()?;
    let data_start = TIFF_HEADER_LENGTH + 2 + entries.len() * TIFF_DIRECTORY_ENTRY_LENGTH + 4;
    let mut output = Vec::with_capacity(data_start);
    output.extend_from_slice(match byte_order {
        ByteOrder::LittleEndian => b"II*\0",
        ByteOrder::BigEndian => b"MM\0*",
    });
    output.extend_from_slice(&byte_order.u32_bytes(8));
    output.extend_from_slice(&byte_order.u16_bytes(entry_count));
    let mut data_area = Vec::new();
    for entry in entries {
        output.extend_from_slice(&byte_order.u16_bytes(entry.tag));
        output.extend_from_slice(&byte_order.u16_bytes(entry.field_type));
        output.extend_from_slice(&byte_order.u32_bytes(entry.count));
        if entry.value.len() <= 4 {
            let mut inline_value = [0; 4];
            inline_value[..entry.value.len()].copy_from_slice(&entry.value);
            output.extend_from_slice(&inline_value);
        } else {
            let offset = u32::try_from(data_start + data_area.len()).ok()?;
            output.extend_from_slice(&byte_order.u32_bytes(offset));
            data_area.extend_from_slice(&entry.value);
            if data_area.len() % 2 == 1 {
                data_area.push(0);
            }
        }
    }
    // No next directory: the new EXIF has no thumbnail.
    output.extend_from_slice(&[0; 4]);
    output.extend_from_slice(&data_area);
    Some(output)
}

struct CopyrightExif {
    exif: Option<Vec<u8>>,
    kept_names: Vec<&'static str>,
    had_gps: bool,
    had_other_tags: bool,
}

/// Builds a new EXIF block holding only IFD0's Artist and Copyright, in the source's byte order.
/// `None` when the source cannot be parsed.
fn copyright_exif(exif: &[u8]) -> Option<CopyrightExif> {
    let tiff = Tiff::parse(exif)?;
    let first_directory = tiff.first_directory()?;
    let mut kept_entries: Vec<NewDirectoryEntry> = Vec::new();
    let mut had_gps = false;
    // A thumbnail directory counts as other content.
    let mut had_other_tags = first_directory.next_directory_offset != 0;
    for entry in &first_directory.entries {
        match entry.tag {
            TAG_ARTIST | TAG_COPYRIGHT => {
                let already_kept = kept_entries.iter().any(|kept| kept.tag == entry.tag);
                if let (false, Some(value)) = (already_kept, exif_text_value(&tiff, entry)) {
                    kept_entries.push(NewDirectoryEntry {
                        tag: entry.tag,
                        field_type: entry.field_type,
                        count: entry.count,
                        value: value.to_vec(),
                    });
                }
            }
            TAG_GPS_DIRECTORY => had_gps = true,
            _ => had_other_tags = true,
        }
    }
    // TIFF readers expect the entries of a directory in ascending tag order.
    kept_entries.sort_by_key(|entry| entry.tag);
    let kept_names = kept_entries
        .iter()
        .map(|entry| {
            if entry.tag == TAG_ARTIST {
                "Artist"
            } else {
                "Copyright"
            }
        })
        .collect::<Vec<_>>();
    let exif = if kept_entries.is_empty() {
        None
    } else {
        Some(write_single_directory_tiff(tiff.byte_order, &kept_entries)?)
    };
    Some(CopyrightExif {
        exif,
        kept_names,
        had_gps,
        had_other_tags,
    })
}

/// The raw bytes of a text entry, kept exactly (including the NUL that separates the
/// photographer and editor parts of Copyright). `None` when the type is not a byte string or the
/// value is blank.
fn exif_text_value<'a>(tiff: &Tiff<'a>, entry: &DirectoryEntry) -> Option<&'a [u8]> {
    if !matches!(
        entry.field_type,
        TIFF_TYPE_ASCII | TIFF_TYPE_BYTE | TIFF_TYPE_UNDEFINED | TIFF_TYPE_UTF8
    ) {
        return None;
    }
    let value = tiff.value_bytes(entry)?;
    value
        .iter()
        .any(|byte| !matches!(byte, 0 | b' '))
        .then_some(value)
}

struct RewrittenExif {
    exif: Vec<u8>,
    thumbnail_removed: bool,
}

/// Copies the EXIF block with IFD0's Orientation set to 1 and the thumbnail directory (IFD1)
/// unlinked. Everything else keeps its exact bytes and offsets, which is what keeps maker notes
/// with absolute offsets intact. The thumbnail's bytes are cut off when they are the tail of the
/// block; otherwise they stay as unreferenced bytes, because cutting elsewhere would move data.
/// `None` when IFD0 cannot be parsed.
fn exif_with_orientation_reset(exif: &[u8]) -> Option<RewrittenExif> {
    let tiff = Tiff::parse(exif)?;
    let first_directory = tiff.first_directory()?;
    let mut output = exif.to_vec();
    if let Some(entry) = first_directory.entry(TAG_ORIENTATION) {
        let replacement = match entry.field_type {
            TIFF_TYPE_BYTE => vec![1],
            TIFF_TYPE_SHORT => tiff.byte_order.u16_bytes(1).to_vec(),
            TIFF_TYPE_LONG => tiff.byte_order.u32_bytes(1).to_vec(),
            _ => return None,
        };
        let start = tiff.value_range(entry)?.start;
        output
            .get_mut(start..start.checked_add(replacement.len())?)?
            .copy_from_slice(&replacement);
    }
    let mut thumbnail_removed = false;
    if first_directory.next_directory_offset != 0 {
        thumbnail_removed = tiff
            .directory_at(first_directory.next_directory_offset)
            .is_some();
        output
            .get_mut(first_directory.next_directory_link_position..first_directory.end())?
            .fill(0);
        if let Some(thumbnail_start) = removable_thumbnail_start(&tiff, &first_directory) {
            output.truncate(thumbnail_start);
        }
    }
    Some(RewrittenExif {
        exif: output,
        thumbnail_removed,
    })
}

/// Where the thumbnail's bytes start, when the thumbnail directory, its values and its image are
/// the last thing in the block and nothing the other directories reference lies among them.
fn removable_thumbnail_start(tiff: &Tiff<'_>, first_directory: &Directory) -> Option<usize> {
    let kept_end = referenced_end(tiff, first_directory.offset)?;
    let thumbnail_directory = tiff.directory_at(first_directory.next_directory_offset)?;
    let mut start = thumbnail_directory.offset;
    let mut end = thumbnail_directory.end();
    let mut include = |range: Range<usize>| {
        start = start.min(range.start);
        end = end.max(range.end);
    };
    for entry in &thumbnail_directory.entries {
        include(tiff.value_range(entry)?);
    }
    // The thumbnail image is referenced by an offset and a length rather than by an entry's value.
    if let (Some(offset_entry), Some(length_entry)) = (
        thumbnail_directory.entry(TAG_JPEG_THUMBNAIL_OFFSET),
        thumbnail_directory.entry(TAG_JPEG_THUMBNAIL_LENGTH),
    ) {
        let image_start = usize::try_from(tiff.first_unsigned_value(offset_entry)?).ok()?;
        let length = usize::try_from(tiff.first_unsigned_value(length_entry)?).ok()?;
        include(image_start..image_start.checked_add(length)?);
    }
    if let (Some(offsets_entry), Some(counts_entry)) = (
        thumbnail_directory.entry(TAG_STRIP_OFFSETS),
        thumbnail_directory.entry(TAG_STRIP_BYTE_COUNTS),
    ) {
        let offsets = tiff.unsigned_values(offsets_entry)?;
        let counts = tiff.unsigned_values(counts_entry)?;
        if offsets.len() != counts.len() {
            return None;
        }
        for (offset, count) in offsets.into_iter().zip(counts) {
            let strip_start = usize::try_from(offset).ok()?;
            include(strip_start..strip_start.checked_add(usize::try_from(count).ok()?)?);
        }
    }
    // Only zero padding may follow the thumbnail; anything else could be referenced from a maker note.
    let only_padding_follows = tiff.data.get(end..)?.iter().all(|byte| *byte == 0);
    (start >= kept_end && only_padding_follows).then_some(start)
}

/// The end of everything reachable from IFD0 other than the thumbnail: IFD0, the Exif, GPS and
/// Interoperability directories, and their values. `None` when a directory cannot be parsed or
/// holds tags that point at data in ways this walk does not follow.
fn referenced_end(tiff: &Tiff<'_>, first_directory_offset: usize) -> Option<usize> {
    let mut pending = vec![u32::try_from(first_directory_offset).ok()?];
    let mut visited = Vec::new();
    let mut end = TIFF_HEADER_LENGTH;
    while let Some(offset) = pending.pop() {
        if visited.contains(&offset) {
            continue;
        }
        if visited.len() >= MAX_EXIF_DIRECTORIES {
            return None;
        }
        visited.push(offset);
        let directory = tiff.directory_at(offset)?;
        end = end.max(directory.end());
        for entry in &directory.entries {
            end = end.max(tiff.value_range(entry)?.end);
            match entry.tag {
                TAG_EXIF_DIRECTORY | TAG_GPS_DIRECTORY | TAG_INTEROPERABILITY_DIRECTORY => {
                    pending.push(tiff.first_unsigned_value(entry)?);
                }
                TAG_STRIP_OFFSETS
                | TAG_TILE_OFFSETS
                | TAG_SUB_DIRECTORIES
                | TAG_JPEG_THUMBNAIL_OFFSET => return None,
                _ => {}
            }
        }
    }
    Some(end)
}

// ---------------------------------------------------------------------------------------------
// IPTC details
// ---------------------------------------------------------------------------------------------

struct IptcDataset<'a> {
    record: u8,
    number: u8,
    data: &'a [u8],
}

/// Splits IPTC-IIM data into datasets: 0x1C, record, dataset number, a 16-bit length (or, with the
/// top bit set, the count of the length bytes that follow) and the data. Trailing zero padding is
/// allowed. `None` when the structure is broken.
fn parse_iptc(bytes: &[u8]) -> Option<Vec<IptcDataset<'_>>> {
    let mut cursor = ByteCursor::new(bytes);
    let mut datasets = Vec::new();
    while !cursor.is_empty() {
        if cursor.remaining.iter().all(|byte| *byte == 0) {
            break;
        }
        if cursor.byte()? != IPTC_TAG_MARKER {
            return None;
        }
        let record = cursor.byte()?;
        let number = cursor.byte()?;
        let length_field = cursor.u16_big_endian()?;
        let length = if length_field & 0x8000 == 0 {
            usize::from(length_field)
        } else {
            let length_size = usize::from(length_field & 0x7FFF);
            if !(1..=4).contains(&length_size) {
                return None;
            }
            cursor
                .take(length_size)?
                .iter()
                .fold(0usize, |length, byte| (length << 8) | usize::from(*byte))
        };
        let data = cursor.take(length)?;
        datasets.push(IptcDataset {
            record,
            number,
            data,
        });
    }
    Some(datasets)
}

fn write_iptc_dataset(output: &mut Vec<u8>, record: u8, number: u8, data: &[u8]) {
    output.extend_from_slice(&[IPTC_TAG_MARKER, record, number]);
    match u16::try_from(data.len()) {
        Ok(length) if length < 0x8000 => output.extend_from_slice(&length.to_be_bytes()),
        // The extended form: the top bit set and the number of length bytes (four) that follow.
        // Datasets come from parse_iptc, whose lengths are at most four bytes, so this cannot truncate.
        _ => {
            output.extend_from_slice(&[0x80, 0x04]);
            output.extend_from_slice(&(data.len() as u32).to_be_bytes());
        }
    }
    output.extend_from_slice(data);
}

struct CopyrightIptc {
    iptc: Vec<u8>,
    kept_names: Vec<&'static str>,
    had_other_datasets: bool,
}

/// Builds a new IPTC block with the envelope record's version and coded character set when the
/// source had them (IIM orders records ascending, so record 1 comes first), then the application
/// record version 2:00, then By-line, Credit, Source and CopyrightNotice. `None` when the source
/// cannot be parsed.
fn copyright_iptc(iptc: &[u8]) -> Option<CopyrightIptc> {
    let datasets = parse_iptc(iptc)?;
    let find = |record: u8, number: u8| {
        datasets
            .iter()
            .find(|dataset| dataset.record == record && dataset.number == number)
    };
    let mut output = Vec::new();
    let mut kept_names = Vec::new();
    for (number, name) in IPTC_RIGHTS_DATASETS {
        // By-line may repeat, once per creator, so every occurrence is kept in order.
        for dataset in datasets.iter().filter(|dataset| {
            dataset.record == IPTC_APPLICATION_RECORD
                && dataset.number == number
                && !dataset.data.is_empty()
        }) {
            write_iptc_dataset(&mut output, dataset.record, dataset.number, dataset.data);
            if !kept_names.contains(&name) {
                kept_names.push(name);
            }
        }
    }
    let is_structural = |dataset: &IptcDataset<'_>| {
        matches!(
            (dataset.record, dataset.number),
            (
                IPTC_ENVELOPE_RECORD,
                IPTC_RECORD_VERSION | IPTC_CODED_CHARACTER_SET
            ) | (IPTC_APPLICATION_RECORD, IPTC_RECORD_VERSION)
        )
    };
    let is_kept = |dataset: &IptcDataset<'_>| {
        dataset.record == IPTC_APPLICATION_RECORD
            && IPTC_RIGHTS_DATASETS
                .iter()
                .any(|(number, _)| *number == dataset.number)
    };
    let had_other_datasets = datasets
        .iter()
        .any(|dataset| !is_structural(dataset) && !is_kept(dataset));

    let mut header = Vec::new();
    for number in [IPTC_RECORD_VERSION, IPTC_CODED_CHARACTER_SET] {
        if let Some(dataset) = find(IPTC_ENVELOPE_RECORD, number) {
            write_iptc_dataset(&mut header, IPTC_ENVELOPE_RECORD, number, dataset.data);
        }
    }
    let application_version = find(IPTC_APPLICATION_RECORD, IPTC_RECORD_VERSION)
        .map(|dataset| dataset.data)
        .filter(|version| version.len() == 2)
        .unwrap_or(&IPTC_DEFAULT_APPLICATION_RECORD_VERSION);
    write_iptc_dataset(
        &mut header,
        IPTC_APPLICATION_RECORD,
        IPTC_RECORD_VERSION,
        application_version,
    );
    header.extend_from_slice(&output);
    Some(CopyrightIptc {
        iptc: header,
        kept_names,
        had_other_datasets,
    })
}

// ---------------------------------------------------------------------------------------------
// XMP details
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct XmpNamespace {
    prefix: &'static str,
    uri: &'static str,
}

/// The namespace of a rights-related property kept in Copyright mode.
fn rights_namespace(uri: &str, name: &str) -> Option<XmpNamespace> {
    if uri == DUBLIN_CORE.uri && matches!(name, "rights" | "creator") {
        Some(DUBLIN_CORE)
    } else if uri == XMP_RIGHTS.uri {
        Some(XMP_RIGHTS)
    } else if uri == PHOTOSHOP.uri && matches!(name, "Credit" | "Source") {
        Some(PHOTOSHOP)
    } else {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArrayKind {
    Alternative,
    Sequence,
    Bag,
}

impl ArrayKind {
    fn from_rdf_name(name: &str) -> Option<Self> {
        match name {
            "Alt" => Some(Self::Alternative),
            "Seq" => Some(Self::Sequence),
            "Bag" => Some(Self::Bag),
            _ => None,
        }
    }

    fn rdf_name(self) -> &'static str {
        match self {
            Self::Alternative => "rdf:Alt",
            Self::Sequence => "rdf:Seq",
            Self::Bag => "rdf:Bag",
        }
    }

    /// The array type the XMP specification gives a kept property, so that a value written in
    /// the wrong (simple) form by the source is repaired on the way out.
    fn expected_for(namespace: XmpNamespace, name: &str) -> Option<Self> {
        match (namespace.prefix, name) {
            ("dc", "rights") | ("xmpRights", "UsageTerms") => Some(Self::Alternative),
            ("dc", "creator") => Some(Self::Sequence),
            ("xmpRights", "Owner") => Some(Self::Bag),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ArrayItem {
    language: Option<String>,
    text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum XmpValue {
    Text(String),
    Uri(String),
    Array {
        kind: ArrayKind,
        items: Vec<ArrayItem>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct RightsProperty {
    namespace: XmpNamespace,
    name: String,
    value: XmpValue,
}

struct RightsExtraction {
    properties: Vec<RightsProperty>,
    other_property_count: usize,
}

/// An element with its namespace resolved and its attributes decoded, so that the walk below does
/// not have to keep the reader borrowed.
struct ResolvedElement {
    namespace: Option<String>,
    local_name: String,
    attributes: Vec<ResolvedAttribute>,
}

struct ResolvedAttribute {
    namespace: Option<String>,
    local_name: String,
    qualified_name: String,
    value: String,
}

impl ResolvedAttribute {
    fn is_in(&self, namespace: &str, local_name: &str) -> bool {
        self.namespace.as_deref() == Some(namespace) && self.local_name == local_name
    }

    /// The xml prefix is reserved and always bound, so its attributes are recognised by name.
    fn is_xml_language(&self) -> bool {
        self.qualified_name == "xml:lang"
    }
}

fn bound_namespace(result: ResolveResult<'_>) -> Option<String> {
    match result {
        ResolveResult::Bound(Namespace(uri)) => Some(uri.to_owned()),
        _ => None,
    }
}

fn resolve_element(
    resolver: &NamespaceResolver,
    element: &BytesStart<'_>,
) -> Option<ResolvedElement> {
    let (namespace, local_name) = resolver.resolve_element(element.name());
    let mut attributes = Vec::new();
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        let qualified_name = attribute.key.into_inner();
        // Namespace declarations are not properties.
        if qualified_name == "xmlns" || qualified_name.starts_with("xmlns:") {
            continue;
        }
        let (attribute_namespace, attribute_local_name) = resolver.resolve_attribute(attribute.key);
        attributes.push(ResolvedAttribute {
            namespace: bound_namespace(attribute_namespace),
            local_name: attribute_local_name.into_inner().to_owned(),
            qualified_name: qualified_name.to_owned(),
            value: attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()?
                .into_owned(),
        });
    }
    Some(ResolvedElement {
        namespace: bound_namespace(namespace),
        local_name: local_name.into_inner().to_owned(),
        attributes,
    })
}

/// Turns an entity or character reference into text. XMP forbids a DTD, so only the predefined
/// entities exist; anything else makes the packet unreadable.
fn resolve_reference(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix('x') {
            Some(hexadecimal) => u32::from_str_radix(hexadecimal, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    quick_xml::escape::resolve_predefined_entity(name).map(str::to_owned)
}

/// Finds the rights properties among the top-level properties of every rdf:Description.
/// `None` when the packet is not well-formed XML or has no rdf:RDF element.
fn extract_rights_properties(xmp: &[u8]) -> Option<RightsExtraction> {
    let text = std::str::from_utf8(xmp).ok()?;
    let mut reader = NsReader::from_str(text);
    let mut walker = RightsWalker::default();
    loop {
        match reader.read_event().ok()? {
            Event::Start(element) => walker.open(resolve_element(reader.resolver(), &element)?),
            Event::Empty(element) => {
                walker.open(resolve_element(reader.resolver(), &element)?);
                walker.close();
            }
            Event::End(_) => walker.close(),
            Event::Text(text) => walker.text(&text.xml10_content()),
            Event::CData(data) => walker.text(&data.xml10_content()),
            Event::GeneralRef(reference) => walker.text(&resolve_reference(&reference)?),
            Event::Eof => break,
            _ => {}
        }
    }
    walker.finish()
}

/// Follows the element structure of an XMP packet and collects rights properties. Properties of
/// rdf:Description are attributes (simple values) or child elements (simple values, rdf:resource
/// URIs, or rdf:Alt/Seq/Bag arrays of rdf:li items). Structures and qualifiers are not copied.
#[derive(Default)]
struct RightsWalker {
    depth: usize,
    inside_rdf: bool,
    saw_rdf: bool,
    description_depth: Option<usize>,
    capture: Option<PropertyCapture>,
    properties: Vec<RightsProperty>,
    other_property_count: usize,
}

impl RightsWalker {
    fn open(&mut self, element: ResolvedElement) {
        let parent_depth = self.depth;
        self.depth += 1;
        let is_rdf = element.namespace.as_deref() == Some(RDF_NAMESPACE);
        if let Some(capture) = &mut self.capture {
            capture.open_child(self.depth, is_rdf, &element);
            return;
        }
        if is_rdf && element.local_name == "RDF" {
            self.inside_rdf = true;
            self.saw_rdf = true;
            return;
        }
        if is_rdf
            && element.local_name == "Description"
            && self.inside_rdf
            && self.description_depth.is_none()
        {
            self.description_depth = Some(self.depth);
            for attribute in element.attributes {
                let is_syntax = attribute.namespace.as_deref() == Some(RDF_NAMESPACE)
                    || attribute.qualified_name.starts_with("xml:");
                if !is_syntax {
                    self.add_attribute_property(attribute);
                }
            }
            return;
        }
        if self.description_depth == Some(parent_depth) {
            let namespace = element
                .namespace
                .as_deref()
                .and_then(|uri| rights_namespace(uri, &element.local_name));
            match namespace {
                Some(namespace) => {
                    self.capture = Some(PropertyCapture::start(namespace, element, self.depth));
                }
                None => self.other_property_count += 1,
            }
        }
    }

    fn close(&mut self) {
        match self.capture.as_ref().map(|capture| capture.depth) {
            Some(depth) if depth == self.depth => {
                if let Some(property) = self.capture.take().and_then(PropertyCapture::finish) {
                    self.add_property(property);
                } else {
                    self.other_property_count += 1;
                }
            }
            Some(_) => {
                if let Some(capture) = &mut self.capture {
                    capture.close_child(self.depth);
                }
            }
            None => {}
        }
        if self.description_depth == Some(self.depth) {
            self.description_depth = None;
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn text(&mut self, text: &str) {
        if let Some(capture) = &mut self.capture {
            capture.text(self.depth, text);
        }
    }

    fn add_attribute_property(&mut self, attribute: ResolvedAttribute) {
        let namespace = attribute
            .namespace
            .as_deref()
            .and_then(|uri| rights_namespace(uri, &attribute.local_name));
        match namespace {
            Some(namespace) if !attribute.value.trim().is_empty() => {
                self.add_property(RightsProperty {
                    namespace,
                    name: attribute.local_name,
                    value: XmpValue::Text(attribute.value),
                });
            }
            _ => self.other_property_count += 1,
        }
    }

    /// A property stated twice (across several rdf:Description elements) keeps its first value.
    fn add_property(&mut self, property: RightsProperty) {
        let duplicate = self.properties.iter().any(|existing| {
            existing.namespace == property.namespace && existing.name == property.name
        });
        if !duplicate {
            self.properties.push(property);
        }
    }

    fn finish(self) -> Option<RightsExtraction> {
        self.saw_rdf.then_some(RightsExtraction {
            properties: self.properties,
            other_property_count: self.other_property_count,
        })
    }
}

/// The state of one rights property element while its content is read.
struct PropertyCapture {
    namespace: XmpNamespace,
    name: String,
    depth: usize,
    array_kind: Option<ArrayKind>,
    items: Vec<ArrayItem>,
    inside_item: bool,
    item_language: Option<String>,
    text: String,
    resource: Option<String>,
    unsupported: bool,
}

impl PropertyCapture {
    fn start(namespace: XmpNamespace, element: ResolvedElement, depth: usize) -> Self {
        let mut capture = Self {
            namespace,
            name: element.local_name,
            depth,
            array_kind: None,
            items: Vec::new(),
            inside_item: false,
            item_language: None,
            text: String::new(),
            resource: None,
            unsupported: false,
        };
        for attribute in element.attributes {
            if attribute.is_in(RDF_NAMESPACE, "resource") {
                capture.resource = Some(attribute.value);
            } else if !attribute.is_xml_language() {
                // rdf:parseType, qualifiers and structure fields in attribute form.
                capture.unsupported = true;
            }
        }
        capture
    }

    fn open_child(&mut self, depth: usize, is_rdf: bool, element: &ResolvedElement) {
        match depth - self.depth {
            1 if is_rdf && self.array_kind.is_none() && self.resource.is_none() => {
                match ArrayKind::from_rdf_name(&element.local_name) {
                    Some(kind) => self.array_kind = Some(kind),
                    None => self.unsupported = true,
                }
            }
            2 if is_rdf && element.local_name == "li" && self.array_kind.is_some() => {
                self.inside_item = true;
                self.text.clear();
                self.item_language = None;
                for attribute in &element.attributes {
                    if attribute.is_xml_language() {
                        self.item_language = Some(attribute.value.clone());
                    } else if attribute.is_in(RDF_NAMESPACE, "resource") {
                        self.text = attribute.value.clone();
                    } else {
                        self.unsupported = true;
                    }
                }
            }
            _ => self.unsupported = true,
        }
    }

    fn close_child(&mut self, depth: usize) {
        if depth - self.depth == 2 && self.inside_item {
            self.items.push(ArrayItem {
                language: self.item_language.take(),
                text: std::mem::take(&mut self.text),
            });
            self.inside_item = false;
        }
    }

    fn text(&mut self, depth: usize, text: &str) {
        let level = depth - self.depth;
        if level == 0 || (level == 2 && self.inside_item) {
            self.text.push_str(text);
        }
    }

    fn finish(self) -> Option<RightsProperty> {
        if self.unsupported {
            return None;
        }
        let value = if let Some(kind) = self.array_kind {
            let items: Vec<ArrayItem> = self
                .items
                .into_iter()
                .filter(|item| !item.text.trim().is_empty())
                .collect();
            if items.is_empty() {
                return None;
            }
            XmpValue::Array { kind, items }
        } else if let Some(uri) = self.resource {
            XmpValue::Uri(uri)
        } else if self.text.trim().is_empty() {
            return None;
        } else {
            XmpValue::Text(self.text)
        };
        Some(RightsProperty {
            namespace: self.namespace,
            name: self.name,
            value,
        })
    }
}

/// Writes a new, minimal XMP packet holding only the given properties.
fn write_rights_packet(properties: &[RightsProperty]) -> Vec<u8> {
    let escape = |text: &str| quick_xml::escape::escape(text).into_owned();
    let mut namespaces: Vec<XmpNamespace> = Vec::new();
    for property in properties {
        if !namespaces.contains(&property.namespace) {
            namespaces.push(property.namespace);
        }
    }
    let mut xml = String::from(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n \
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
         <rdf:Description rdf:about=\"\"",
    );
    for namespace in &namespaces {
        xml.push_str(&format!(
            "\n    xmlns:{}=\"{}\"",
            namespace.prefix, namespace.uri
        ));
    }
    xml.push_str(">\n");
    for property in properties {
        let element = format!("{}:{}", property.namespace.prefix, property.name);
        let value = match (
            &property.value,
            ArrayKind::expected_for(property.namespace, &property.name),
        ) {
            (XmpValue::Text(text), Some(kind)) => XmpValue::Array {
                kind,
                items: vec![ArrayItem {
                    language: (kind == ArrayKind::Alternative).then(|| "x-default".to_owned()),
                    text: text.clone(),
                }],
            },
            (value, _) => value.clone(),
        };
        match value {
            XmpValue::Text(text) => {
                xml.push_str(&format!("   <{element}>{}</{element}>\n", escape(&text)));
            }
            XmpValue::Uri(uri) => {
                xml.push_str(&format!(
                    "   <{element} rdf:resource=\"{}\"/>\n",
                    escape(&uri)
                ));
            }
            XmpValue::Array { kind, items } => {
                xml.push_str(&format!("   <{element}>\n    <{}>\n", kind.rdf_name()));
                for item in items {
                    let language = item
                        .language
                        .map(|language| format!(" xml:lang=\"{}\"", escape(&language)))
                        .unwrap_or_default();
                    xml.push_str(&format!(
                        "     <rdf:li{language}>{}</rdf:li>\n",
                        escape(&item.text)
                    ));
                }
                xml.push_str(&format!("    </{}>\n   </{element}>\n", kind.rdf_name()));
            }
        }
    }
    xml.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    xml.into_bytes()
}

fn is_bound_to(result: &ResolveResult<'_>, uri: &str) -> bool {
    matches!(result, ResolveResult::Bound(Namespace(bound)) if *bound == uri)
}

/// Copies the packet with every tiff:Orientation, as an attribute or as an element, set to 1.
/// Everything else is written back event by event, so the packet otherwise keeps its content.
/// `None` when the packet is not well-formed XML or has no rdf:RDF element.
fn xmp_with_orientation_reset(xmp: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(xmp).ok()?;
    let mut reader = NsReader::from_str(text);
    let mut writer = Writer::new(Vec::with_capacity(xmp.len()));
    let mut depth = 0usize;
    let mut orientation_element_depth = None;
    let mut value_written = false;
    let mut saw_rdf = false;
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(element) => {
                depth += 1;
                let (namespace, local_name) = reader.resolver().resolve_element(element.name());
                let local_name = local_name.into_inner();
                saw_rdf |= is_bound_to(&namespace, RDF_NAMESPACE) && local_name == "RDF";
                if is_bound_to(&namespace, TIFF_XMP_NAMESPACE) && local_name == "Orientation" {
                    orientation_element_depth = Some(depth);
                    value_written = false;
                }
                let element = with_orientation_attribute_reset(reader.resolver(), element)?;
                writer.write_event(Event::Start(element)).ok()?;
            }
            Event::Empty(element) => {
                let (namespace, local_name) = reader.resolver().resolve_element(element.name());
                saw_rdf |=
                    is_bound_to(&namespace, RDF_NAMESPACE) && local_name.into_inner() == "RDF";
                let element = with_orientation_attribute_reset(reader.resolver(), element)?;
                writer.write_event(Event::Empty(element)).ok()?;
            }
            Event::End(element) => {
                if orientation_element_depth == Some(depth) {
                    orientation_element_depth = None;
                }
                depth = depth.saturating_sub(1);
                writer.write_event(Event::End(element)).ok()?;
            }
            // An undefined entity means the packet is not well-formed, whichever mode reads it.
            Event::GeneralRef(reference) if resolve_reference(&reference).is_none() => {
                return None;
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                if orientation_element_depth == Some(depth) =>
            {
                if !value_written {
                    writer.write_event(Event::Text(BytesText::new("1"))).ok()?;
                    value_written = true;
                }
            }
            Event::Eof => break,
            other => writer.write_event(other).ok()?,
        }
    }
    saw_rdf.then(|| writer.into_inner())
}

/// Returns the element unchanged unless it has a tiff:Orientation attribute, which is set to 1.
fn with_orientation_attribute_reset<'element>(
    resolver: &NamespaceResolver,
    element: BytesStart<'element>,
) -> Option<BytesStart<'element>> {
    let is_orientation = |key| {
        let (namespace, local_name) = resolver.resolve_attribute(key);
        is_bound_to(&namespace, TIFF_XMP_NAMESPACE) && local_name.into_inner() == "Orientation"
    };
    let mut has_orientation = false;
    for attribute in element.attributes() {
        has_orientation |= is_orientation(attribute.ok()?.key);
    }
    if !has_orientation {
        return Some(element);
    }
    let mut rewritten = BytesStart::new(element.name().into_inner().to_owned());
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        let key = attribute.key.into_inner();
        if is_orientation(attribute.key) {
            rewritten.push_attribute((key, "1"));
        } else {
            // The decoded value is escaped again on the way out, which also normalises the quotes.
            let value = attribute.normalized_value(XmlVersion::Implicit1_0).ok()?;
            rewritten.push_attribute((key, value.as_ref()));
        }
    }
    Some(rewritten)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use exif::experimental::Writer as ExifWriter;
    use exif::{Field, In, Rational, Tag, Value};
    use image::codecs::jpeg::JpegEncoder;
    use image::codecs::png::PngEncoder;
    use image::codecs::webp::WebPEncoder;
    use image::{ExtendedColorType, ImageEncoder};

    use super::*;

    const WIDTH: u32 = 24;
    const HEIGHT: u32 = 16;
    const ARTIST: &str = "Jane Doe";
    const COPYRIGHT_PHOTOGRAPHER: &str = "(c) 2024 Jane Doe";
    const COPYRIGHT_EDITOR: &str = "Editing House";

    const SAMPLE_XMP: &str = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"\"
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"
    xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\"
    xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\"
    xmlns:ps=\"http://ns.adobe.com/photoshop/1.0/\"
    xmp:CreatorTool=\"Camera Firmware 1.0\"
    tiff:Orientation=\"6\"
    xmpRights:Marked=\"True\">
   <dc:rights>
    <rdf:Alt>
     <rdf:li xml:lang=\"x-default\">&#169; 2024 Jane Doe &amp; Co</rdf:li>
     <rdf:li xml:lang=\"de-DE\">© 2024 Jane Doe und Co</rdf:li>
    </rdf:Alt>
   </dc:rights>
   <dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>
   <dc:subject><rdf:Bag><rdf:li>holiday</rdf:li></rdf:Bag></dc:subject>
   <xmpRights:WebStatement rdf:resource=\"https://example.com/license?a=1&amp;b=2\"/>
   <ps:Credit>Jane Doe Photography</ps:Credit>
  </rdf:Description>
  <rdf:Description rdf:about=\"\" xmlns:exif=\"http://ns.adobe.com/exif/1.0/\">
   <exif:GPSLatitude>48,51.4N</exif:GPSLatitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>";

    // ----- Sample data -------------------------------------------------------------------------

    fn sample_pixels(channels: usize) -> Vec<u8> {
        (0..WIDTH * HEIGHT)
            .flat_map(|index| {
                let x = (index % WIDTH) as u8;
                let y = (index / WIDTH) as u8;
                [x * 10, y * 15, 128, 100 + x].into_iter().take(channels)
            })
            .collect()
    }

    fn encode_jpeg() -> Vec<u8> {
        let mut output = Vec::new();
        JpegEncoder::new_with_quality(&mut output, 90)
            .write_image(&sample_pixels(3), WIDTH, HEIGHT, ExtendedColorType::Rgb8)
            .expect("the test JPEG encodes");
        output
    }

    fn encode_png() -> Vec<u8> {
        let mut output = Vec::new();
        PngEncoder::new(&mut output)
            .write_image(&sample_pixels(3), WIDTH, HEIGHT, ExtendedColorType::Rgb8)
            .expect("the test PNG encodes");
        output
    }

    fn encode_lossless_webp(with_alpha: bool) -> Vec<u8> {
        let (channels, color) = if with_alpha {
            (4, ExtendedColorType::Rgba8)
        } else {
            (3, ExtendedColorType::Rgb8)
        };
        let mut output = Vec::new();
        WebPEncoder::new_lossless(&mut output)
            .write_image(&sample_pixels(channels), WIDTH, HEIGHT, color)
            .expect("the test WebP encodes");
        output
    }

    fn decoded_dimensions(bytes: &[u8]) -> (u32, u32) {
        let decoded = image::load_from_memory(bytes).expect("the output still decodes");
        (decoded.width(), decoded.height())
    }

    fn ascii(text: &str) -> Value {
        Value::Ascii(vec![text.as_bytes().to_vec()])
    }

    fn whole_numbers(values: &[u32]) -> Value {
        Value::Rational(
            values
                .iter()
                .map(|value| Rational {
                    num: *value,
                    denom: 1,
                })
                .collect(),
        )
    }

    /// EXIF written by the exif crate, independently of the code under test.
    fn sample_exif(
        little_endian: bool,
        orientation: Option<u16>,
        thumbnail: Option<&[u8]>,
    ) -> Vec<u8> {
        let primary = |tag: Tag, value: Value| Field {
            tag,
            ifd_num: In::PRIMARY,
            value,
        };
        let mut fields = vec![
            primary(Tag::Make, ascii("Altloom Camera Works")),
            primary(Tag::Model, ascii("Model 7")),
            primary(Tag::Artist, ascii(ARTIST)),
            primary(
                Tag::Copyright,
                Value::Ascii(vec![
                    COPYRIGHT_PHOTOGRAPHER.as_bytes().to_vec(),
                    COPYRIGHT_EDITOR.as_bytes().to_vec(),
                ]),
            ),
            primary(Tag::DateTimeOriginal, ascii("2024:05:01 10:00:00")),
            primary(Tag::GPSLatitudeRef, ascii("N")),
            primary(Tag::GPSLatitude, whole_numbers(&[48, 51, 24])),
        ];
        if let Some(orientation) = orientation {
            fields.push(primary(Tag::Orientation, Value::Short(vec![orientation])));
        }
        if thumbnail.is_some() {
            fields.push(Field {
                tag: Tag::XResolution,
                ifd_num: In::THUMBNAIL,
                value: whole_numbers(&[72]),
            });
        }
        exif_from_fields(&fields, little_endian, thumbnail)
    }

    fn exif_from_fields(
        fields: &[Field],
        little_endian: bool,
        thumbnail: Option<&[u8]>,
    ) -> Vec<u8> {
        let mut writer = ExifWriter::new();
        for field in fields {
            writer.push_field(field);
        }
        if let Some(thumbnail) = thumbnail {
            writer.set_jpeg(thumbnail, In::THUMBNAIL);
        }
        let mut output = Cursor::new(Vec::new());
        writer
            .write(&mut output, little_endian)
            .expect("the test EXIF encodes");
        output.into_inner()
    }

    fn parse_exif(exif: &[u8]) -> exif::Exif {
        exif::Reader::new()
            .read_raw(exif.to_vec())
            .expect("the exif crate reads the EXIF")
    }

    fn ascii_field(exif: &exif::Exif, tag: Tag) -> Option<Vec<Vec<u8>>> {
        match &exif.get_field(tag, In::PRIMARY)?.value {
            Value::Ascii(parts) => Some(parts.clone()),
            _ => None,
        }
    }

    fn iptc_dataset(record: u8, number: u8, data: &[u8]) -> Vec<u8> {
        let length = u16::try_from(data.len()).expect("test datasets are short");
        [&[0x1C, record, number][..], &length.to_be_bytes(), data].concat()
    }

    fn sample_iptc() -> Vec<u8> {
        [
            iptc_dataset(1, 90, b"\x1b%G"),
            iptc_dataset(2, 0, &[0, 4]),
            iptc_dataset(2, 25, b"holiday"),
            iptc_dataset(2, 80, b"Jane Doe"),
            iptc_dataset(2, 80, b"John Roe"),
            iptc_dataset(2, 116, b"(c) 2024 Jane Doe"),
            iptc_dataset(2, 110, b"Jane Doe Photography"),
            iptc_dataset(2, 90, b"Paris"),
        ]
        .concat()
    }

    /// Lists (record, dataset number, data) with an independent, panicking parser.
    fn iptc_datasets(iptc: &[u8]) -> Vec<(u8, u8, Vec<u8>)> {
        let mut datasets = Vec::new();
        let mut position = 0;
        while position < iptc.len() {
            assert_eq!(iptc[position], 0x1C, "dataset marker at {position}");
            let length_field = u16::from_be_bytes([iptc[position + 3], iptc[position + 4]]);
            let (length, header) = if length_field & 0x8000 == 0 {
                (usize::from(length_field), 5)
            } else {
                let size = usize::from(length_field & 0x7FFF);
                let length = iptc[position + 5..position + 5 + size]
                    .iter()
                    .fold(0, |length, byte| (length << 8) | usize::from(*byte));
                (length, 5 + size)
            };
            let start = position + header;
            datasets.push((
                iptc[position + 1],
                iptc[position + 2],
                iptc[start..start + length].to_vec(),
            ));
            position = start + length;
        }
        datasets
    }

    /// A fake profile: pseudo-random bytes, so that a chunk swapped or lost changes the result.
    fn fake_icc_profile(length: usize) -> Vec<u8> {
        let mut state: u32 = 0x1234_5678;
        (0..length)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect()
    }

    fn photoshop_block(resources: &[(u16, &[u8], &[u8])]) -> Vec<u8> {
        let mut block = Vec::new();
        for (id, name, data) in resources {
            block.extend_from_slice(b"8BIM");
            block.extend_from_slice(&id.to_be_bytes());
            block.push(u8::try_from(name.len()).expect("short name"));
            block.extend_from_slice(name);
            if (name.len() + 1) % 2 == 1 {
                block.push(0);
            }
            block.extend_from_slice(&u32::try_from(data.len()).expect("short data").to_be_bytes());
            block.extend_from_slice(data);
            if data.len() % 2 == 1 {
                block.push(0);
            }
        }
        block
    }

    fn insert_jpeg_segments(jpeg: &[u8], segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let mut output = jpeg[..2].to_vec();
        for (marker, contents) in segments {
            output.extend_from_slice(&[0xFF, *marker]);
            let length = u16::try_from(contents.len() + 2).expect("segment fits");
            output.extend_from_slice(&length.to_be_bytes());
            output.extend_from_slice(contents);
        }
        output.extend_from_slice(&jpeg[2..]);
        output
    }

    /// A JPEG carrying every part, built by hand: the ICC chunks are stored out of order and the
    /// IPTC resource follows another Photoshop resource with an odd-length name.
    fn source_jpeg(exif: &[u8], xmp: &[u8], iptc: &[u8], icc: &[u8]) -> Vec<u8> {
        let icc_pieces: Vec<&[u8]> = icc.chunks(60_000).collect();
        let count = u8::try_from(icc_pieces.len()).expect("few chunks");
        let icc_segment = |index: usize| {
            let sequence_number = u8::try_from(index + 1).expect("few chunks");
            (
                markers::APP2,
                [
                    ICC_JPEG_PREFIX,
                    &[sequence_number, count],
                    icc_pieces[index],
                ]
                .concat(),
            )
        };
        let mut segments = vec![
            (markers::APP1, [EXIF_JPEG_PREFIX, exif].concat()),
            (markers::APP1, [XMP_JPEG_PREFIX, xmp].concat()),
        ];
        let mut order: Vec<usize> = (0..icc_pieces.len()).collect();
        if order.len() > 1 {
            order.swap(0, 1);
        }
        segments.extend(order.into_iter().map(icc_segment));
        let resources = photoshop_block(&[(0x03ED, b"abc", &[0; 16]), (0x0404, b"", iptc)]);
        segments.push((markers::APP13, [PHOTOSHOP_JPEG_PREFIX, &resources].concat()));
        insert_jpeg_segments(&encode_jpeg(), &segments)
    }

    fn insert_png_chunks(png: Vec<u8>, chunks: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
        let mut parsed = Png::from_bytes(Bytes::from(png)).expect("the test PNG parses");
        for (index, (kind, contents)) in chunks.into_iter().enumerate() {
            parsed
                .chunks_mut()
                .insert(1 + index, PngChunk::new(kind, Bytes::from(contents)));
        }
        concatenate(parsed.encoder())
    }

    fn png_chunk_kinds(png: &[u8]) -> Vec<[u8; 4]> {
        Png::from_bytes(Bytes::copy_from_slice(png))
            .expect("the PNG parses")
            .chunks()
            .iter()
            .map(PngChunk::kind)
            .collect()
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
    }

    /// ImageMagick's raw profile text, written independently of the code under test.
    fn raw_profile(profile_type: &str, payload: &[u8]) -> Vec<u8> {
        let hex: String = payload.iter().map(|byte| format!("{byte:02x}")).collect();
        let lines: Vec<&str> = hex
            .as_bytes()
            .chunks(72)
            .map(|line| std::str::from_utf8(line).expect("hex is ASCII"))
            .collect();
        format!(
            "\n{profile_type}\n{:8}\n{}\n",
            payload.len(),
            lines.join("\n")
        )
        .into_bytes()
    }

    fn riff_webp(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        for (fourcc, data) in chunks {
            body.extend_from_slice(*fourcc);
            body.extend_from_slice(&u32::try_from(data.len()).expect("small").to_le_bytes());
            body.extend_from_slice(data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        let size = u32::try_from(body.len()).expect("small");
        [b"RIFF".as_slice(), &size.to_le_bytes(), &body].concat()
    }

    /// Splits a WebP file with an independent, panicking parser, checking the RIFF size on the way.
    fn webp_chunks(webp: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
        assert_eq!(&webp[..4], b"RIFF");
        assert_eq!(&webp[8..12], b"WEBP");
        let riff_size = u32::from_le_bytes([webp[4], webp[5], webp[6], webp[7]]) as usize;
        assert_eq!(riff_size + 8, webp.len(), "the RIFF size matches the file");
        let mut chunks = Vec::new();
        let mut position = 12;
        while position < webp.len() {
            let fourcc: [u8; 4] = webp[position..position + 4].try_into().expect("four bytes");
            let size = u32::from_le_bytes(
                webp[position + 4..position + 8]
                    .try_into()
                    .expect("four bytes"),
            ) as usize;
            chunks.push((fourcc, webp[position + 8..position + 8 + size].to_vec()));
            position += 8 + size + size % 2;
        }
        chunks
    }

    struct Vp8xHeader {
        flags: u8,
        canvas_width: u32,
        canvas_height: u32,
    }

    fn vp8x_header(webp: &[u8]) -> Vp8xHeader {
        let chunks = webp_chunks(webp);
        let (fourcc, data) = &chunks[0];
        assert_eq!(fourcc, b"VP8X", "VP8X is the first chunk");
        assert_eq!(data.len(), 10);
        Vp8xHeader {
            flags: data[0],
            canvas_width: u32::from_le_bytes([data[4], data[5], data[6], 0]) + 1,
            canvas_height: u32::from_le_bytes([data[7], data[8], data[9], 0]) + 1,
        }
    }

    fn chunk_ids(webp: &[u8]) -> Vec<[u8; 4]> {
        webp_chunks(webp)
            .into_iter()
            .map(|(fourcc, _)| fourcc)
            .collect()
    }

    fn full_source() -> SourceMetadata {
        SourceMetadata {
            exif: Some(sample_exif(true, Some(6), Some(&encode_jpeg()))),
            xmp: Some(SAMPLE_XMP.as_bytes().to_vec()),
            iptc: Some(sample_iptc()),
            icc: Some(fake_icc_profile(150 * 1024)),
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    fn embedded_as_source(embedded: &EmbeddedMetadata) -> SourceMetadata {
        SourceMetadata {
            exif: embedded.exif.clone(),
            xmp: embedded.xmp.clone(),
            iptc: embedded.iptc.clone(),
            icc: embedded.icc.clone(),
        }
    }

    // ----- Round trips -------------------------------------------------------------------------

    #[test]
    fn jpeg_round_trip_in_all_mode_keeps_everything_with_orientation_reset() {
        let source_parts = full_source();
        let exif = source_parts.exif.clone().expect("sample has EXIF");
        let icc = source_parts.icc.clone().expect("sample has ICC");
        let file = source_jpeg(&exif, SAMPLE_XMP.as_bytes(), &sample_iptc(), &icc);

        let source = read_jpeg(&file).expect("the source JPEG reads");
        assert_eq!(source, source_parts, "every part is read back byte-exact");

        let plan = plan(&source, KeepMetadata::All, source.icc.clone());
        assert_eq!(plan.kept, names(&["exif", "xmp", "iptc", "icc"]));
        assert_eq!(plan.dropped, names(&["exif:thumbnail"]));

        let output = embed_jpeg(encode_jpeg(), &plan.embed).expect("embedding succeeds");
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        let round_trip = read_jpeg(&output).expect("the output reads");
        assert_eq!(round_trip, embedded_as_source(&plan.embed));

        let output_exif = round_trip.exif.expect("EXIF survives");
        assert_eq!(exif_orientation(&output_exif), Some(1));
        let parsed = parse_exif(&output_exif);
        assert_eq!(
            ascii_field(&parsed, Tag::Make),
            Some(vec![b"Altloom Camera Works".to_vec()])
        );
        assert!(parsed.get_field(Tag::GPSLatitude, In::PRIMARY).is_some());
        assert!(parsed.fields().all(|field| field.ifd_num != In::THUMBNAIL));

        let output_xmp = String::from_utf8(round_trip.xmp.expect("XMP survives")).expect("UTF-8");
        assert!(
            output_xmp.contains("tiff:Orientation=\"1\""),
            "{output_xmp}"
        );
        assert!(!output_xmp.contains("tiff:Orientation=\"6\""));
        assert!(output_xmp.contains("xmp:CreatorTool=\"Camera Firmware 1.0\""));
        assert!(output_xmp.contains("<exif:GPSLatitude>48,51.4N</exif:GPSLatitude>"));
        assert!(output_xmp.contains("&#169; 2024 Jane Doe &amp; Co"));
        assert_eq!(round_trip.iptc, Some(sample_iptc()));
        assert_eq!(round_trip.icc, Some(icc));
    }

    #[test]
    fn jpeg_round_trip_in_copyright_mode_keeps_only_rights() {
        let source = read_jpeg(&source_jpeg(
            &sample_exif(false, Some(3), None),
            SAMPLE_XMP.as_bytes(),
            &sample_iptc(),
            &fake_icc_profile(4000),
        ))
        .expect("the source JPEG reads");

        let plan = plan(&source, KeepMetadata::Copyright, None);
        assert_eq!(
            plan.kept,
            names(&[
                "exif:Artist",
                "exif:Copyright",
                "xmp:xmpRights:Marked",
                "xmp:dc:rights",
                "xmp:dc:creator",
                "xmp:xmpRights:WebStatement",
                "xmp:photoshop:Credit",
                "iptc:By-line",
                "iptc:Credit",
                "iptc:CopyrightNotice",
            ])
        );
        assert_eq!(
            plan.dropped,
            names(&[
                "exif:GPS",
                "exif (other tags)",
                "xmp (other properties)",
                "iptc (other datasets)",
                "icc (converted to sRGB)",
            ])
        );

        let output = embed_jpeg(encode_jpeg(), &plan.embed).expect("embedding succeeds");
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        let round_trip = read_jpeg(&output).expect("the output reads");
        assert_eq!(round_trip, embedded_as_source(&plan.embed));
        assert_eq!(round_trip.icc, None);

        let parsed = parse_exif(&round_trip.exif.expect("rights EXIF"));
        assert_eq!(parsed.fields().len(), 2, "only Artist and Copyright remain");
        assert_eq!(
            ascii_field(&parsed, Tag::Artist),
            Some(vec![ARTIST.as_bytes().to_vec()])
        );

        let xmp = String::from_utf8(round_trip.xmp.expect("rights XMP")).expect("UTF-8");
        for expected in [
            "<rdf:li xml:lang=\"x-default\">© 2024 Jane Doe &amp; Co</rdf:li>",
            "<rdf:li xml:lang=\"de-DE\">© 2024 Jane Doe und Co</rdf:li>",
            "<dc:creator>\n    <rdf:Seq>\n     <rdf:li>Jane Doe</rdf:li>",
            "<xmpRights:Marked>True</xmpRights:Marked>",
            "<xmpRights:WebStatement rdf:resource=\"https://example.com/license?a=1&amp;b=2\"/>",
            "<photoshop:Credit>Jane Doe Photography</photoshop:Credit>",
        ] {
            assert!(xmp.contains(expected), "{expected:?} missing from {xmp}");
        }
        for unexpected in [
            "CreatorTool",
            "Orientation",
            "GPSLatitude",
            "holiday",
            "subject",
        ] {
            assert!(!xmp.contains(unexpected), "{unexpected:?} kept in {xmp}");
        }
        // The new packet is itself readable and yields the same properties.
        let reread = extract_rights_properties(xmp.as_bytes()).expect("the new packet parses");
        assert_eq!(reread.properties.len(), 5);
        assert_eq!(reread.other_property_count, 0);

        let datasets = iptc_datasets(&round_trip.iptc.expect("rights IPTC"));
        assert_eq!(
            datasets,
            vec![
                (1, 90, b"\x1b%G".to_vec()),
                (2, 0, vec![0, 4]),
                (2, 80, b"Jane Doe".to_vec()),
                (2, 80, b"John Roe".to_vec()),
                (2, 110, b"Jane Doe Photography".to_vec()),
                (2, 116, b"(c) 2024 Jane Doe".to_vec()),
            ]
        );
    }

    #[test]
    fn png_round_trip_keeps_every_part_and_places_chunks_before_image_data() {
        let exif = sample_exif(true, Some(1), None);
        let icc = fake_icc_profile(5000);
        let mut icc_chunk = b"Some profile\0\0".to_vec();
        icc_chunk.extend(zlib(&icc));
        // A compressed iTXt, to exercise decompression on the way in.
        let mut xmp_chunk = b"XML:com.adobe.xmp\0\x01\0\0\0".to_vec();
        xmp_chunk.extend(zlib(SAMPLE_XMP.as_bytes()));
        let mut iptc_chunk = b"Raw profile type iptc\0\0".to_vec();
        iptc_chunk.extend(zlib(&raw_profile("iptc", &sample_iptc())));
        let file = insert_png_chunks(
            encode_png(),
            vec![
                (*b"iCCP", icc_chunk),
                (*b"eXIf", exif.clone()),
                (*b"iTXt", xmp_chunk),
                (*b"zTXt", iptc_chunk),
            ],
        );
        let source = read_png(&file).expect("the source PNG reads");
        assert_eq!(
            source,
            SourceMetadata {
                exif: Some(exif),
                xmp: Some(SAMPLE_XMP.as_bytes().to_vec()),
                iptc: Some(sample_iptc()),
                icc: Some(icc.clone()),
            }
        );

        let plan = plan(&source, KeepMetadata::All, Some(icc));
        // The encoder's own sRGB chunk must go once a profile is embedded.
        let encoded = insert_png_chunks(encode_png(), vec![(*b"sRGB", vec![0])]);
        let output = embed_png(encoded, &plan.embed).expect("embedding succeeds");
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        let kinds = png_chunk_kinds(&output);
        assert_eq!(
            kinds[..5],
            [*b"IHDR", *b"iCCP", *b"eXIf", *b"iTXt", *b"zTXt"],
            "metadata comes right after IHDR"
        );
        assert!(!kinds.contains(b"sRGB"));
        assert_eq!(kinds.last(), Some(b"IEND"));
        let round_trip = read_png(&output).expect("the output reads");
        assert_eq!(round_trip, embedded_as_source(&plan.embed));

        // Embedding again replaces rather than duplicates.
        let replaced = embed_png(output, &EmbeddedMetadata::default()).expect("embedding succeeds");
        assert_eq!(
            read_png(&replaced).expect("reads"),
            SourceMetadata::default()
        );
        assert_eq!(png_chunk_kinds(&replaced), png_chunk_kinds(&encode_png()));
    }

    #[test]
    fn png_legacy_raw_profiles_are_read() {
        let exif = sample_exif(false, Some(5), None);
        let app1 = [EXIF_JPEG_PREFIX, &exif].concat();
        let photoshop = [
            PHOTOSHOP_JPEG_PREFIX,
            &photoshop_block(&[(0x0404, b"", &sample_iptc())]),
        ]
        .concat();
        let mut iptc_chunk = b"Raw profile type iptc\0\0".to_vec();
        iptc_chunk.extend(zlib(&raw_profile("iptc", &photoshop)));
        let text_chunk = [
            b"Raw profile type exif\0".as_slice(),
            &raw_profile("exif", &app1),
        ]
        .concat();
        let file = insert_png_chunks(
            encode_png(),
            vec![(*b"tEXt", text_chunk), (*b"zTXt", iptc_chunk)],
        );
        let source = read_png(&file).expect("the PNG reads");
        assert_eq!(source.exif, Some(exif));
        assert_eq!(source.iptc, Some(sample_iptc()));
        assert_eq!(
            exif_orientation(source.exif.as_deref().unwrap_or_default()),
            Some(5)
        );
    }

    #[test]
    fn webp_round_trip_sets_the_extended_flags_and_canvas() {
        let lossless = webp_chunks(&encode_lossless_webp(true));
        let (fourcc, bitstream) = &lossless[0];
        assert_eq!(fourcc, b"VP8L");
        let exif = sample_exif(true, Some(8), None);
        let prefixed_exif = [EXIF_JPEG_PREFIX, &exif].concat();
        let icc = fake_icc_profile(3001);
        let canvas = [
            0x3C,
            0,
            0,
            0,
            (WIDTH - 1) as u8,
            0,
            0,
            (HEIGHT - 1) as u8,
            0,
            0,
        ];
        let file = riff_webp(&[
            (b"VP8X", &canvas),
            (b"ICCP", &icc),
            (b"VP8L", bitstream),
            (b"EXIF", &prefixed_exif),
            (b"XMP ", SAMPLE_XMP.as_bytes()),
        ]);
        let source = read_webp(&file).expect("the source WebP reads");
        assert_eq!(source.exif, Some(exif), "the JPEG prefix is stripped");
        assert_eq!(source.icc, Some(icc.clone()));
        assert_eq!(source.xmp.as_deref(), Some(SAMPLE_XMP.as_bytes()));

        let plan = plan(&source, KeepMetadata::All, Some(icc));
        let encoded = encode_lossless_webp(true);
        assert_eq!(
            chunk_ids(&encoded),
            [*b"VP8L"],
            "the encoder writes a simple file"
        );
        let output = embed_webp(encoded, &plan.embed).expect("embedding succeeds");
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        assert_eq!(
            chunk_ids(&output),
            [*b"VP8X", *b"ICCP", *b"VP8L", *b"EXIF", *b"XMP "]
        );
        let header = vp8x_header(&output);
        assert_eq!(
            header.flags,
            WEBP_FLAG_ICC | WEBP_FLAG_ALPHA | WEBP_FLAG_EXIF | WEBP_FLAG_XMP
        );
        assert_eq!((header.canvas_width, header.canvas_height), (WIDTH, HEIGHT));
        let round_trip = read_webp(&output).expect("the output reads");
        assert_eq!(round_trip, embedded_as_source(&plan.embed));
        assert_eq!(
            exif_orientation(round_trip.exif.as_deref().unwrap_or_default()),
            Some(1)
        );
    }

    // ----- WebP container details ------------------------------------------------------------

    #[test]
    fn webp_lossless_without_alpha_gets_no_alpha_flag() {
        let metadata = EmbeddedMetadata {
            exif: Some(sample_exif(true, None, None)),
            ..EmbeddedMetadata::default()
        };
        let output =
            embed_webp(encode_lossless_webp(false), &metadata).expect("embedding succeeds");
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        let header = vp8x_header(&output);
        assert_eq!(header.flags, WEBP_FLAG_EXIF);
        assert_eq!((header.canvas_width, header.canvas_height), (WIDTH, HEIGHT));
    }

    #[test]
    fn webp_simple_lossy_file_gets_canvas_from_the_frame_header() {
        // A VP8 key frame header for 717 x 512; the rest of the bitstream does not matter here.
        let frame = [
            0x50, 0x5A, 0x00, 0x9D, 0x01, 0x2A, 0xCD, 0x02, 0x00, 0x02, 0x11, 0x22, 0x33,
        ];
        let metadata = EmbeddedMetadata {
            xmp: Some(b"<x/>".to_vec()),
            icc: Some(fake_icc_profile(99)),
            ..EmbeddedMetadata::default()
        };
        let output =
            embed_webp(riff_webp(&[(b"VP8 ", &frame)]), &metadata).expect("embedding succeeds");
        assert_eq!(chunk_ids(&output), [*b"VP8X", *b"ICCP", *b"VP8 ", *b"XMP "]);
        let header = vp8x_header(&output);
        assert_eq!(header.flags, WEBP_FLAG_ICC | WEBP_FLAG_XMP);
        assert_eq!((header.canvas_width, header.canvas_height), (717, 512));
        assert_eq!(
            webp_chunks(&output)[2].1,
            frame,
            "the odd-sized bitstream is copied exactly"
        );
    }

    #[test]
    fn webp_animation_keeps_its_flags_canvas_and_frames() {
        let header = [
            WEBP_FLAG_ANIMATION | WEBP_FLAG_ALPHA | WEBP_FLAG_EXIF,
            0,
            0,
            0,
            99,
            0,
            0,
            49,
            0,
            0,
        ];
        let file = riff_webp(&[
            (b"VP8X", &header),
            (b"ANIM", &[0, 0, 0, 0, 0, 0]),
            (b"ANMF", &[1; 21]),
            (b"ANMF", &[2; 20]),
            (b"EXIF", b"old exif"),
        ]);
        let metadata = EmbeddedMetadata {
            icc: Some(fake_icc_profile(10)),
            ..EmbeddedMetadata::default()
        };
        let output = embed_webp(file, &metadata).expect("embedding succeeds");
        assert_eq!(
            chunk_ids(&output),
            [*b"VP8X", *b"ICCP", *b"ANIM", *b"ANMF", *b"ANMF"],
            "the old EXIF is replaced and the frames keep their order"
        );
        let header = vp8x_header(&output);
        assert_eq!(
            header.flags,
            WEBP_FLAG_ICC | WEBP_FLAG_ALPHA | WEBP_FLAG_ANIMATION
        );
        assert_eq!((header.canvas_width, header.canvas_height), (100, 50));
        assert_eq!(webp_chunks(&output)[3].1, vec![1; 21]);
    }

    #[test]
    fn webp_without_metadata_returns_to_the_simple_format() {
        let lossless = webp_chunks(&encode_lossless_webp(false));
        let canvas = [
            WEBP_FLAG_ICC | WEBP_FLAG_EXIF,
            0,
            0,
            0,
            (WIDTH - 1) as u8,
            0,
            0,
            (HEIGHT - 1) as u8,
            0,
            0,
        ];
        let file = riff_webp(&[
            (b"VP8X", &canvas),
            (b"ICCP", b"profile"),
            (b"VP8L", &lossless[0].1),
            (b"EXIF", b"exif"),
        ]);
        let output = embed_webp(file, &EmbeddedMetadata::default()).expect("embedding succeeds");
        assert_eq!(chunk_ids(&output), [*b"VP8L"]);
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        assert_eq!(
            read_webp(&output).expect("reads"),
            SourceMetadata::default()
        );
    }

    // ----- EXIF --------------------------------------------------------------------------------

    #[test]
    fn orientation_is_read_for_every_value_in_both_byte_orders() {
        for little_endian in [true, false] {
            for orientation in 1..=8 {
                let exif = sample_exif(little_endian, Some(orientation), None);
                assert_eq!(exif_orientation(&exif), Some(orientation));
                let prefixed = [EXIF_JPEG_PREFIX, &exif].concat();
                assert_eq!(exif_orientation(&prefixed), Some(orientation));
            }
            for invalid in [0, 9, 300] {
                assert_eq!(
                    exif_orientation(&sample_exif(little_endian, Some(invalid), None)),
                    None
                );
            }
            assert_eq!(
                exif_orientation(&sample_exif(little_endian, None, None)),
                None
            );
        }
    }

    #[test]
    fn all_mode_resets_orientation_and_removes_the_thumbnail() {
        let thumbnail = encode_jpeg();
        for little_endian in [true, false] {
            let exif = sample_exif(little_endian, Some(8), Some(&thumbnail));
            assert_eq!(exif_orientation(&exif), Some(8));
            let source = SourceMetadata {
                exif: Some(exif.clone()),
                ..SourceMetadata::default()
            };
            let plan = plan(&source, KeepMetadata::All, None);
            assert_eq!(plan.dropped, names(&["exif:thumbnail"]));
            let rewritten = plan.embed.exif.expect("EXIF is kept");
            assert_eq!(exif_orientation(&rewritten), Some(1));
            assert!(
                rewritten.len() + thumbnail.len() <= exif.len(),
                "the thumbnail bytes are cut off ({} of {})",
                rewritten.len(),
                exif.len()
            );
            let parsed = parse_exif(&rewritten);
            assert!(parsed.fields().all(|field| field.ifd_num == In::PRIMARY));
            assert_eq!(
                ascii_field(&parsed, Tag::Model),
                Some(vec![b"Model 7".to_vec()])
            );
            assert_eq!(
                ascii_field(&parsed, Tag::DateTimeOriginal),
                Some(vec![b"2024:05:01 10:00:00".to_vec()])
            );
            assert!(parsed.get_field(Tag::GPSLatitude, In::PRIMARY).is_some());
        }
    }

    #[test]
    fn all_mode_resets_xmp_orientation_in_element_and_attribute_form() {
        let element_form = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
            <rdf:Description rdf:about=\"\" xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\">\
            <tiff:Orientation>6</tiff:Orientation><tiff:Make>Cam &amp; Co</tiff:Make></rdf:Description>\
            <rdf:Description xmlns:t=\"http://ns.adobe.com/tiff/1.0/\" t:Orientation='8' t:Model='A \"quoted\" model'/>\
            </rdf:RDF></x:xmpmeta>";
        let source = SourceMetadata {
            xmp: Some(element_form.as_bytes().to_vec()),
            ..SourceMetadata::default()
        };
        let plan = plan(&source, KeepMetadata::All, None);
        let xmp = String::from_utf8(plan.embed.xmp.expect("XMP is kept")).expect("UTF-8");
        assert!(
            xmp.contains("<tiff:Orientation>1</tiff:Orientation>"),
            "{xmp}"
        );
        assert!(xmp.contains("t:Orientation=\"1\""), "{xmp}");
        assert!(xmp.contains("<tiff:Make>Cam &amp; Co</tiff:Make>"), "{xmp}");
        assert!(
            xmp.contains("t:Model=\"A &quot;quoted&quot; model\""),
            "{xmp}"
        );
        assert!(!xmp.contains('6') && !xmp.contains('8'), "{xmp}");
    }

    #[test]
    fn copyright_mode_exif_keeps_only_artist_and_copyright_exactly() {
        for little_endian in [true, false] {
            let exif = sample_exif(little_endian, Some(6), Some(&encode_jpeg()));
            let source = SourceMetadata {
                exif: Some(exif.clone()),
                ..SourceMetadata::default()
            };
            let plan = plan(&source, KeepMetadata::Copyright, None);
            assert_eq!(plan.kept, names(&["exif:Artist", "exif:Copyright"]));
            assert_eq!(plan.dropped, names(&["exif:GPS", "exif (other tags)"]));
            let rights = plan.embed.exif.expect("a new EXIF");
            assert_eq!(rights[..2], exif[..2], "the byte order is kept");
            let parsed = parse_exif(&rights);
            assert_eq!(parsed.fields().len(), 2);
            assert_eq!(
                ascii_field(&parsed, Tag::Artist),
                Some(vec![ARTIST.as_bytes().to_vec()])
            );
            assert_eq!(
                ascii_field(&parsed, Tag::Copyright),
                Some(vec![
                    COPYRIGHT_PHOTOGRAPHER.as_bytes().to_vec(),
                    COPYRIGHT_EDITOR.as_bytes().to_vec(),
                ])
            );
            for gone in [
                Tag::Make,
                Tag::Model,
                Tag::Orientation,
                Tag::DateTimeOriginal,
                Tag::GPSLatitude,
            ] {
                assert!(
                    parsed.get_field(gone, In::PRIMARY).is_none(),
                    "{gone} is gone"
                );
            }
            assert_eq!(exif_orientation(&rights), None);
        }
    }

    #[test]
    fn copyright_mode_without_rights_fields_embeds_no_exif() {
        let exif = exif_from_fields(
            &[Field {
                tag: Tag::Make,
                ifd_num: In::PRIMARY,
                value: ascii("Camera"),
            }],
            true,
            None,
        );
        let source = SourceMetadata {
            exif: Some(exif),
            xmp: Some(
                b"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>".to_vec(),
            ),
            iptc: Some(iptc_dataset(2, 25, b"keyword")),
            icc: None,
        };
        let plan = plan(&source, KeepMetadata::Copyright, None);
        assert_eq!(plan.embed, EmbeddedMetadata::default());
        assert!(plan.kept.is_empty());
        assert_eq!(plan.dropped, names(&["exif", "xmp", "iptc"]));
    }

    // ----- XMP and IPTC ------------------------------------------------------------------------

    #[test]
    fn copyright_mode_xmp_repairs_simple_values_of_array_properties() {
        let xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
            <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:r=\"http://ns.adobe.com/xap/1.0/rights/\" \
            dc:rights=\"All rights reserved\" r:UsageTerms=\"Editorial use &lt;only&gt;\">\
            <r:Owner><rdf:Bag><rdf:li>Jane Doe</rdf:li><rdf:li>John Roe</rdf:li></rdf:Bag></r:Owner>\
            <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">A cat</rdf:li></rdf:Alt></dc:description>\
            </rdf:Description></rdf:RDF></x:xmpmeta>";
        let source = SourceMetadata {
            xmp: Some(xmp.as_bytes().to_vec()),
            ..SourceMetadata::default()
        };
        let plan = plan(&source, KeepMetadata::Copyright, None);
        assert_eq!(
            plan.kept,
            names(&[
                "xmp:dc:rights",
                "xmp:xmpRights:UsageTerms",
                "xmp:xmpRights:Owner"
            ])
        );
        assert_eq!(plan.dropped, names(&["xmp (other properties)"]));
        let packet = String::from_utf8(plan.embed.xmp.expect("rights XMP")).expect("UTF-8");
        for expected in [
            "<dc:rights>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">All rights reserved</rdf:li>",
            "<rdf:li xml:lang=\"x-default\">Editorial use &lt;only&gt;</rdf:li>",
            "<xmpRights:Owner>\n    <rdf:Bag>\n     <rdf:li>Jane Doe</rdf:li>\n     <rdf:li>John Roe</rdf:li>",
        ] {
            assert!(packet.contains(expected), "{expected:?} missing from {packet}");
        }
        assert!(!packet.contains("A cat"));
    }

    #[test]
    fn iptc_with_extended_length_datasets_is_kept_and_rewritten() {
        let long_notice = vec![b'c'; 40_000];
        let mut iptc = iptc_dataset(2, 0, &[0, 2]);
        iptc.extend_from_slice(&[0x1C, 2, 116, 0x80, 0x04]);
        iptc.extend_from_slice(&40_000u32.to_be_bytes());
        iptc.extend_from_slice(&long_notice);
        // Trailing zero padding is tolerated.
        iptc.extend_from_slice(&[0, 0, 0]);
        let source = SourceMetadata {
            iptc: Some(iptc),
            ..SourceMetadata::default()
        };
        let plan = plan(&source, KeepMetadata::Copyright, None);
        assert_eq!(plan.kept, names(&["iptc:CopyrightNotice"]));
        assert!(plan.dropped.is_empty());
        let datasets = iptc_datasets(&plan.embed.iptc.expect("rights IPTC"));
        assert_eq!(datasets, vec![(2, 0, vec![0, 2]), (2, 116, long_notice)]);
    }

    // ----- JPEG details ------------------------------------------------------------------------

    #[test]
    fn multi_chunk_icc_round_trips_byte_exact_through_jpeg() {
        let profile = fake_icc_profile(150 * 1024);
        let metadata = EmbeddedMetadata {
            icc: Some(profile.clone()),
            ..EmbeddedMetadata::default()
        };
        let output = embed_jpeg(encode_jpeg(), &metadata).expect("embedding succeeds");
        assert_eq!(decoded_dimensions(&output), (WIDTH, HEIGHT));
        let jpeg = Jpeg::from_bytes(Bytes::from(output.clone())).expect("the output parses");
        let chunks: Vec<(u8, u8, usize)> = jpeg
            .segments()
            .iter()
            .filter(|segment| segment.marker() == markers::APP2)
            .map(|segment| {
                let contents = segment.contents();
                assert!(contents.starts_with(ICC_JPEG_PREFIX));
                (contents[12], contents[13], contents.len() - 14)
            })
            .collect();
        assert_eq!(
            chunks,
            vec![
                (1, 3, 65_519),
                (2, 3, 65_519),
                (3, 3, 150 * 1024 - 2 * 65_519)
            ]
        );
        assert_eq!(read_jpeg(&output).expect("reads").icc, Some(profile));
    }

    #[test]
    fn jpeg_icc_with_a_missing_chunk_is_ignored() {
        let profile = fake_icc_profile(1000);
        let segments = [
            (
                markers::APP2,
                [ICC_JPEG_PREFIX, &[1, 3], &profile[..500]].concat(),
            ),
            (
                markers::APP2,
                [ICC_JPEG_PREFIX, &[3, 3], &profile[500..]].concat(),
            ),
        ];
        let file = insert_jpeg_segments(&encode_jpeg(), &segments);
        assert_eq!(read_jpeg(&file).expect("reads").icc, None);
    }

    #[test]
    fn jpeg_segments_follow_jfif_in_the_documented_order_and_replace_old_ones() {
        let source = full_source();
        let metadata = EmbeddedMetadata {
            exif: Some(sample_exif(true, Some(1), None)),
            xmp: source.xmp,
            iptc: source.iptc,
            icc: Some(fake_icc_profile(70_000)),
        };
        let once = embed_jpeg(encode_jpeg(), &metadata).expect("embedding succeeds");
        let twice = embed_jpeg(once.clone(), &metadata).expect("embedding again succeeds");
        assert_eq!(once, twice, "embedding replaces instead of duplicating");

        let jpeg = Jpeg::from_bytes(Bytes::from(once)).expect("the output parses");
        let leading: Vec<(u8, Vec<u8>)> = jpeg.segments()[..6]
            .iter()
            .map(|segment| (segment.marker(), segment.contents()[..4].to_vec()))
            .collect();
        assert_eq!(
            leading,
            vec![
                (markers::APP0, b"JFIF".to_vec()),
                (markers::APP1, b"Exif".to_vec()),
                (markers::APP1, b"http".to_vec()),
                (markers::APP2, b"ICC_".to_vec()),
                (markers::APP2, b"ICC_".to_vec()),
                (markers::APP13, b"Phot".to_vec()),
            ]
        );
        let stripped = embed_jpeg(twice, &EmbeddedMetadata::default()).expect("stripping succeeds");
        assert_eq!(stripped, encode_jpeg());
    }

    #[test]
    fn jpeg_photoshop_resource_is_padded_to_an_even_length() {
        let iptc = iptc_dataset(2, 116, b"odd!");
        assert_eq!(iptc.len() % 2, 1);
        let metadata = EmbeddedMetadata {
            iptc: Some(iptc.clone()),
            ..EmbeddedMetadata::default()
        };
        let output = embed_jpeg(encode_jpeg(), &metadata).expect("embedding succeeds");
        let jpeg = Jpeg::from_bytes(Bytes::from(output.clone())).expect("the output parses");
        let photoshop = jpeg
            .segments()
            .iter()
            .find(|segment| segment.marker() == markers::APP13)
            .expect("an APP13 segment");
        let expected = [
            PHOTOSHOP_JPEG_PREFIX,
            b"8BIM\x04\x04\0\0\0\0\0\x09",
            &iptc,
            &[0],
        ]
        .concat();
        assert_eq!(photoshop.contents().as_ref(), expected.as_slice());
        assert_eq!(read_jpeg(&output).expect("reads").iptc, Some(iptc));
    }

    #[test]
    fn oversized_exif_for_jpeg_is_a_typed_error() {
        let metadata = EmbeddedMetadata {
            exif: Some(vec![0; 70_000]),
            ..EmbeddedMetadata::default()
        };
        let error = embed_jpeg(encode_jpeg(), &metadata).expect_err("EXIF over 64 KB cannot fit");
        assert!(matches!(
            error,
            MetadataError::TooLarge {
                part: "EXIF",
                size: 70_000,
                limit: 65_527,
                ..
            }
        ));
        assert!(matches!(
            embed_jpeg(encode_png(), &EmbeddedMetadata::default()),
            Err(MetadataError::WrongFormat { format: "JPEG" })
        ));
    }

    // ----- Plan basics -------------------------------------------------------------------------

    #[test]
    fn none_mode_embeds_only_the_output_profile() {
        let source = full_source();
        let converted = plan(&source, KeepMetadata::None, None);
        assert_eq!(converted.embed, EmbeddedMetadata::default());
        assert!(converted.kept.is_empty());
        assert_eq!(
            converted.dropped,
            names(&["exif", "xmp", "iptc", "icc (converted to sRGB)"])
        );

        let kept_profile = plan(&source, KeepMetadata::None, source.icc.clone());
        assert_eq!(
            kept_profile.embed,
            EmbeddedMetadata {
                icc: source.icc.clone(),
                ..EmbeddedMetadata::default()
            }
        );
        assert_eq!(kept_profile.kept, names(&["icc"]));
        assert_eq!(kept_profile.dropped, names(&["exif", "xmp", "iptc"]));
    }

    #[test]
    fn debug_output_shows_sizes_not_bytes() {
        let source = SourceMetadata {
            exif: Some(vec![0xAB; 3]),
            ..SourceMetadata::default()
        };
        assert_eq!(
            format!("{source:?}"),
            "SourceMetadata { exif: 3 bytes, xmp: absent, iptc: absent, icc: absent }"
        );
        let embedded = EmbeddedMetadata {
            icc: Some(vec![1; 1024]),
            ..EmbeddedMetadata::default()
        };
        assert_eq!(
            format!("{embedded:?}"),
            "EmbeddedMetadata { exif: absent, xmp: absent, iptc: absent, icc: 1024 bytes }"
        );
    }

    // ----- Malformed input ---------------------------------------------------------------------

    fn plan_every_mode(source: &SourceMetadata) -> [MetadataPlan; 3] {
        [
            KeepMetadata::None,
            KeepMetadata::Copyright,
            KeepMetadata::All,
        ]
        .map(|keep| plan(source, keep, source.icc.clone()))
    }

    #[test]
    fn truncated_exif_never_panics_and_short_prefixes_are_unreadable() {
        for little_endian in [true, false] {
            let exif = sample_exif(little_endian, Some(6), Some(&encode_jpeg()));
            for length in 0..exif.len() {
                let truncated = &exif[..length];
                let _ = exif_orientation(truncated);
                let source = SourceMetadata {
                    exif: Some(truncated.to_vec()),
                    ..SourceMetadata::default()
                };
                let [_, copyright, all] = plan_every_mode(&source);
                if (1..TIFF_HEADER_LENGTH).contains(&length) {
                    assert_eq!(copyright.dropped, names(&["exif (unreadable)"]));
                    assert_eq!(all.dropped, names(&["exif (unreadable)"]));
                }
            }
        }
    }

    #[test]
    fn corrupt_exif_structures_are_handled() {
        let directory_loop = [
            b"II*\0\x08\0\0\0".as_slice(),
            // One entry: the Exif pointer, pointing back at IFD0; then a thumbnail link to itself.
            &[1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0],
            &[8, 0, 0, 0],
        ]
        .concat();
        let huge_entry_count = b"MM\0*\0\0\0\x08\xFF\xFF\0\x01".to_vec();
        let offset_past_end = b"II*\0\xFF\xFF\xFF\xFF".to_vec();
        let huge_value = [
            b"II*\0\x08\0\0\0".as_slice(),
            &[
                1, 0, 0x3B, 0x01, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x20, 0, 0, 0,
            ],
            &[0, 0, 0, 0],
        ]
        .concat();
        for exif in [
            directory_loop,
            huge_entry_count,
            offset_past_end,
            huge_value,
        ] {
            assert_eq!(exif_orientation(&exif), None);
            let source = SourceMetadata {
                exif: Some(exif),
                ..SourceMetadata::default()
            };
            let [_, copyright, all] = plan_every_mode(&source);
            assert_eq!(copyright.embed.exif, None);
            // Whatever All mode keeps must still parse as a directory.
            if let Some(kept) = all.embed.exif {
                assert!(Tiff::parse(&kept)
                    .and_then(|tiff| tiff.first_directory())
                    .is_some());
            }
        }
    }

    #[test]
    fn garbage_xmp_is_unreadable_not_a_panic() {
        let garbage: [&[u8]; 6] = [
            b"\xFF\xFE\x00garbage",
            b"plain text, no XML",
            b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF></x:xmpmeta>",
            b"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description>&undefined;</rdf:Description></rdf:RDF>",
            b"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" a=\"1\" a=\"2\"/>",
            b"<<<>>>",
        ];
        for xmp in garbage {
            let source = SourceMetadata {
                xmp: Some(xmp.to_vec()),
                ..SourceMetadata::default()
            };
            let [_, copyright, all] = plan_every_mode(&source);
            assert_eq!(copyright.dropped, names(&["xmp (unreadable)"]), "{xmp:?}");
            assert_eq!(all.dropped, names(&["xmp (unreadable)"]), "{xmp:?}");
            assert_eq!(all.embed.xmp, None);
        }
        // Every prefix of a real packet is either parsed or unreadable, never a panic.
        for length in 0..SAMPLE_XMP.len() {
            let source = SourceMetadata {
                xmp: Some(SAMPLE_XMP.as_bytes()[..length].to_vec()),
                ..SourceMetadata::default()
            };
            plan_every_mode(&source);
        }
    }

    #[test]
    fn bad_iptc_is_unreadable_in_copyright_mode_and_copied_in_all_mode() {
        let bad: [&[u8]; 4] = [
            &[0x1C, 2, 116, 0x00, 0xFF, b'a'],
            &[0x42; 10],
            &[0x1C, 2, 80, 0x80, 0x09],
            &[0x1C, 2],
        ];
        for iptc in bad {
            let source = SourceMetadata {
                iptc: Some(iptc.to_vec()),
                ..SourceMetadata::default()
            };
            let [_, copyright, all] = plan_every_mode(&source);
            assert_eq!(copyright.dropped, names(&["iptc (unreadable)"]), "{iptc:?}");
            assert_eq!(copyright.embed.iptc, None);
            assert_eq!(all.embed.iptc.as_deref(), Some(iptc));
        }
    }

    #[test]
    fn damaged_containers_never_panic() {
        let small_source = SourceMetadata {
            exif: Some(sample_exif(true, Some(6), None)),
            xmp: Some(SAMPLE_XMP.as_bytes().to_vec()),
            iptc: Some(sample_iptc()),
            icc: Some(fake_icc_profile(700)),
        };
        let embedded = EmbeddedMetadata {
            exif: small_source.exif.clone(),
            xmp: small_source.xmp.clone(),
            iptc: small_source.iptc.clone(),
            icc: small_source.icc.clone(),
        };
        let files = [
            embed_jpeg(encode_jpeg(), &embedded).expect("JPEG embeds"),
            embed_png(encode_png(), &embedded).expect("PNG embeds"),
            embed_webp(encode_lossless_webp(true), &embedded).expect("WebP embeds"),
        ];
        for (index, file) in files.iter().enumerate() {
            // WebP has no IPTC chunk, so the WebP file carries everything but IPTC.
            let expected = SourceMetadata {
                iptc: small_source.iptc.clone().filter(|_| index != 2),
                ..small_source.clone()
            };
            assert_eq!(read_any(file), expected, "the intact file reads fully");
            for length in 0..file.len() {
                let _ = read_any(&file[..length]);
            }
            // Flip bytes at pseudo-random positions to hit lengths, offsets and flags.
            let mut state: u32 = 7;
            for _ in 0..300 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let mut damaged = file.clone();
                let position = (state as usize >> 8) % damaged.len();
                damaged[position] ^= (state >> 3) as u8 | 1;
                let source = read_any(&damaged);
                plan_every_mode(&source);
                let _ = embed_jpeg(damaged.clone(), &embedded);
                let _ = embed_png(damaged.clone(), &embedded);
                let _ = embed_webp(damaged, &embedded);
            }
        }
        assert_eq!(read_any(b"GIF89a not supported"), SourceMetadata::default());
        assert_eq!(read_any(&[]), SourceMetadata::default());
    }
}

//! AI metadata (alt text, title, caption, description) for images: which images need it
//! ([`plan`]), asking the model several at a time ([`run`]) through the account server or the
//! user's own endpoint ([`describe`]), remembering answers ([`cache`]), and the metadata file
//! with its review ([`review`]) and spreadsheet round trip ([`csv_file`]).
//!
//! Like the engine, this layer never prints and never reads flags; `commands/alt.rs` drives it.

pub mod cache;
pub mod csv_file;
pub mod describe;
pub mod plan;
pub mod review;
pub mod run;
pub mod store;

use altloom_shared::api::alt_text::MetadataField;

/// Parses a list of field names (`alt,title`), in the canonical order, without repeats.
pub fn parse_fields(names: &[String]) -> Result<Vec<MetadataField>, String> {
    let mut fields = Vec::new();
    for name in names {
        let field = MetadataField::parse(&name.to_ascii_lowercase()).ok_or_else(|| {
            format!("`{name}` is not a field (expected alt, title, caption or description)")
        })?;
        fields.push(field);
    }
    if fields.is_empty() {
        return Err("at least one field is needed (alt, title, caption, description)".into());
    }
    fields.sort();
    fields.dedup();
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse_in_order_without_repeats() {
        let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_fields(&names(&["caption", "ALT", "alt"])).unwrap(),
            [MetadataField::Alt, MetadataField::Caption]
        );
        assert!(parse_fields(&names(&["alt", "colour"]))
            .unwrap_err()
            .contains("colour"));
        assert!(parse_fields(&[]).is_err());
    }
}

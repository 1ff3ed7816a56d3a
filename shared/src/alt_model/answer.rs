//! Checking the model's answer: the JSON it must return, the lengths, no Markdown, the language,
//! and the decorative rule. An answer that fails is described in one phrase, which is fed back
//! to the model for its one retry.

use serde::Deserialize;

use super::prompt::{MAX_CAPTION_CHARS, MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS};
use crate::api::alt_text::{AltTextResult, MetadataField};

/// The answer as the schema describes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    alt_text: String,
    title: String,
    caption: String,
    description: String,
    decorative: bool,
    filename_slug: String,
    language: String,
}

/// Openings that describe the medium instead of the content.
const MEDIUM_OPENINGS: &[&str] = &[
    "image of",
    "an image of",
    "picture of",
    "a picture of",
    "photo of",
    "a photo of",
    "photograph of",
    "a photograph of",
    "graphic of",
    "a graphic of",
];

/// Validates `content` against the request; answers the result or what is wrong with it.
pub fn validate(
    content: &str,
    wanted: &[MetadataField],
    max_chars: u32,
    language: &str,
    model: &str,
) -> Result<AltTextResult, String> {
    let raw: RawAnswer = serde_json::from_str(content.trim())
        .map_err(|error| format!("the answer is not the JSON object asked for ({error})"))?;
    let answered_language = raw.language.trim().to_ascii_lowercase();
    let requested = language.to_ascii_lowercase();
    let primary = |code: &str| {
        code.split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    if answered_language.is_empty() || primary(&answered_language) != primary(&requested) {
        return Err(format!(
            "the answer is in `{}` but `{language}` was asked for",
            raw.language
        ));
    }
    let wants = |field: MetadataField| wanted.contains(&field);
    let alt_text = if raw.decorative {
        // Decorative images get an empty alt whatever the model wrote there.
        String::new()
    } else {
        let alt = check_text("alt_text", &raw.alt_text, max_chars as usize)?;
        if wants(MetadataField::Alt) && alt.is_empty() {
            return Err("alt_text is empty for an image that is not decorative".to_string());
        }
        let lowered = alt.to_lowercase();
        if let Some(opening) = MEDIUM_OPENINGS
            .iter()
            .find(|opening| lowered.starts_with(*opening))
        {
            return Err(format!("alt_text begins with \"{opening}\""));
        }
        alt
    };
    let title = check_text("title", &raw.title, MAX_TITLE_CHARS)?;
    let caption = check_text("caption", &raw.caption, MAX_CAPTION_CHARS)?;
    let description = check_text("description", &raw.description, MAX_DESCRIPTION_CHARS)?;
    for (field, text) in [
        (MetadataField::Title, &title),
        (MetadataField::Caption, &caption),
        (MetadataField::Description, &description),
    ] {
        if wants(field) && text.is_empty() {
            return Err(format!("{} is empty", field.as_str()));
        }
    }
    let filename_slug = slug(&raw.filename_slug)
        .or_else(|| slug(&title))
        .ok_or_else(|| "filename_slug has no usable characters".to_string())?;
    Ok(AltTextResult {
        alt_text: wants(MetadataField::Alt).then_some(alt_text),
        title: wants(MetadataField::Title).then_some(title),
        caption: wants(MetadataField::Caption).then_some(caption),
        description: wants(MetadataField::Description).then_some(description),
        decorative: raw.decorative,
        filename_slug,
        model: model.to_string(),
        language: raw.language.trim().to_string(),
        credits_used: 0,
    })
}

/// Trims a field and checks its length and that it is plain text.
fn check_text(name: &str, text: &str, maximum: usize) -> Result<String, String> {
    let text = text.trim();
    let length = text.chars().count();
    if length > maximum {
        return Err(format!(
            "{name} has {length} characters; at most {maximum} are allowed"
        ));
    }
    if text.contains('\n') || text.contains('\r') {
        return Err(format!("{name} contains a line break"));
    }
    let markdown = ["**", "__", "`", "](", "![", "# "];
    if markdown.iter().any(|mark| text.contains(mark))
        || text.starts_with("- ")
        || text.starts_with("* ")
        || text.starts_with('#')
    {
        return Err(format!("{name} contains Markdown"));
    }
    Ok(text.to_string())
}

/// Lowercase ASCII words joined by single hyphens, at most 80 characters; `None` when nothing
/// usable is left.
fn slug(text: &str) -> Option<String> {
    let mut slug = String::new();
    for character in text.to_lowercase().chars() {
        if character.is_ascii_lowercase() || character.is_ascii_digit() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > 80 {
        slug.truncate(80);
        slug = slug.trim_end_matches('-').to_string();
    }
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(alt: &str, decorative: bool, language: &str) -> String {
        serde_json::json!({
            "alt_text": alt, "title": "Red bicycle", "caption": "A red bicycle by a wall.",
            "description": "A red city bicycle leans against a brick wall.",
            "decorative": decorative, "filename_slug": "Red Bicycle, brick wall!", "language": language
        })
        .to_string()
    }

    #[test]
    fn a_good_answer_is_accepted_and_trimmed_to_the_fields_asked_for() {
        let result = validate(
            &answer("Red bicycle leaning on a brick wall", false, "en"),
            &[MetadataField::Alt, MetadataField::Title],
            125,
            "en-GB",
            "gpt-test",
        )
        .unwrap();
        assert_eq!(
            result.alt_text.as_deref(),
            Some("Red bicycle leaning on a brick wall")
        );
        assert_eq!(result.title.as_deref(), Some("Red bicycle"));
        assert_eq!(result.caption, None);
        assert_eq!(result.filename_slug, "red-bicycle-brick-wall");
        assert_eq!(result.model, "gpt-test");
    }

    #[test]
    fn bad_answers_are_explained() {
        let all = MetadataField::ALL;
        let cases = [
            ("not json", "not the JSON object"),
            (
                &answer(&"x".repeat(126), false, "en") as &str,
                "at most 125",
            ),
            (&answer("Image of a bicycle", false, "en"), "begins with"),
            (&answer("A **bold** bicycle", false, "en"), "Markdown"),
            (&answer("A bicycle\nby a wall", false, "en"), "line break"),
            (&answer("Bicicleta vermelha", false, "pt"), "`en` was asked"),
            (&answer("", false, "en"), "empty"),
        ];
        for (content, expected) in cases {
            let problem = validate(content, &all, 125, "en", "m").unwrap_err();
            assert!(
                problem.contains(expected),
                "{problem} (expected {expected})"
            );
        }
        let extra = answer("ok", false, "en").replace("\"language\"", "\"colour\":1,\"language\"");
        assert!(validate(&extra, &all, 125, "en", "m").is_err());
    }

    #[test]
    fn decorative_images_get_an_empty_alt() {
        let result = validate(
            &answer("a flourish", true, "en"),
            &MetadataField::ALL,
            125,
            "en",
            "m",
        )
        .unwrap();
        assert!(result.decorative);
        assert_eq!(result.alt_text.as_deref(), Some(""));
    }
}

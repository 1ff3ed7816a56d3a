//! What the model is asked: the instructions (the W3C alt-text decision tree), the user message
//! with the image, and the strict JSON schema of the answer.

use serde_json::{json, Value};

use crate::api::alt_text::{AltTextOptions, ImagePayload, MetadataField};

/// Longest title the model may write.
pub const MAX_TITLE_CHARS: usize = 100;
/// Longest caption the model may write.
pub const MAX_CAPTION_CHARS: usize = 300;
/// Longest description the model may write.
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;

/// The system instructions. They follow the W3C alt-text decision tree
/// (<https://www.w3.org/WAI/tutorials/images/decision-tree/>): describe what the image conveys in
/// its context, include text that is in the image, call purely decorative images decorative with
/// an empty alt, never say "image of".
pub fn instructions(options: &AltTextOptions, max_chars: u32, language: &str) -> String {
    let wanted = wanted_fields(options);
    let mut text = format!(
        "You write metadata for images in a website's media library, for people who use screen \
         readers and for search. Follow the W3C alt-text decision tree:\n\
         1. If the image contains text that matters, the alt text conveys that text.\n\
         2. If the image is a link or a button, the alt text says where it goes or what it does.\n\
         3. If the image informs (a photo, a diagram, a chart), the alt text says what it shows \
            that a reader would otherwise miss, in context: content and function, not appearance \
            for its own sake.\n\
         4. If the image is purely decorative (a flourish, a texture, a spacer, a background that \
            adds nothing), set \"decorative\" to true and \"alt_text\" to an empty string.\n\
         Rules for every field: write in the language with BCP 47 code `{language}` and put that \
         code in \"language\"; plain text only, no Markdown, no quotation marks around the text, \
         no line breaks; never begin with \"image of\", \"picture of\", \"photo of\" or \
         \"graphic of\"; do not guess names of people or places you cannot tell from the image; \
         use the keywords only where they are true to the image.\n\
         Lengths: \"alt_text\" at most {max_chars} characters (one sentence, no full stop needed); \
         \"title\" at most {MAX_TITLE_CHARS}; \"caption\" one sentence, at most \
         {MAX_CAPTION_CHARS}; \"description\" one to three sentences, at most \
         {MAX_DESCRIPTION_CHARS}; \"filename_slug\" two to six lowercase ASCII words joined by \
         hyphens.\n"
    );
    let skipped: Vec<&str> = MetadataField::ALL
        .iter()
        .filter(|field| !wanted.contains(field))
        .map(|field| match field {
            MetadataField::Alt => "alt_text",
            other => other.as_str(),
        })
        .collect();
    if !skipped.is_empty() {
        text.push_str(&format!(
            "Leave these fields as empty strings: {}.\n",
            skipped.join(", ")
        ));
    }
    text
}

/// The user message: the context and keywords, then the image at low detail (85 tokens on
/// tile-based models; the image is at most 1024 px anyway).
pub fn user_content(image: &ImagePayload, options: &AltTextOptions) -> Value {
    let mut text = String::from("Write the metadata for this image.");
    if let Some(context) = options
        .context
        .as_deref()
        .filter(|context| !context.trim().is_empty())
    {
        text.push_str(&format!(
            "\nWhere it appears (context from the site owner): {}",
            context.trim()
        ));
    }
    if !options.keywords.is_empty() {
        text.push_str(&format!(
            "\nKeywords to use only where true to the image: {}",
            options.keywords.join(", ")
        ));
    }
    json!([
        {"type": "text", "text": text},
        {"type": "image_url", "image_url": {
            "url": format!("data:{};base64,{}", image.media_type, image.data_base64),
            "detail": "low"
        }}
    ])
}

/// The answer's JSON schema, strict: every property required, nothing else allowed.
pub fn answer_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "alt_text": {"type": "string"},
            "title": {"type": "string"},
            "caption": {"type": "string"},
            "description": {"type": "string"},
            "decorative": {"type": "boolean"},
            "filename_slug": {"type": "string"},
            "language": {"type": "string"}
        },
        "required": ["alt_text", "title", "caption", "description", "decorative",
                     "filename_slug", "language"],
        "additionalProperties": false
    })
}

/// The fields the caller asked for (all when unspecified).
pub fn wanted_fields(options: &AltTextOptions) -> Vec<MetadataField> {
    match &options.fields {
        Some(fields) if !fields.is_empty() => fields.clone(),
        _ => MetadataField::ALL.to_vec(),
    }
}

/// The whole chat-completions request body.
pub fn request_body(
    model: &str,
    image: &ImagePayload,
    options: &AltTextOptions,
    max_chars: u32,
    language: &str,
    correction: Option<&str>,
) -> Value {
    let mut messages = vec![
        json!({"role": "system", "content": instructions(options, max_chars, language)}),
        json!({"role": "user", "content": user_content(image, options)}),
    ];
    if let Some(problem) = correction {
        messages.push(json!({
            "role": "user",
            "content": format!(
                "Your previous answer was not usable: {problem}. Answer again, following every rule."
            )
        }));
    }
    json!({
        "model": model,
        "messages": messages,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "image_metadata", "schema": answer_schema(), "strict": true}
        },
        "max_completion_tokens": 800,
        "stream": false
    })
}

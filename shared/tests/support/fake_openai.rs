//! An OpenAI-compatible fake for tests (included by path from the shared and server test
//! suites): it checks each chat-completions request the way the real API would (model present,
//! a user message with an image part whose data URL holds a JPEG of at most 1024 px, a strict
//! and complete JSON schema), records it, and answers from a script that can fail on purpose.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the fake answers to one request.
#[derive(Clone)]
pub enum Reply {
    Answer(Value),
    Status(u16, Value),
    Raw(&'static str),
    Hang,
}

pub struct Fake {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Value>>>,
    pub problems: Arc<Mutex<Vec<String>>>,
}

/// A 2×1 JPEG, base64: small, real, and its header says 2×1.
pub const TINY_JPEG: &str = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAIBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";

pub fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut position = 2;
    while position + 9 < bytes.len() {
        if bytes[position] != 0xFF {
            return None;
        }
        let marker = bytes[position + 1];
        let length = u16::from_be_bytes([bytes[position + 2], bytes[position + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let height = u16::from_be_bytes([bytes[position + 5], bytes[position + 6]]) as u32;
            let width = u16::from_be_bytes([bytes[position + 7], bytes[position + 8]]) as u32;
            return Some((width, height));
        }
        position += 2 + length;
    }
    None
}

pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for byte in text.bytes().filter(|byte| *byte != b'=') {
        let value = ALPHABET.iter().position(|candidate| *candidate == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    Some(bytes)
}

/// Checks a request the way the real API would; answers what is wrong.
pub fn check_request(request: &Value) -> Result<(), String> {
    if request["model"].as_str().is_none_or(str::is_empty) {
        return Err("model missing".into());
    }
    let schema = &request["response_format"]["json_schema"];
    if request["response_format"]["type"] != "json_schema" || schema["strict"] != true {
        return Err("response_format is not a strict json_schema".into());
    }
    let properties = schema["schema"]["properties"]
        .as_object()
        .ok_or("no properties")?;
    let required: Vec<&str> = schema["schema"]["required"]
        .as_array()
        .ok_or("no required list")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if properties
        .keys()
        .any(|key| !required.contains(&key.as_str()))
        || schema["schema"]["additionalProperties"] != false
    {
        return Err("strict schemas need every property required and no additional ones".into());
    }
    let user = request["messages"]
        .as_array()
        .ok_or("no messages")?
        .iter()
        .find(|message| message["role"] == "user")
        .ok_or("no user message")?;
    let image = user["content"]
        .as_array()
        .ok_or("user content is not parts")?
        .iter()
        .find(|part| part["type"] == "image_url")
        .ok_or("no image part")?;
    let url = image["image_url"]["url"].as_str().ok_or("no image url")?;
    let data = url
        .strip_prefix("data:image/jpeg;base64,")
        .ok_or("the image is not a JPEG data URL")?;
    let bytes = decode_base64(data).ok_or("the data URL is not base64")?;
    let (width, height) = jpeg_size(&bytes).ok_or("the data URL does not hold a JPEG")?;
    if width.max(height) > 1024 {
        return Err(format!("image is {width}x{height}, over 1024 px"));
    }
    Ok(())
}

pub async fn start(replies: Vec<Reply>) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let problems = Arc::new(Mutex::new(Vec::new()));
    let (seen, found) = (Arc::clone(&requests), Arc::clone(&problems));
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let replies = Arc::clone(&replies);
            let seen = Arc::clone(&seen);
            let found = Arc::clone(&found);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 65536];
                let (head_end, length) = loop {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if !head.starts_with("post /v1/chat/completions ") {
                            found
                                .lock()
                                .unwrap()
                                .push(format!("unexpected request line: {head}"));
                        }
                        break (end + 4, length);
                    }
                };
                while buffer.len() < head_end + length {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                }
                let request: Value = serde_json::from_slice(&buffer[head_end..head_end + length])
                    .unwrap_or(Value::Null);
                if let Err(problem) = check_request(&request) {
                    found.lock().unwrap().push(problem);
                }
                seen.lock().unwrap().push(request);
                let reply = replies.lock().unwrap().pop_front().unwrap_or(Reply::Status(
                    500,
                    json!({"error": {"message": "no reply scripted", "type": "server_error"}}),
                ));
                let (status, body) = match reply {
                    Reply::Answer(value) => (200, value.to_string()),
                    Reply::Status(status, value) => (status, value.to_string()),
                    Reply::Raw(text) => (200, text.to_string()),
                    Reply::Hang => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    }
                };
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    Fake {
        url,
        requests,
        problems,
    }
}

pub fn completion(content: Value, finish_reason: &str) -> Reply {
    Reply::Answer(json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "fake-vision-1",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content.to_string(), "refusal": null}}]
    }))
}

pub fn good(alt: &str) -> Reply {
    completion(
        json!({"alt_text": alt, "title": "Red bicycle", "caption": "A red bicycle by a wall.",
               "description": "A red city bicycle leans against a brick wall.", "decorative": false,
               "filename_slug": "red-bicycle", "language": "en"}),
        "stop",
    )
}

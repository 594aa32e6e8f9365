//! Media types: which of a body's or response's media types the client uses, and how each
//! is encoded on the wire.

use crate::ir::{BodyEncoding, Framing};

/// Picks the media type to use: JSON first, then the first one listed.
pub(crate) fn pick_media_type(
    content: &openapiv3::Content,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| body_encoding(media_type) == BodyEncoding::Json)
        .or_else(|| content.iter().next())
        .map(|(media_type, content)| (media_type.as_str(), content))
}

/// How a body of `media_type` is written, from its essence (parameters and case ignored).
pub(crate) fn body_encoding(media_type: &str) -> BodyEncoding {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// How a body of a sequential media type is cut into items, from its essence; `None` for a
/// media type whose body is one value.
pub(crate) fn framing(media_type: &str) -> Option<Framing> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(Framing::Sse),
        "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/x-ndjson"
        | "application/ndjson" => Some(Framing::Lines),
        "application/json-seq" => Some(Framing::JsonSeq),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_first_then_the_first_listed() {
        let content: openapiv3::Content =
            serde_yaml::from_str("text/plain: {}\napplication/problem+json; charset=utf-8: {}\n")
                .unwrap();
        assert_eq!(
            pick_media_type(&content).map(|(name, _)| name),
            Some("application/problem+json; charset=utf-8")
        );
        let content: openapiv3::Content =
            serde_yaml::from_str("text/csv: {}\nimage/png: {}\n").unwrap();
        assert_eq!(
            pick_media_type(&content).map(|(name, _)| name),
            Some("text/csv")
        );
        assert_eq!(
            pick_media_type(&openapiv3::Content::new()).map(|(n, _)| n),
            None
        );
    }

    #[test]
    fn sequential_media_types_by_essence() {
        for (media_type, expected) in [
            ("text/event-stream; charset=utf-8", Some(Framing::Sse)),
            ("Application/JSONL", Some(Framing::Lines)),
            ("application/x-ndjson", Some(Framing::Lines)),
            ("application/json-seq", Some(Framing::JsonSeq)),
            ("application/json", None),
            ("text/plain", None),
        ] {
            assert_eq!(framing(media_type), expected, "{media_type}");
        }
    }

    #[test]
    fn encodings_by_essence() {
        for (media_type, encoding) in [
            ("Application/JSON; charset=utf-8", BodyEncoding::Json),
            ("application/vnd.api+json", BodyEncoding::Json),
            ("*/*", BodyEncoding::Json),
            ("application/x-www-form-urlencoded", BodyEncoding::Form),
            ("multipart/form-data; boundary=x", BodyEncoding::Multipart),
            ("text/csv", BodyEncoding::Text),
            ("application/pdf", BodyEncoding::Binary),
        ] {
            assert_eq!(body_encoding(media_type), encoding, "{media_type}");
        }
    }
}

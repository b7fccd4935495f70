//! Names of uploaded files: the original Vietnamese name is kept for people (and for the
//! download's `Content-Disposition`); files are stored under an ASCII key made of the content's
//! hash and a slug of the name, so no name a client sends reaches the file system.

use super::probe::Kind;

/// Longest original name kept, in characters.
pub const NAME_MAX: usize = 200;
/// Longest slug part of a key, in bytes.
const SLUG_MAX: usize = 60;

/// The name a person gave the file, as shown back: the last path segment of what the browser
/// sent, trimmed, with control characters dropped. `None` when it is longer than [`NAME_MAX`].
pub fn original_name(sent: &str) -> Option<String> {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    (clean.chars().count() <= NAME_MAX).then(|| clean.to_string())
}

/// The storage key: `<first 16 hex digits of the hash>-<slug of the name>.<extension of the
/// kind>`, ASCII only; the extension comes from the content, never from the name.
pub fn storage_key(hash_hex: &str, name: &str, kind: Kind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base
        .rsplit_once('.')
        .map_or(base, |(stem, _)| stem)
        .to_string();
    let mut slug = cong_text::slugify(&stem);
    if slug.len() > SLUG_MAX {
        slug.truncate(SLUG_MAX);
        slug = slug.trim_end_matches('-').to_string();
    }
    let hash: String = hash_hex
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if slug.is_empty() {
        format!("{hash}.{}", kind.extension())
    } else {
        format!("{hash}-{slug}.{}", kind.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_or_control_characters_in_a_name_go() {
        assert_eq!(original_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            original_name("C:\\Users\\Lan\\Ảnh hội nghị.jpg").as_deref(),
            Some("Ảnh hội nghị.jpg")
        );
        assert_eq!(
            original_name(" Báo cáo\u{0}\r\n quý 4.pdf ").as_deref(),
            Some("Báo cáo quý 4.pdf")
        );
        assert_eq!(original_name(&"ệ".repeat(300)), None);
        assert!(original_name(&"ệ".repeat(NAME_MAX)).is_some());
    }

    #[test]
    fn keys_are_ascii_and_take_the_extension_from_the_content() {
        let hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        assert_eq!(
            storage_key(hash, "Ảnh hội nghị tổng kết.png", Kind::Jpeg),
            "9f86d081884c7d65-anh-hoi-nghi-tong-ket.jpg"
        );
        assert_eq!(
            storage_key(hash, "../../etc/passwd", Kind::Pdf),
            "9f86d081884c7d65-passwd.pdf"
        );
        assert_eq!(
            storage_key(hash, "???.php", Kind::Png),
            "9f86d081884c7d65.png"
        );
        let long = storage_key(hash, &"Sở Y tế ".repeat(40), Kind::Pdf);
        assert!(long.len() <= 16 + 1 + SLUG_MAX + 4, "{long}");
        assert!(long.is_ascii() && !long.contains("--") && !long.contains('/'));
    }
}

use crate::fold_vi;

/// Longest slug produced, in bytes; long titles are cut at a word boundary.
const MAX_SLUG_LEN: usize = 80;

/// Makes a URL slug: folded Vietnamese, ASCII letters and digits, words joined by '-'.
///
/// Returns an empty string when nothing usable is left (callers pick a fallback).
pub fn slugify(input: &str) -> String {
    let mut slug = String::with_capacity(input.len());
    for word in fold_vi(input)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() && slug.len() + 1 + word.len() > MAX_SLUG_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    // A single word longer than the limit still has to be cut.
    slug.truncate(MAX_SLUG_LEN);
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_without_marks() {
        assert_eq!(
            slugify("Đảng ủy khối cơ quan tổ chức hội nghị năm 2026"),
            "dang-uy-khoi-co-quan-to-chuc-hoi-nghi-nam-2026"
        );
        assert_eq!(slugify("  Tin tức - Sự kiện!! "), "tin-tuc-su-kien");
        assert_eq!(slugify("«»…"), "");
    }

    proptest::proptest! {
        #[test]
        fn slug_shape(s in "\\PC{0,200}") {
            let slug = slugify(&s);
            proptest::prop_assert!(slug.len() <= MAX_SLUG_LEN);
            proptest::prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            proptest::prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
    }
}

//! A readable comparison of two revisions: the words of the text (not the HTML source) that
//! were removed and added.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A run of words, kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// "same", "removed" or "added".
    pub kind: &'static str,
    /// The words, with the spaces between them.
    pub text: String,
}

/// The word-level difference between two texts. Changes separated by nothing but spaces are
/// one change: all that was removed there, then all that was added, as a reader would say it.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    // Unicode word boundaries: punctuation is a word of its own, so "nhật." and "nhật và"
    // differ by the words added, not by the whole last word.
    let diff = TextDiff::from_unicode_words(old, new);
    let mut out: Vec<Piece> = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    // Spaces since the last changed word: owed to each side's next word, and to the text
    // that follows when the change ends.
    let (mut owed_removed, mut owed_added, mut spaces) =
        (String::new(), String::new(), String::new());
    let flush = |out: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        for (kind, text) in [("removed", removed), ("added", added)] {
            if !text.is_empty() {
                out.push(Piece {
                    kind,
                    text: std::mem::take(text),
                });
            }
        }
    };
    let push_same = |out: &mut Vec<Piece>, text: &str| match out.last_mut() {
        Some(last) if last.kind == "same" => last.text.push_str(text),
        _ => out.push(Piece {
            kind: "same",
            text: text.to_string(),
        }),
    };
    for change in diff.iter_all_changes() {
        let text = change.value();
        let in_change = !removed.is_empty() || !added.is_empty();
        match change.tag() {
            ChangeTag::Equal if in_change && text.trim().is_empty() => {
                owed_removed.push_str(text);
                owed_added.push_str(text);
                spaces.push_str(text);
            }
            ChangeTag::Equal => {
                flush(&mut out, &mut removed, &mut added);
                push_same(&mut out, &std::mem::take(&mut spaces));
                owed_removed.clear();
                owed_added.clear();
                push_same(&mut out, text);
            }
            tag => {
                let (side, owed) = if tag == ChangeTag::Delete {
                    (&mut removed, &mut owed_removed)
                } else {
                    (&mut added, &mut owed_added)
                };
                if !side.is_empty() {
                    side.push_str(owed);
                }
                owed.clear();
                spaces.clear();
                side.push_str(text);
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    push_same(&mut out, &spaces);
    out.retain(|p| !p.text.is_empty());
    out
}

/// The text a reader sees of an article body.
pub fn body_text(html: &str) -> String {
    cong_search::html_to_text(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_across_spaces_is_one_piece() {
        let d = words("mở cửa cả thứ Bảy.", "mở cửa cả Chủ nhật.");
        let changed: Vec<_> = d
            .iter()
            .filter(|p| p.kind != "same")
            .map(|p| (p.kind, p.text.as_str()))
            .collect();
        assert_eq!(changed, [("removed", "thứ Bảy"), ("added", "Chủ nhật")]);
    }

    #[test]
    fn words_removed_and_added_in_order() {
        let d = words(
            "Tiêm vắc xin sởi cho trẻ",
            "Tiêm vắc xin sởi và rubella cho trẻ",
        );
        let kinds: Vec<_> = d.iter().map(|p| (p.kind, p.text.trim())).collect();
        assert_eq!(
            kinds,
            [
                ("same", "Tiêm vắc xin sởi"),
                ("added", "và rubella"),
                ("same", "cho trẻ")
            ]
        );
        assert_eq!(
            body_text("<p>Một <strong>hai</strong></p><p>ba</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Một", "hai", "ba"]
        );
    }
}

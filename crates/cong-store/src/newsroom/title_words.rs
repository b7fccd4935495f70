//! The words of each article's folded title, one row each, so the newsroom's title filter
//! finds "titles with a word starting with this" through an index rather than by reading
//! every title (at 100,000 articles a scan costs about 20 ms per request).

/// Most words of a filter that are looked up; more narrow the list no further in practice.
const MAX_TYPED: usize = 5;

/// The distinct words of a folded title (letters and digits; anything else separates).
pub(crate) fn words_of(folded: &str) -> Vec<&str> {
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// For each typed word (already folded), the range `[word, word + U+10FFFF)` of stored words
/// that start with it: byte-wise, every continuation of a UTF-8 word sorts inside it.
pub(crate) fn prefix_ranges(typed: &str) -> Vec<(String, String)> {
    // In the order typed: the first words are what the editor had in mind.
    let mut words: Vec<&str> = Vec::new();
    for w in typed.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() && !words.contains(&w) && words.len() < MAX_TYPED {
            words.push(w);
        }
    }
    words
        .into_iter()
        .map(|w| (w.to_string(), format!("{w}\u{10FFFF}")))
        .collect()
}

/// Replaces article `$id`'s title words with those of `$folded`, inside the caller's
/// transaction.
macro_rules! replace {
    ($tx:ident, $id:expr, $folded:expr) => {{
        sqlx::query("DELETE FROM article_title_words WHERE article_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for word in $crate::newsroom::title_words::words_of($folded) {
            sqlx::query("INSERT INTO article_title_words (word, article_id) VALUES ($1, $2)")
                .bind(word)
                .bind($id)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use replace;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_on_anything_but_letters_and_digits() {
        let folded = cong_text::fold_vi("Tiêm vắc-xin sởi: đợt 2 (năm 2026), tiêm bù");
        assert_eq!(
            words_of(&folded),
            ["2", "2026", "bu", "dot", "nam", "soi", "tiem", "vac", "xin"]
        );
    }

    #[test]
    fn a_typed_word_covers_the_words_it_starts() {
        let ranges = prefix_ranges("tiem  soi tiem a b c d e");
        assert_eq!(ranges.len(), MAX_TYPED);
        let (low, high) = &ranges
            .iter()
            .find(|(l, _)| l == "tiem")
            .expect("tiem is looked up");
        for inside in ["tiem", "tiemchung", "tiem2026", "tiemé"] {
            assert!(low.as_str() <= inside && inside < high.as_str(), "{inside}");
        }
        for outside in ["tie", "tien", "tiel", "soi"] {
            assert!(
                !(low.as_str() <= outside && outside < high.as_str()),
                "{outside}"
            );
        }
    }
}

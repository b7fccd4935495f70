use unicode_normalization::UnicodeNormalization;

/// Folds Vietnamese text for matching: NFC, lowercase, tone and vowel marks removed, đ → d.
///
/// "Đảng ủy" and "dang uy" fold to the same string, so either can find the other.
pub fn fold_vi(input: &str) -> String {
    // NFD splits every precomposed letter into base + combining marks; dropping the marks
    // removes both tone marks and the vowel modifiers (ă, â, ê, ô, ơ, ư) in one pass.
    input
        .nfc()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold_vi("Đảng ủy Sở Y tế"), "dang uy so y te");
        assert_eq!(fold_vi("TIÊM CHỦNG"), "tiem chung");
        assert_eq!(
            fold_vi("dịch bệnh sốt xuất huyết"),
            "dich benh sot xuat huyet"
        );
        assert_eq!(fold_vi("Ưu tiên ơn"), "uu tien on");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        let nfd: String = "Đảng ủy".nfd().collect();
        assert_eq!(fold_vi(&nfd), fold_vi("Đảng ủy"));
    }

    proptest::proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold_vi(&s);
            proptest::prop_assert_eq!(fold_vi(&once), once);
        }
    }
}

/// Groups the digits of `n` in threes with `sep` ("52.798.488" with '.').
pub fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups() {
        assert_eq!(group_thousands(0, '.'), "0");
        assert_eq!(group_thousands(999, '.'), "999");
        assert_eq!(group_thousands(1000, '.'), "1.000");
        assert_eq!(group_thousands(52_798_488, '.'), "52.798.488");
        assert_eq!(group_thousands(7348, ','), "7,348");
    }
}

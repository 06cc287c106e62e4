//! Identifiers users type: slugs, organisation numbers, quarters, URLs.

/// Turns a Swedish name into an ASCII slug: å, ä → a, ö → o, é → e; other runs → '-'.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Why a slug is not acceptable, if it is not: lower-case ASCII letters and digits in
/// hyphen-separated runs, 1–100 characters, and not a UUID (lookups take either).
pub fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() || slug.len() > 100 {
        return Some("must be 1 to 100 characters");
    }
    if !slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("must be lower-case ASCII letters, digits and hyphens (å, ä → a, ö → o)");
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Some("must not start or end with a hyphen or contain two in a row");
    }
    if uuid::Uuid::parse_str(slug).is_ok() {
        return Some("must not be a UUID");
    }
    None
}

/// The problem of an organisation number whose form is right and check digit wrong: the one
/// problem the document's pattern cannot state (`validate` refuses it as a rule).
pub const CHECK_DIGIT_WRONG: &str = "the check digit (Luhn) is wrong";

/// Why a Swedish organisation number is not valid, if it is not. Ten digits, `NNNNNN-NNNN`,
/// the last a Luhn check digit over the first nine.
pub fn organisation_number_problem(number: &str) -> Option<&'static str> {
    let b = number.as_bytes();
    if b.len() != 11 || b[6] != b'-' {
        return Some("must be written NNNNNN-NNNN");
    }
    let digits: Vec<u32> = number
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .unwrap_or_default();
    if digits.len() != 10 {
        return Some("must be written NNNNNN-NNNN");
    }
    if luhn_check_digit(&digits[..9]) != digits[9] {
        return Some(CHECK_DIGIT_WRONG);
    }
    None
}

fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { *d };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A calendar quarter, as `2021-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    pub quarter: u8,
}

impl std::str::FromStr for Quarter {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const WRONG: &str = "must be a quarter written YYYY-QN, e.g. 2021-Q3";
        let (year, q) = s.split_once("-Q").ok_or(WRONG)?;
        if year.len() != 4 || q.len() != 1 {
            return Err(WRONG);
        }
        let year: i32 = year.parse().map_err(|_| WRONG)?;
        let quarter: u8 = q.parse().map_err(|_| WRONG)?;
        if !(1..=4).contains(&quarter) || year < 1900 {
            return Err(WRONG);
        }
        Ok(Quarter { year, quarter })
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

/// Why a URL is not acceptable, if it is not: absolute http(s), at most 2000 characters.
pub fn url_problem(url: &str) -> Option<&'static str> {
    if url.len() > 2000 {
        return Some("must be at most 2000 characters");
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace) => None,
        _ => Some("must be an absolute http or https URL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_swedish_letters() {
        assert_eq!(slugify("Mina ärenden"), "mina-arenden");
        assert_eq!(slugify("E-hälsomyndigheten"), "e-halsomyndigheten");
        assert_eq!(slugify("Tillit och säkerhet"), "tillit-och-sakerhet");
        assert_eq!(slugify("  Åre -- kommun! "), "are-kommun");
    }

    #[test]
    fn slug_rules() {
        assert_eq!(slug_problem("mina-arenden"), None);
        assert_eq!(slug_problem("digg2"), None);
        assert!(slug_problem("").is_some());
        assert!(slug_problem("Mina").is_some());
        assert!(slug_problem("mina ärenden").is_some());
        assert!(slug_problem("-a").is_some());
        assert!(slug_problem("a--b").is_some());
        assert!(slug_problem(&"a".repeat(101)).is_some());
        assert!(slug_problem("0190c0de-0000-7000-8000-000000000000").is_some());
    }

    #[test]
    fn organisation_numbers_are_luhn_checked() {
        // Bolagsverket, Skatteverket, Lantmäteriet: published numbers.
        assert_eq!(organisation_number_problem("202100-5489"), None);
        assert_eq!(organisation_number_problem("202100-5448"), None);
        assert_eq!(organisation_number_problem("202100-4888"), None);
        assert_eq!(
            organisation_number_problem("202100-5488"),
            Some("the check digit (Luhn) is wrong")
        );
        assert!(organisation_number_problem("2021005489").is_some());
        assert!(organisation_number_problem("20210a-5489").is_some());
        assert!(organisation_number_problem("202100-54890").is_some());
        assert!(organisation_number_problem("").is_some());
    }

    #[test]
    fn quarters_parse_and_order() {
        let q: Quarter = "2021-Q3".parse().unwrap();
        assert_eq!(
            q,
            Quarter {
                year: 2021,
                quarter: 3
            }
        );
        assert_eq!(q.to_string(), "2021-Q3");
        assert!("2021-Q1".parse::<Quarter>().unwrap() < q);
        for bad in [
            "2021-Q5", "2021-Q0", "21-Q1", "2021Q1", "2021-q1", "2021-Q12", "",
        ] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(url_problem("https://www.digg.se"), None);
        assert_eq!(url_problem("http://example.org/a?b=c"), None);
        assert!(url_problem("ftp://x").is_some());
        assert!(url_problem("https://").is_some());
        assert!(url_problem("https://a b").is_some());
        assert!(url_problem("www.digg.se").is_some());
    }
}

//! The page's language: Swedish first, English on request.
//!
//! Chosen by, in order: a `lang` query parameter (so that a shared link keeps its language;
//! it is also remembered in a cookie), the `lang` cookie, then `Accept-Language`.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::HttpRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sv,
    En,
}

pub const COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    /// The other language's name, in that language (for the switch).
    pub fn name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
        }
    }

    fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text in this language.
    pub fn t<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    /// The language of a request, and whether it was asked for in the query (then it is
    /// remembered).
    pub fn of(req: &HttpRequest) -> (Lang, bool) {
        if let Some(l) = query_param(req.query_string(), "lang").and_then(|v| Lang::parse(&v)) {
            return (l, true);
        }
        if let Some(l) = req.cookie(COOKIE).and_then(|c| Lang::parse(c.value())) {
            return (l, false);
        }
        (from_accept_language(req), false)
    }

    pub fn cookie(self) -> Cookie<'static> {
        Cookie::build(COOKIE, self.code())
            .path("/")
            .same_site(SameSite::Lax)
            .http_only(true)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish()
    }
}

/// The first language of `Accept-Language` (by weight) that the interface has; Swedish when
/// none is.
fn from_accept_language(req: &HttpRequest) -> Lang {
    let Some(header) = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Lang::Sv;
    };
    let mut ranges: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|part| {
            let mut bits = part.split(';');
            let lang = Lang::parse(bits.next()?)?;
            let q = bits
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // Stable: of equal weights, the first listed wins.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges.first().map_or(Lang::Sv, |(_, l)| *l)
}

/// The first value of a query parameter, decoded.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn query_then_cookie_then_accept_language() {
        let req = TestRequest::default()
            .uri("/?lang=en")
            .cookie(Cookie::new(COOKIE, "sv"))
            .to_http_request();
        assert_eq!(Lang::of(&req), (Lang::En, true));
        let req = TestRequest::default()
            .cookie(Cookie::new(COOKIE, "en"))
            .insert_header(("Accept-Language", "sv"))
            .to_http_request();
        assert_eq!(Lang::of(&req), (Lang::En, false));
        let req = TestRequest::default()
            .insert_header(("Accept-Language", "de-DE, sv;q=0.5, en-GB;q=0.8"))
            .to_http_request();
        assert_eq!(Lang::of(&req), (Lang::En, false));
        let req = TestRequest::default()
            .insert_header(("Accept-Language", "de, fr;q=0.9"))
            .to_http_request();
        assert_eq!(Lang::of(&req), (Lang::Sv, false));
        let req = TestRequest::default()
            .uri("/?lang=xx")
            .insert_header(("Accept-Language", "en;q=0, sv;q=0.1"))
            .to_http_request();
        assert_eq!(Lang::of(&req), (Lang::Sv, false));
    }
}

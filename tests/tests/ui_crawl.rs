//! The web interface as a crawler sees it: from `/`, every same-origin link, image, stylesheet
//! and GET form reachable without signing in, in Swedish and in English, on the seeded register
//! plus a few hundred synthetic entries (so that lists page). Every page answers 200 with
//! well-formed HTML5 in its language; every other resource it links answers 200.

use std::collections::{HashMap, HashSet, VecDeque};

use integration_tests::*;
use scraper::{Html, Selector};
use url::Url;

/// Distinct queries followed per path (paging and filter links), and detail pages per section:
/// enough to reach every page family and the second and third page of a list, without
/// visiting every one of the synthetic entries.
const QUERIES_PER_PATH: usize = 4;
const DETAILS_PER_SECTION: usize = 25;

struct Crawl {
    base: Url,
    http: reqwest::Client,
    lang: &'static str,
    /// The session cookie of a signed-in person, if the crawl is signed in.
    cookie: Option<String>,
    seen: HashSet<String>,
    queries: HashMap<String, usize>,
    details: HashMap<String, usize>,
    queue: VecDeque<(String, String)>,
    pages: usize,
    failures: Vec<String>,
}

impl Crawl {
    /// Whether `url` is followed: same origin, and within the caps.
    fn admit(&mut self, url: &Url) -> bool {
        if url.origin() != self.base.origin() {
            return false;
        }
        let mut key = url.clone();
        key.set_fragment(None);
        if !self.seen.insert(key.to_string()) {
            return false;
        }
        let path = url.path().to_string();
        if url.query().is_some() {
            let n = self.queries.entry(path.clone()).or_default();
            *n += 1;
            if *n > QUERIES_PER_PATH {
                return false;
            }
        }
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let page_family = !path.starts_with("/api/") && !path.starts_with("/assets/");
        if page_family && segments.len() >= 2 {
            let n = self.details.entry(segments[0].to_string()).or_default();
            *n += 1;
            if *n > DETAILS_PER_SECTION {
                return false;
            }
        }
        true
    }

    async fn visit(&mut self, url: String, from: String) {
        let mut req = self
            .http
            .get(&url)
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .header("Accept-Language", self.lang);
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        let res = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                self.failures
                    .push(format!("{url} (linked from {from}): {e}"));
                return;
            }
        };
        let status = res.status();
        let final_url = res.url().clone();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = res.text().await.unwrap_or_default();
        if status != 200 {
            self.failures
                .push(format!("{url} (linked from {from}) answered {status}"));
            return;
        }
        if !content_type.starts_with("text/html") || final_url.path().starts_with("/api/docs/") {
            // A stylesheet, an icon, a document, the Swagger UI: it resolves, that is all.
            return;
        }
        self.pages += 1;
        let doc = Html::parse_document(&body);
        if !doc.errors.is_empty() {
            self.failures
                .push(format!("{url} is not well-formed HTML5: {:?}", doc.errors));
        }
        let lang = doc
            .select(&Selector::parse("html").unwrap())
            .next()
            .and_then(|h| h.value().attr("lang"))
            .unwrap_or_default()
            .to_string();
        // The language switch's link asks for the other language in its query.
        let asked = final_url
            .query_pairs()
            .find(|(k, _)| k == "lang")
            .map_or(self.lang.to_string(), |(_, v)| v.into_owned());
        if lang != asked {
            self.failures
                .push(format!("{url} is in '{lang}', asked for '{asked}'"));
        }
        let h1 = doc.select(&Selector::parse("h1").unwrap()).count();
        if h1 != 1 {
            self.failures.push(format!("{url} has {h1} h1 headings"));
        }
        let links = Selector::parse("a[href], link[href], img[src], script[src], form").unwrap();
        for el in doc.select(&links) {
            let v = el.value();
            let target = match v.name() {
                "a" | "link" => v.attr("href"),
                "img" | "script" => v.attr("src"),
                // A GET form leads to its action with the fields as they are.
                "form"
                    if v.attr("method")
                        .unwrap_or("get")
                        .eq_ignore_ascii_case("get") =>
                {
                    Some(v.attr("action").unwrap_or(final_url.path()))
                }
                _ => None,
            };
            let Some(target) = target else { continue };
            let Ok(next) = final_url.join(target) else {
                self.failures
                    .push(format!("{url} links to '{target}', which is no URL"));
                continue;
            };
            if self.admit(&next) {
                let mut next = next;
                next.set_fragment(None);
                self.queue.push_back((next.to_string(), url.clone()));
            }
        }
    }
}

async fn crawl(app: &TestApp, lang: &'static str, cookie: Option<String>) -> (usize, Vec<String>) {
    let base = Url::parse(&app.address).unwrap();
    let mut c = Crawl {
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .unwrap(),
        base: base.clone(),
        lang,
        cookie: cookie.clone(),
        seen: HashSet::new(),
        queries: HashMap::new(),
        details: HashMap::new(),
        queue: VecDeque::new(),
        pages: 0,
        failures: vec![],
    };
    let start = base.join("/").unwrap();
    c.admit(&start);
    c.queue.push_back((start.to_string(), "the start".into()));
    while let Some((url, from)) = c.queue.pop_front() {
        c.visit(url, from).await;
    }
    if let Some(cookie) = cookie {
        // Still signed in at the end: nothing on the way signed the crawler out.
        let page = c
            .http
            .get(base.join("/").unwrap())
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        if !page.text().await.unwrap().contains("Logga ut") {
            c.failures.push("the session ended during the crawl".into());
        }
    }
    (c.pages, c.failures)
}

both_backends! {
    async fn every_page_a_visitor_can_reach_is_well_formed_and_no_link_is_broken(app: TestApp) {
        let (db, node, url) = (
            app.state.db.clone(),
            app.settings.node_id.clone(),
            app.settings.public_url.clone(),
        );
        tokio::task::spawn_blocking(move || {
            registry::synthetic::load(&db, &node, &url, 120, &|_| {})?;
            registry::synthetic::load_apis(&db, &node, &url, 120, &|_| {})
        })
        .await
        .unwrap()
        .expect("synthetic entries");
        // Signed out in both languages, then signed in as the infrastructure owner and as an
        // agency (whose pages show forms and their own name).
        let owner = app.signed_in("digg", "crawler@digg.se").await;
        let agency = app.signed_in("bolagsverket", "crawler@bolagsverket.se").await;
        for (who, lang, cookie) in [
            ("anonymous", "sv", None),
            ("anonymous", "en", None),
            ("digg", "sv", Some(owner)),
            ("bolagsverket", "en", Some(agency)),
        ] {
            let (pages, failures) = crawl(&app, lang, cookie).await;
            assert!(failures.is_empty(), "{who} {lang}: {} failure(s):\n{}", failures.len(), failures.join("\n"));
            // The front page, the lists and their second pages, and detail pages.
            assert!(pages >= 20, "{who} {lang}: only {pages} pages reached");
        }
    }
}

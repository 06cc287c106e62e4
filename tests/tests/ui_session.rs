//! Signing in to the web interface with an account of the built-in issuer, and changing the
//! register through its forms with exactly the rights the organisation's tokens have.

use integration_tests::*;
use scraper::{Html, Selector};

/// A browser without a cookie jar of its own: the test carries the session cookie.
fn setup_token(app: &TestApp, organisation: &str, email: &str) -> String {
    let mut conn = app.state.db.get().unwrap();
    registry::auth::accounts::create(&mut conn, &app.settings.node_id, organisation, email).unwrap()
}

async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = browser()
        .post(format!("{}{path}", app.address))
        .header("Origin", &app.address)
        .form(form);
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    req.send().await.unwrap()
}

async fn get(app: &TestApp, path: &str, cookie: &str) -> String {
    browser()
        .get(format!("{}{path}", app.address))
        .header("Cookie", cookie)
        .header("Accept-Language", "sv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn csrf(page: &str) -> String {
    Html::parse_document(page)
        .select(&Selector::parse(r#"input[name="csrf"]"#).unwrap())
        .next()
        .and_then(|i| i.value().attr("value").map(str::to_string))
        .expect("a form with the session's CSRF token")
}

both_backends! {
    async fn a_person_sets_a_password_signs_in_and_out(app: TestApp) {
        let token = setup_token(&app, "digg", "Anna@Digg.se");
        // Too short, then not repeated alike: refused beside the field, nothing set.
        let res = post(&app, "/konto/losenord", None, &[("token", &token), ("password", "kort"), ("repeat", "kort")]).await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("minst 12 tecken"));
        let res = post(&app, "/konto/losenord", None, &[("token", &token), ("password", "ett långt lösenord"), ("repeat", "ett annat lösenord")]).await;
        assert_eq!(res.status(), 400);
        let pw = "ett långt lösenord";
        let res = post(&app, "/konto/losenord", None, &[("token", &token), ("password", pw), ("repeat", pw)]).await;
        assert_eq!(res.status(), 303);
        let cookie = session_cookie(&res).unwrap();
        let set = res.headers()["set-cookie"].to_str().unwrap();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
        // The link works once.
        let res = post(&app, "/konto/losenord", None, &[("token", &token), ("password", pw), ("repeat", pw)]).await;
        assert_eq!(res.status(), 400);

        let page = get(&app, "/", &cookie).await;
        assert!(page.contains("anna@digg.se") && page.contains("Logga ut"));

        // Sign in again (email case does not matter), to the page asked for.
        let res = post(&app, "/logga-in", None, &[("email", "ANNA@digg.se"), ("password", pw), ("next", "/byggblock/identitet")]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/byggblock/identitet");
        let second = session_cookie(&res).unwrap();
        // Never onward to another site.
        let res = post(&app, "/logga-in", None, &[("email", "anna@digg.se"), ("password", pw), ("next", "//evil.example/")]).await;
        assert_eq!(res.headers()["location"], "/");

        // Signing out needs the session's token; then the cookie is worth nothing.
        let page = get(&app, "/", &second).await;
        let res = post(&app, "/logga-ut", Some(&second), &[("csrf", "not-it")]).await;
        assert_eq!(res.status(), 403);
        let res = post(&app, "/logga-ut", Some(&second), &[("csrf", &csrf(&page))]).await;
        assert_eq!(res.status(), 303);
        assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("session=;"));
        let page = get(&app, "/", &second).await;
        assert!(!page.contains("anna@digg.se") && page.contains("Logga in"));
        // The other session is its own.
        assert!(get(&app, "/", &cookie).await.contains("anna@digg.se"));
    }

    async fn wrong_passwords_are_refused_alike_and_slowed(app: TestApp) {
        let _ = app.signed_in("digg", "anna@digg.se").await;
        for (email, pw) in [("anna@digg.se", "fel lösenord här"), ("ingen@digg.se", "fel lösenord här")] {
            let res = post(&app, "/logga-in", None, &[("email", email), ("password", pw)]).await;
            assert_eq!(res.status(), 401, "{email}");
            assert!(session_cookie(&res).is_none());
            assert!(res.text().await.unwrap().contains("Fel e-postadress eller lösenord"));
        }
        let mut statuses = vec![];
        for _ in 0..6 {
            let res = post(&app, "/logga-in", None, &[("email", "anna@digg.se"), ("password", "gissning gissning")]).await;
            statuses.push(res.status().as_u16());
        }
        assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
        // A form posted from another site is refused before the password is looked at.
        let res = browser()
            .post(format!("{}/logga-in", app.address))
            .header("Origin", "https://evil.example")
            .form(&[("email", "anna@digg.se"), ("password", "en mening att minnas")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }

    async fn the_owner_records_a_phase_decision_from_the_block_page(app: TestApp) {
        let cookie = app.signed_in("digg", "anna@digg.se").await;
        let page = get(&app, "/byggblock/indexering", &cookie).await;
        assert!(page.contains("Registrera ett fasbeslut"));
        let token = csrf(&page);
        // What the API refuses, the form refuses, beside the field.
        let res = post(&app, "/byggblock/indexering/fasbeslut", Some(&cookie),
            &[("csrf", &token), ("phase", "analys-och-krav"), ("decisionDate", "2026-13-40"), ("reference", "D-1"), ("justification", "")]).await;
        assert_eq!(res.status(), 400);
        let body = res.text().await.unwrap();
        assert!(body.contains("decisionDate-error") && body.contains("Det finns problem"), "{body}");
        assert!(Html::parse_document(&body).errors.is_empty());
        // Without the session's token, or not signed in: nothing is written.
        let res = post(&app, "/byggblock/indexering/fasbeslut", Some(&cookie),
            &[("csrf", "nope"), ("phase", "analys-och-krav"), ("decisionDate", "2026-12-01"), ("reference", "D-1")]).await;
        assert_eq!(res.status(), 403);
        let res = post(&app, "/byggblock/indexering/fasbeslut", None,
            &[("phase", "analys-och-krav"), ("decisionDate", "2026-12-01"), ("reference", "D-1")]).await;
        assert_eq!(res.status(), 303);
        assert!(res.headers()["location"].to_str().unwrap().starts_with("/logga-in"));
        assert_eq!(app.anonymous().phase_decisions_of("building-blocks", "indexering", &[]).await.unwrap().total_count, 0);

        let res = post(&app, "/byggblock/indexering/fasbeslut", Some(&cookie),
            &[("csrf", &token), ("phase", "analys-och-krav"), ("decisionDate", "2026-12-01"), ("reference", "Dnr 2026/77"), ("justification", "Analysen har börjat.")]).await;
        assert_eq!(res.status(), 303);
        let decisions = app.anonymous().phase_decisions_of("building-blocks", "indexering", &[]).await.unwrap();
        assert_eq!(decisions.total_count, 1);
        let d = &decisions.items[0];
        assert_eq!(d.reference, "Dnr 2026/77");
        assert_eq!(d.deciding_organisation.slug.as_deref(), Some("digg"));
        // The change log names the organisation and the person.
        let log = app.anonymous().audit(&[("entity", "phase-decisions")]).await.unwrap();
        assert_eq!(log.items[0].actor, "digg");
        assert_eq!(log.items[0].actor_subject.as_deref(), Some("anna@digg.se"));
        let page = get(&app, "/byggblock/indexering", &cookie).await;
        assert!(page.contains("Dnr 2026/77"));
    }

    async fn an_agency_is_refused_what_its_tokens_are_refused_with_the_reason(app: TestApp) {
        // The API refuses Bolagsverket's token a phase decision...
        let decision: openapi::PhaseDecisionInput = serde_json::from_value(serde_json::json!({
            "phase": "analys-och-krav", "decisionDate": "2026-12-01", "decidingOrganisation": "bolagsverket",
            "reference": "B-1"
        })).unwrap();
        let api = app.client_for("bolagsverket").decide_phase("building-blocks", "indexering", &decision).await.unwrap_err();
        assert_eq!(api.status().map(|s| s.as_u16()), Some(403));
        // ...and the form refuses a person of Bolagsverket, saying why.
        let cookie = app.signed_in("bolagsverket", "bo@bolagsverket.se").await;
        let page = get(&app, "/byggblock/indexering", &cookie).await;
        let res = post(&app, "/byggblock/indexering/fasbeslut", Some(&cookie),
            &[("csrf", &csrf(&page)), ("phase", "analys-och-krav"), ("decisionDate", "2026-12-01"), ("reference", "B-1")]).await;
        assert_eq!(res.status(), 403);
        let body = res.text().await.unwrap();
        assert!(body.contains("bolagsverket may not"), "the reason is shown: {body}");
        assert_eq!(app.anonymous().phase_decisions_of("building-blocks", "indexering", &[]).await.unwrap().total_count, 0);
    }
}

//! The five standard operations of a collection (list, get, create, replace, delete) with
//! their OpenAPI documentation, generated once for every resource so that the contract of
//! each operation — status codes, ETag, If-Match, Location, problems — is the same everywhere.
//!
//! A resource module supplies its store module (with `list`, `get`, `create`, `replace`,
//! `delete`), its wire and input types, and a query type with `limit`, `offset`, `cursor`
//! fields and a `fn filter(self, node_id: &str) -> Result<store::…::Filter>` (the node id
//! gives `origin=local` and `origin=mirrored` their meaning). For the rights it names its
//! `domain::permissions::Resource` and the `store::authz` functions that give the subject of a
//! stored entry and of an input; every write is authorised inside its own transaction.

macro_rules! collection {
    (
        store: $store:ident,
        resource: $resource:ident,
        stored: $stored:path,
        proposed: $proposed:path,
        segment: $segment:literal,
        tag: $tag:literal,
        wire: $wire:ty,
        input: $input:ty,
        query: $query:ty,
        key: $key_doc:literal,
        list: $list_doc:literal,
        get: $get_doc:literal,
        create: $create_doc:literal,
        replace: $replace_doc:literal,
        delete: $delete_doc:literal $(,)?
    ) => {
        // utoipa names generic schemas by the type as written, so `Page` must be in scope.
        use openapi::Page;

        /// Registers the five operations (after any routes of the module's own, so that a
        /// fixed path such as `/facets` is not taken for an id).
        pub fn configure_collection(cfg: &mut actix_web::web::ServiceConfig) {
            use actix_web::web;
            cfg.route(concat!("/", $segment), web::get().to(list))
                .route(concat!("/", $segment), web::post().to(create))
                .route(concat!("/", $segment, "/{id}"), web::get().to(get_one))
                .route(concat!("/", $segment, "/{id}"), web::put().to(replace))
                .route(concat!("/", $segment, "/{id}"), web::delete().to(remove));
        }

        #[doc = $list_doc]
        #[utoipa::path(get, operation_id = concat!($segment, ".list"), path = concat!("/api/v1/", $segment), tag = $tag, params($query),
            responses((status = 200, description = "En sida / One page", body = Page<$wire>),
                (status = 400, response = $crate::http::responses::BadRequest),
                (status = 503, response = $crate::http::responses::Unavailable)))]
        async fn list(
            state: $crate::http::State,
            $crate::http::extract::Query(q): $crate::http::extract::Query<$query>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            let page = $crate::http::extract::page(q.limit, q.offset, q.cursor.as_deref())?;
            let filter = q.filter(&state.settings.node_id)?;
            let p = page.clone();
            let (items, total) = state.db.run(move |c| $store::list(c, &filter, &p)).await?;
            Ok($crate::http::page(items, total, &page, |e| e.meta.id.to_string()))
        }

        #[doc = $get_doc]
        #[utoipa::path(get, operation_id = concat!($segment, ".get"), path = concat!("/api/v1/", $segment, "/{id}"), tag = $tag,
            params(("id" = String, Path, description = $key_doc)),
            responses((status = 200, description = "Posten; ETag bär dess version / The entry; the ETag carries its version",
                    body = $wire, headers(("ETag" = String, description = "Entry version, for If-Match"))),
                (status = 404, response = $crate::http::responses::NotFound),
                (status = 503, response = $crate::http::responses::Unavailable)))]
        async fn get_one(
            state: $crate::http::State,
            id: actix_web::web::Path<String>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            $crate::http::read_entry(&state, &id, $store::get).await.map($crate::http::ok)
        }

        #[doc = $create_doc]
        #[utoipa::path(post, operation_id = concat!($segment, ".create"), path = concat!("/api/v1/", $segment), tag = $tag, request_body = $input,
            security(("bearer" = [])),
            responses((status = 201, description = "Skapad / Created", body = $wire,
                    headers(("ETag" = String), ("Location" = String))),
                (status = 400, response = $crate::http::responses::BadRequest),
                (status = 401, response = $crate::http::responses::Unauthorized),
                (status = 403, response = $crate::http::responses::Forbidden),
                (status = 409, response = $crate::http::responses::Conflict),
                (status = 413, response = $crate::http::responses::PayloadTooLarge),
                (status = 503, response = $crate::http::responses::Unavailable)))]
        async fn create(
            state: $crate::http::State,
            $crate::http::extract::Writer(who): $crate::http::extract::Writer,
            $crate::http::extract::Json(input): $crate::http::extract::Json<$input>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            use ::domain::permissions::{Action, Resource, Subject};
            let ctx = state.ctx(&who);
            $crate::http::write(&state, move |c| {
                let subject = $proposed(c, &input)?.unwrap_or(Subject::Register);
                $crate::auth::authorize(c, &who, Action::Create(Resource::$resource), &subject)?;
                <$store::Row as $crate::store::crud::Crud>::create(c, &ctx, input)
            })
            .await
            .map(|e| $crate::http::created($segment, &e.meta, &e))
        }

        #[doc = $replace_doc]
        #[utoipa::path(put, operation_id = concat!($segment, ".replace"), path = concat!("/api/v1/", $segment, "/{id}"), tag = $tag, request_body = $input,
            security(("bearer" = [])),
            params(("id" = String, Path, description = $key_doc),
                ("If-Match" = String, Header, description = "ETag från senaste GET / ETag from the last GET")),
            responses((status = 200, description = "Ersatt / Replaced", body = $wire, headers(("ETag" = String))),
                (status = 400, response = $crate::http::responses::BadRequest),
                (status = 401, response = $crate::http::responses::Unauthorized),
                (status = 403, response = $crate::http::responses::Forbidden),
                (status = 404, response = $crate::http::responses::NotFound),
                (status = 409, response = $crate::http::responses::Conflict),
                (status = 412, response = $crate::http::responses::PreconditionFailed),
                (status = 413, response = $crate::http::responses::PayloadTooLarge),
                (status = 428, response = $crate::http::responses::PreconditionRequired),
                (status = 503, response = $crate::http::responses::Unavailable)))]
        async fn replace(
            state: $crate::http::State,
            $crate::http::extract::Writer(who): $crate::http::extract::Writer,
            id: actix_web::web::Path<String>,
            $crate::http::extract::IfMatch(v): $crate::http::extract::IfMatch,
            $crate::http::extract::Json(input): $crate::http::extract::Json<$input>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            use ::domain::permissions::{Action, Resource};
            $crate::http::write_entry(&state, who, &id, move |c, who, ctx, key| {
                // Rights over the entry as it is, and over where the change moves it.
                let action = Action::Edit(Resource::$resource);
                let now = $crate::http::authorize_stored(c, who, action, key, $stored)?;
                if let Some(then) = $proposed(c, &input)?.filter(|s| *s != now) {
                    $crate::auth::authorize(c, who, action, &then)?;
                }
                <$store::Row as $crate::store::crud::Crud>::replace(c, ctx, key, v, input)
            })
            .await
            .map($crate::http::ok)
        }

        #[doc = $delete_doc]
        #[utoipa::path(delete, operation_id = concat!($segment, ".delete"), path = concat!("/api/v1/", $segment, "/{id}"), tag = $tag,
            security(("bearer" = [])),
            params(("id" = String, Path, description = $key_doc),
                ("If-Match" = String, Header, description = "ETag från senaste GET / ETag from the last GET")),
            responses((status = 204, description = "Borttagen / Deleted"),
                (status = 400, response = $crate::http::responses::BadRequest),
                (status = 401, response = $crate::http::responses::Unauthorized),
                (status = 403, response = $crate::http::responses::Forbidden),
                (status = 404, response = $crate::http::responses::NotFound),
                (status = 409, response = $crate::http::responses::Conflict),
                (status = 412, response = $crate::http::responses::PreconditionFailed),
                (status = 428, response = $crate::http::responses::PreconditionRequired),
                (status = 503, response = $crate::http::responses::Unavailable)))]
        async fn remove(
            state: $crate::http::State,
            $crate::http::extract::Writer(who): $crate::http::extract::Writer,
            id: actix_web::web::Path<String>,
            $crate::http::extract::IfMatch(v): $crate::http::extract::IfMatch,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            use ::domain::permissions::{Action, Resource};
            $crate::http::write_entry(&state, who, &id, move |c, who, ctx, key| {
                let action = Action::Delete(Resource::$resource);
                $crate::http::authorize_stored(c, who, action, key, $stored)?;
                <$store::Row as $crate::store::crud::Crud>::delete(c, ctx, key, v)
            })
            .await?;
            Ok(actix_web::HttpResponse::NoContent().finish())
        }
    };
}

//! The five standard operations of a collection (list, get, create, replace, delete) with
//! their OpenAPI documentation, generated once for every resource so that the contract of
//! each operation — status codes, ETag, If-Match, Location, problems — is the same everywhere.
//!
//! ```ignore
//! collection! {
//!     plans: Plan, PlanInput, PlanQuery at "plans" by id or slug;
//!     rights: stored::plan, proposed::plan;
//!     list: "Planer / list roadmaps and milestone plans",
//!     get: "En plan / get one plan by id or slug",
//!     create: "Skapa plan / create a plan",
//!     replace: "Ersätt plan / replace a plan (If-Match required)",
//!     delete: "Ta bort plan / delete a plan (If-Match required; refused while it has milestones)",
//! }
//! ```
//!
//! A resource module names its store module (with `list`, `get`, `create`, `replace`,
//! `delete`), its wire and input types, and a query type declared with `list_query!` (below),
//! which gives it `page` and, where the store's filter takes the parameters as they are, the
//! `fn filter(self, node_id: &str) -> Result<store::…::Filter>` the list needs (the node id
//! gives `origin=local` and `origin=mirrored` their meaning); then the path segment (its
//! OpenAPI tag too, unless `in "tag"` names another) and how an entry is named in the path
//! (`by id`, `by id or slug`), which documents `{id}`. For the rights it names the
//! `store::authz` functions that give the subject of a stored entry and of an input (its
//! `domain::permissions::Resource` is named as its wire type); every write is authorised inside
//! its own transaction.

macro_rules! collection {
    // As modules declare it: `store: Wire, Input, Query at "segment"` (optionally `in "tag"`,
    // else the segment is the tag) and how an entry is named (`by id`, `by id or slug`); then
    // the `store::authz` functions for the subject of a stored entry and of an input.
    (
        $store:ident: $wire:ident, $input:ident, $query:ident at $segment:literal
            $(in $tag:literal)? by $($key:tt)+
    ) => {
        resource_key! { collection $segment $(in $tag)? [$store $wire $input $query] by $($key)+ }
    };
    (
        @declared $segment:literal, $tag:literal, $key_doc:literal,
            $store:ident $wire:ident $input:ident $query:ident;
        rights: stored::$stored:ident, proposed::$proposed:ident;
        list: $list_doc:literal,
        get: $get_doc:literal,
        create: $create_doc:literal,
        replace: $replace_doc:literal,
        delete: $delete_doc:literal $(,)?
    ) => {
        reads! {
            @declared $segment, $tag, $key_doc, $store $wire $query;
            list: $list_doc,
            get: $get_doc,
        }

        /// Registers the five operations (after any routes of the module's own, so that a
        /// fixed path such as `/facets` is not taken for an id).
        pub fn configure_collection(cfg: &mut actix_web::web::ServiceConfig) {
            use actix_web::web;
            configure_reads(cfg);
            cfg.route(concat!("/", $segment), web::post().to(create))
                .route(concat!("/", $segment, "/{id}"), web::put().to(replace))
                .route(concat!("/", $segment, "/{id}"), web::delete().to(remove));
        }

        #[doc = $create_doc]
        #[utoipa::path(post, operation_id = concat!($segment, ".create"), path = concat!("/api/v1/", $segment), tag = $tag, request_body = $input,
            security(("bearer" = [])),
            responses((status = 201, description = "Skapad / Created", body = $wire,
                    headers(("ETag" = String), ("Location" = String))),
                BadRequest, Unprocessable, Unauthorized, Forbidden, Conflict, PayloadTooLarge,
                Unavailable))]
        async fn create(
            state: $crate::http::State,
            $crate::http::extract::Writer(who): $crate::http::extract::Writer,
            $crate::http::extract::Json(input): $crate::http::extract::Json<$input>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            use ::domain::permissions::Resource;
            let ctx = state.ctx(&who);
            $crate::http::write(&state, move |c| {
                let proposed = $crate::store::authz::proposed::$proposed(c, &input)?;
                $crate::commands::create::<$store::Row>(c, &who, &ctx, Resource::$wire, proposed, input)
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
                BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict,
                PreconditionFailed, PayloadTooLarge, PreconditionRequired, Unavailable))]
        async fn replace(
            state: $crate::http::State,
            $crate::http::extract::Writer(who): $crate::http::extract::Writer,
            id: actix_web::web::Path<String>,
            $crate::http::extract::IfMatch(v): $crate::http::extract::IfMatch,
            $crate::http::extract::Json(input): $crate::http::extract::Json<$input>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            use ::domain::permissions::Resource;
            $crate::http::write_entry(&state, who, &id, move |c, who, ctx, key| {
                use $crate::store::authz::{proposed, stored};
                let rights = (Resource::$wire, stored::$stored as _, proposed::$proposed as _);
                $crate::commands::replace::<$store::Row>(c, who, ctx, rights, key, v, input)
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
                BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed,
                PreconditionRequired, Unavailable))]
        async fn remove(
            state: $crate::http::State,
            $crate::http::extract::Writer(who): $crate::http::extract::Writer,
            id: actix_web::web::Path<String>,
            $crate::http::extract::IfMatch(v): $crate::http::extract::IfMatch,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            use ::domain::permissions::{Action, Resource};
            $crate::http::write_entry(&state, who, &id, move |c, who, ctx, key| {
                let action = Action::Delete(Resource::$wire);
                let stored = $crate::store::authz::stored::$stored;
                $crate::http::authorize_stored(c, who, action, key, stored)?;
                <$store::Row as $crate::store::crud::Crud>::delete(c, ctx, key, v)
            })
            .await?;
            Ok(actix_web::HttpResponse::NoContent().finish())
        }
    };
}

/// The two reads of a collection, listing a page and getting one entry, with their OpenAPI
/// documentation: `collection!` starts with them, and the collections whose writes are their
/// own (append-only registers, proposals) take them alone.
macro_rules! reads {
    ($store:ident: $wire:ident, $query:ident at $segment:literal $(in $tag:literal)? by $($key:tt)+) => {
        resource_key! { reads $segment $(in $tag)? [$store $wire $query] by $($key)+ }
    };
    (
        @declared $segment:literal, $tag:literal, $key_doc:literal,
            $store:ident $wire:ident $query:ident;
        list: $list_doc:literal,
        get: $get_doc:literal $(,)?
    ) => {
        // utoipa names generic schemas by the type as written, so `Page` must be in scope; the
        // problems are named in the operations' attributes.
        #[allow(unused_imports)]
        use $crate::http::responses::*;
        use openapi::Page;

        /// Registers the two reads (after any routes of the module's own, so that a fixed path
        /// such as `/report` is not taken for an id).
        pub fn configure_reads(cfg: &mut actix_web::web::ServiceConfig) {
            use actix_web::web;
            cfg.route(concat!("/", $segment), web::get().to(list))
                .route(concat!("/", $segment, "/{id}"), web::get().to(get_one));
        }

        #[doc = $list_doc]
        #[utoipa::path(get, operation_id = concat!($segment, ".list"), path = concat!("/api/v1/", $segment), tag = $tag, params($query),
            responses((status = 200, description = "En sida / One page", body = Page<$wire>),
                BadRequest, Unavailable))]
        async fn list(
            state: $crate::http::State,
            $crate::http::extract::Query(q): $crate::http::extract::Query<$query>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            let page = q.page()?;
            let filter = q.filter(&state.settings.node_id)?;
            $crate::http::list_entries(&state, page, move |c, p| $store::list(c, &filter, p)).await
        }

        #[doc = $get_doc]
        #[utoipa::path(get, operation_id = concat!($segment, ".get"), path = concat!("/api/v1/", $segment, "/{id}"), tag = $tag,
            params(("id" = String, Path, description = $key_doc)),
            responses((status = 200, description = "Posten; ETag bär dess version / The entry; the ETag carries its version",
                    body = $wire, headers(("ETag" = String, description = "Entry version, for If-Match"))),
                NotFound, Unavailable))]
        async fn get_one(
            state: $crate::http::State,
            id: actix_web::web::Path<String>,
        ) -> $crate::error::Result<actix_web::HttpResponse> {
            $crate::http::read_entry(&state, &id, $store::get).await.map($crate::http::ok)
        }

    };
}

/// The first line of a `collection!` or `reads!` made explicit for the macro's own arm: the tag
/// (the segment unless named) and the documentation of the `{id}` an entry is named by.
macro_rules! resource_key {
    ($m:ident $segment:literal [$($names:ident)+] by $($rest:tt)+) => {
        resource_key! { $m $segment in $segment [$($names)+] by $($rest)+ }
    };
    ($m:ident $segment:literal in $tag:literal $names:tt by id or slug; $($rest:tt)*) => {
        resource_key! { $m $segment in $tag $names by "Id eller slug / Id or slug"; $($rest)* }
    };
    ($m:ident $segment:literal in $tag:literal $names:tt by id; $($rest:tt)*) => {
        resource_key! { $m $segment in $tag $names by "Id / Id"; $($rest)* }
    };
    (
        $m:ident $segment:literal in $tag:literal [$($names:ident)+] by $key_doc:literal;
        $($rest:tt)*
    ) => {
        $m! { @declared $segment, $tag, $key_doc, $($names)+; $($rest)* }
    };
}

/// The rest of a collection's module when it has no operations of its own: its OpenAPI part
/// (with its tag's description where the module introduces the tag) and its routes.
macro_rules! only_the_collection {
    ($(tag $name:literal: $description:literal)?) => {
        #[derive(utoipa::OpenApi)]
        #[openapi(paths(list, get_one, create, replace, remove)
            $(, tags((name = $name, description = $description)))?)]
        pub struct Doc;

        pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
            configure_collection(cfg);
        }
    };
}

/// The query parameters of a list, read into one struct (unknown parameters are refused, named
/// with those the list takes): the list's own filters, then `origin` and the filters that
/// follow it, then the paging parameters `limit`, `offset` and `cursor`. `origin` and the
/// paging parameters, with their documentation and constraints, are written here once; a list
/// without `origin` leaves out `..origin,`. The struct gets `page()`, the page asked for; with
/// `=> store::…::Filter` after its name also `filter(self, node_id)`, which takes each filter
/// to the field of the same name and `origin` to the entries it means on this node.
///
/// Not serde's `flatten` of a shared struct: serde does not support it with
/// `deny_unknown_fields`, through it serde_urlencoded hands numbers over as strings, and
/// utoipa 5's `IntoParams` does not list a flattened struct's parameters.
macro_rules! list_query {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident => $($filter:ident)::+ {
            $($(#[$a:meta])* $f:ident: $t:ty,)*
            ..origin,
            $($(#[$b:meta])* $g:ident: $u:ty,)*
            ..page $(,)?
        }
    ) => {
        list_query! {
            $(#[$attr])*
            $vis struct $name {
                $($(#[$a])* $f: $t,)*
                ..origin,
                $($(#[$b])* $g: $u,)*
                ..page
            }
        }

        impl $name {
            fn filter(self, node_id: &str) -> $crate::error::Result<$($filter)::+> {
                Ok($($filter)::+ {
                    $($f: self.$f,)*
                    $($g: self.$g,)*
                    origin: $crate::http::extract::origin(self.origin, node_id)?,
                })
            }
        }
    };
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $($(#[$a:meta])* $f:ident: $t:ty,)*
            ..origin,
            $($(#[$b:meta])* $g:ident: $u:ty,)*
            ..page $(,)?
        }
    ) => {
        list_query! {
            $(#[$attr])*
            $vis struct $name {
                $($(#[$a])* $f: $t,)*
                /// Only entries of this node (`local`), mirrored from others (`mirrored`), or owned by the
                /// node with this id.
                #[param(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 100)]
                origin: Option<String>,
                $($(#[$b])* $g: $u,)*
                ..page
            }
        }
    };
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $($(#[$a:meta])* $f:ident: $t:ty,)*
            ..page $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        $vis struct $name {
            $($(#[$a])* $f: $t,)*
            /// Page size, 1–500 (default 20).
            #[param(minimum = 1, maximum = 500, default = 20)]
            limit: Option<i64>,
            /// Entries to skip (default 0).
            #[param(minimum = 0, default = 0)]
            offset: Option<i64>,
            /// Opaque cursor from `nextCursor`, for deep paging.
            #[param(pattern = r"^az[o-r][A-Za-z0-9_-]*$", min_length = 3)]
            cursor: Option<String>,
        }

        impl $name {
            /// The page asked for (400 naming `limit`, `offset` or `cursor` where it is wrong).
            fn page(&self) -> $crate::error::Result<$crate::store::PageRequest> {
                $crate::http::extract::page(self.limit, self.offset, self.cursor.as_deref())
            }
        }
    };
}

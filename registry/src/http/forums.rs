use openapi::{Forum, ForumInput, ForumLevel};

use crate::store::forums;

collection! {
    forums: Forum, ForumInput, ForumQuery at "forums" by id or slug;
    rights: stored::register, proposed::none;
    list: "Forum / list the coordination forums",
    get: "Ett forum / get one forum by id or slug",
    create: "Skapa forum / create a forum (the infrastructure owner convenes it)",
    replace: "Ersätt forum / replace a forum: its members (If-Match required)",
    delete: "Ta bort forum / delete a forum (If-Match required; refused while it has meetings)",
}

only_the_collection!(tag "forums": "Samordningsforum och deras möten / Coordination forums and their meetings (001 §4.1.2.2, §4.1.3)");

list_query! {
    pub struct ForumQuery => forums::Filter {
        /// Only forums at this level.
        level: Option<ForumLevel>,
        /// Only forums this organisation is a member of (id or slug).
        member: Option<String>,
        ..origin,
        ..page
    }
}

use openapi::{ForumMeeting, ForumMeetingInput};

use crate::store::forum_meetings;

collection! {
    store: forum_meetings,
    stored: crate::store::authz::stored::register,
    proposed: crate::store::authz::proposed::none,
    segment: "forum-meetings",
    tag: "forums",
    wire: ForumMeeting,
    input: ForumMeetingInput,
    query: ForumMeetingQuery,
    key: "Id / Id",
    list: "Forummöten / list forum meetings",
    get: "Ett forummöte / get one forum meeting by id",
    create: "Skapa forummöte / record a forum meeting (the infrastructure owner)",
    replace: "Ersätt forummöte / replace a forum meeting (If-Match required)",
    delete: "Ta bort forummöte / delete a forum meeting (If-Match required; refused while a document refers to it)",
}

only_the_collection!();

list_query! {
    pub struct ForumMeetingQuery => forum_meetings::Filter {
        /// Only meetings of this forum (id or slug).
        forum: Option<String>,
        /// Only meetings in this year.
        year: Option<i32>,
        ..origin,
        ..page
    }
}

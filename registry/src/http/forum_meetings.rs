use openapi::{ForumMeeting, ForumMeetingInput};

use crate::store::forum_meetings;

collection! {
    forum_meetings: ForumMeeting, ForumMeetingInput, ForumMeetingQuery
        at "forum-meetings" in "forums" by id;
    rights: stored::register, proposed::none;
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

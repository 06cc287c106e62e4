ALTER TABLE documents DROP COLUMN presented_meeting_id;
DROP TABLE forum_meetings;
DROP TABLE forum_members;
DROP TABLE forums;

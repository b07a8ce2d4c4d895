-- The inbox (issue 11). A submission keeps its original name in file_name, however
-- long; inbox_name is the name it had in the inbox, by which the inbox recognises
-- a file it recorded just before a crash. For a web upload the two differ: the
-- user's file name is only a label, the inbox name is one the inbox chose.
ALTER TABLE submissions ADD COLUMN inbox_name TEXT NOT NULL DEFAULT '';
UPDATE submissions SET inbox_name = file_name;
CREATE INDEX submissions_inbox_name ON submissions (inbox_name, sha256);

-- Uploads put into the inbox and not yet taken in, so that the user's file name
-- and the submitter survive a crash between the upload and its ingest. The row
-- is deleted in the transaction that records the submission.
CREATE TABLE inbox_uploads (
	inbox_name TEXT PRIMARY KEY,
	file_name  TEXT NOT NULL,
	submitter  TEXT NOT NULL DEFAULT '',
	created    TEXT NOT NULL
);

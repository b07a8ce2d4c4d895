-- Times are UTC text in a fixed-width layout (2006-01-02T15:04:05.000000000Z) so that
-- they sort and compare as strings; dates are 2006-01-02.

CREATE TABLE submissions (
	id             INTEGER PRIMARY KEY,
	file_name      TEXT    NOT NULL,
	sha256         TEXT    NOT NULL,
	size           INTEGER NOT NULL,
	source_modtime INTEGER NOT NULL DEFAULT 0, -- unix nanoseconds of the submitted file, 0 when unknown
	received       TEXT    NOT NULL,
	submitter      TEXT    NOT NULL DEFAULT '',
	format         TEXT    NOT NULL DEFAULT '',
	accepted       INTEGER NOT NULL CHECK (accepted IN (0, 1)),
	problems       TEXT    NOT NULL DEFAULT '[]', -- JSON array of plan.Problem
	kept_path      TEXT    NOT NULL DEFAULT '',   -- relative to the data folder
	plan_name      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX submissions_sha256 ON submissions (sha256);
CREATE INDEX submissions_received ON submissions (received);

CREATE TABLE plans (
	name  TEXT PRIMARY KEY,
	kind  TEXT NOT NULL DEFAULT '',
	forum TEXT NOT NULL DEFAULT ''
);

CREATE TABLE plan_versions (
	id             INTEGER PRIMARY KEY,
	plan_name      TEXT    NOT NULL REFERENCES plans (name),
	number         INTEGER NOT NULL,
	sha256         TEXT    NOT NULL, -- of the source file
	content_sha256 TEXT    NOT NULL, -- of the normalised content, without provenance
	submission_id  INTEGER REFERENCES submissions (id),
	received       TEXT    NOT NULL,
	updated        TEXT    NOT NULL DEFAULT '', -- senast uppdaterad, '' when not given
	plan_json      TEXT    NOT NULL,
	green          INTEGER NOT NULL DEFAULT 0,
	yellow         INTEGER NOT NULL DEFAULT 0,
	red            INTEGER NOT NULL DEFAULT 0,
	done           INTEGER NOT NULL DEFAULT 0,
	UNIQUE (plan_name, number)
);
CREATE INDEX plan_versions_received ON plan_versions (plan_name, received);
CREATE INDEX plan_versions_sha256 ON plan_versions (plan_name, sha256);
CREATE INDEX plan_versions_submission ON plan_versions (submission_id);

CREATE TABLE runs (
	id       INTEGER PRIMARY KEY,
	audience TEXT NOT NULL,
	forum    TEXT NOT NULL DEFAULT '',
	meeting  TEXT NOT NULL DEFAULT '', -- date
	started  TEXT NOT NULL,
	finished TEXT NOT NULL DEFAULT '',
	status   TEXT NOT NULL,
	error    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_started ON runs (started);

CREATE TABLE packages (
	id       INTEGER PRIMARY KEY,
	run_id   INTEGER NOT NULL REFERENCES runs (id),
	audience TEXT    NOT NULL,
	forum    TEXT    NOT NULL DEFAULT '',
	meeting  TEXT    NOT NULL DEFAULT '',
	path     TEXT    NOT NULL,
	zip_path TEXT    NOT NULL DEFAULT '',
	created  TEXT    NOT NULL,
	manifest TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX packages_run ON packages (run_id);
CREATE INDEX packages_created ON packages (created);

-- Living plans (SPEC §7): adoptions (fastställande) of plan versions by a forum
-- at a meeting. A version is adopted at most once per meeting.

CREATE TABLE adoptions (
	id        INTEGER PRIMARY KEY,
	plan_name TEXT    NOT NULL,
	version   INTEGER NOT NULL,
	forum     TEXT    NOT NULL,         -- the forum's name, e.g. "Kunskapsråd Medicin" or "RSL"
	meeting   TEXT    NOT NULL,         -- YYYY-MM-DD
	by_user   TEXT    NOT NULL,
	at        TEXT    NOT NULL,
	FOREIGN KEY (plan_name, version) REFERENCES plan_versions (plan_name, number),
	UNIQUE (plan_name, version, meeting)
);
CREATE INDEX adoptions_plan ON adoptions (plan_name, version);

-- Reminders before a deadline: one per plan and meeting, ever. A row is claimed
-- ('skickas') before the mail goes out and marked 'skickad' after, so that two
-- processes, or a restart, never send the same reminder twice.
CREATE TABLE reminders (
	id        INTEGER PRIMARY KEY,
	plan_name TEXT NOT NULL,
	meeting   TEXT NOT NULL,             -- YYYY-MM-DD
	forum     TEXT NOT NULL,
	to_addr   TEXT NOT NULL,
	status    TEXT NOT NULL,             -- skickas, skickad
	claimed   TEXT NOT NULL,
	sent      TEXT NOT NULL DEFAULT '',
	UNIQUE (plan_name, meeting)
);

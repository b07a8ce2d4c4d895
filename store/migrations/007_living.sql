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

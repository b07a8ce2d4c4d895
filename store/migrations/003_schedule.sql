-- The scheduler's memory (package schedule): which scheduled builds it has handed to
-- the build queue, so that a build missed while the service was down is caught up
-- once at start-up and never twice, across restarts.

CREATE TABLE schedule_done (
	job      TEXT NOT NULL, -- by name, e.g. "möte kr Kunskapsråd Medicin 2026-12-03", "schema Veckoöversikt RSL"
	due      TEXT NOT NULL, -- when the build was due (UTC)
	reason   TEXT NOT NULL, -- "schemalagd" or "ikapp efter avbrott"
	enqueued TEXT NOT NULL, -- when it was handed to the queue (UTC)
	PRIMARY KEY (job, due)
);

-- When the scheduler first ran on this database: cron runs due before then were
-- never missed, only not yet configured.
CREATE TABLE schedule_state (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	first_start TEXT NOT NULL
);

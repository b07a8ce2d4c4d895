-- Runs are requests of the build queue (issue 7): what was asked for, why and by
-- whom, and how it went. One run makes one or more packages (packages.run_id).
-- status is the outcome in Swedish: köad, pågår, klar, misslyckad, avbruten.

ALTER TABLE runs ADD COLUMN plan_name    TEXT    NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN reason       TEXT    NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN requested_by TEXT    NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN force        INTEGER NOT NULL DEFAULT 0 CHECK (force IN (0, 1));
ALTER TABLE runs ADD COLUMN queued       TEXT    NOT NULL DEFAULT ''; -- when it was asked for
ALTER TABLE runs ADD COLUMN total        INTEGER NOT NULL DEFAULT 0;  -- packages to build, known once started
ALTER TABLE runs ADD COLUMN done         INTEGER NOT NULL DEFAULT 0;  -- packages finished so far
ALTER TABLE runs ADD COLUMN output_dir   TEXT    NOT NULL DEFAULT ''; -- the output folder it builds into, absolute

UPDATE runs SET queued = started;
UPDATE runs SET status = CASE status
	WHEN 'running' THEN 'pågår'
	WHEN 'ok'      THEN 'klar'
	WHEN 'failed'  THEN 'misslyckad'
	ELSE status END;

CREATE INDEX runs_status ON runs (status);

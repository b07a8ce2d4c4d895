-- Decisions on proposals (SPEC §7): the recorded steps of the trail of an
-- activity with påverkan på överenskommelsen – bedömd i KR, beredd i RSL,
-- beslutad i SVN. Keyed by plan name and the activity's stable id (A-xxxxxxxx),
-- not by version, so that the trail survives new plan versions. A step recorded
-- again replaces the row; the audit log keeps what it said before.
CREATE TABLE decisions (
	id          INTEGER PRIMARY KEY,
	plan_name   TEXT    NOT NULL,
	activity_id TEXT    NOT NULL,
	stage       TEXT    NOT NULL,   -- bedomd_kr, beredd_rsl, beslutad_svn
	outcome     TEXT    NOT NULL,   -- '' or tillstyrks, tillstyrks_delvis, avstyrks, utreds_vidare; bifall, avslag, bordlagd
	day         TEXT    NOT NULL,   -- YYYY-MM-DD, the meeting that took the step
	note        TEXT    NOT NULL DEFAULT '',
	version     INTEGER NOT NULL,   -- the plan version current when it was recorded
	by_user     TEXT    NOT NULL,
	at          TEXT    NOT NULL,
	UNIQUE (plan_name, activity_id, stage)
);
CREATE INDEX decisions_plan ON decisions (plan_name, activity_id);

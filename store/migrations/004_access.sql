-- Access (package auth): server-side sessions, OpenID Connect sign-ins under way,
-- and the audit log. Only the sha256 of a session id or login id is stored, so a
-- copy of the database does not let anyone in.

CREATE TABLE sessions (
	id_sha256  TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL,
	role       TEXT NOT NULL,
	method     TEXT NOT NULL,          -- lokal, oidc
	created    TEXT NOT NULL,
	idle_until TEXT NOT NULL,          -- moved forward while the session is used
	until      TEXT NOT NULL           -- absolute end
);
CREATE INDEX sessions_until ON sessions (until);
CREATE INDEX sessions_idle_until ON sessions (idle_until);

CREATE TABLE oidc_logins (
	id_sha256 TEXT PRIMARY KEY,
	state     TEXT NOT NULL,
	nonce     TEXT NOT NULL,
	verifier  TEXT NOT NULL,           -- PKCE code verifier
	return_to TEXT NOT NULL DEFAULT '/',
	until     TEXT NOT NULL
);
CREATE INDEX oidc_logins_until ON oidc_logins (until);

CREATE TABLE audit (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,              -- inloggning, inloggning nekad, utloggning, inlämning, körning, fastställande
	object TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);

-- 003: people, roles, sessions, sign-in throttling, staff groups and the audit log; units can be archived.
-- Times that are compared (expiry, locks) are whole seconds since 1970 (INTEGER); times shown to people are
-- UTC ISO 8601 text.

ALTER TABLE unit ADD COLUMN archived_at TEXT;   -- NULL while active; archived units keep their history

CREATE TABLE app_user (
	id ID_PK,
	email TEXT NOT NULL UNIQUE,     -- lowercased; what people sign in with
	name TEXT NOT NULL,
	password_hash TEXT,             -- libsodium crypto_pwhash_str (Argon2id); NULL until a password is set
	is_admin INTEGER NOT NULL DEFAULT 0, -- 1: site administrator, an admin of every unit
	created_at TEXT NOT NULL,
	disabled_at TEXT                -- NULL while the account may sign in
);

CREATE TABLE unit_role (
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'viewer')),  -- inherited by the units below
	granted_by BIGINT REFERENCES app_user (id),   -- NULL when granted on the command line
	granted_at TEXT NOT NULL,
	PRIMARY KEY (user_id, unit_id)
);

CREATE INDEX unit_role_unit ON unit_role (unit_id);

CREATE TABLE user_session (
	token_hash TEXT PRIMARY KEY,    -- hex BLAKE2b-256 of the cookie's 256-bit token; the token is never stored
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	csrf_token TEXT NOT NULL,       -- what this session's forms must carry back
	created_at INTEGER NOT NULL,    -- seconds since 1970
	last_seen_at INTEGER NOT NULL,  -- idle expiry counts from here
	expires_at INTEGER NOT NULL,    -- absolute expiry
	address TEXT NOT NULL           -- the client address that signed in
);

CREATE INDEX user_session_user ON user_session (user_id);

-- A password-setting link: for a person added by an admin, or after a reset. Single use.
CREATE TABLE password_token (
	token_hash TEXT PRIMARY KEY,    -- hex BLAKE2b-256 of the token in the link
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	expires_at INTEGER NOT NULL
);

-- Failed sign-ins per key: 'email:<address>' and 'addr:<client address>'. Keyed by the email typed, not by
-- the account, so that throttling says nothing about whether an account exists.
CREATE TABLE signin_throttle (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,      -- consecutive failures
	last_failure_at INTEGER NOT NULL,
	locked_until INTEGER NOT NULL   -- 0 when not locked
);

-- Staff groups of a region (a top-level unit): survey results are broken down by them.
CREATE TABLE staff_group (
	id ID_PK,
	region_id BIGINT NOT NULL REFERENCES unit (id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	position INTEGER NOT NULL,      -- display order
	UNIQUE (region_id, code)
);

CREATE TABLE audit_log (
	id ID_PK,
	at TEXT NOT NULL,               -- UTC ISO 8601
	actor_id BIGINT REFERENCES app_user (id),  -- NULL for the command line or an unknown person
	actor TEXT NOT NULL,            -- email, or 'command line'
	action TEXT NOT NULL,           -- 'signin', 'signin.failed', 'unit.create', 'role.grant', ...
	unit_id BIGINT REFERENCES unit (id),       -- the unit it concerns, so unit admins see their part only
	target TEXT NOT NULL,           -- what it was done to: a unit code, an email
	detail TEXT NOT NULL,           -- human-readable specifics
	address TEXT                    -- client address, NULL on the command line
);

CREATE INDEX audit_log_unit ON audit_log (unit_id);

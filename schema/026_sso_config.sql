-- 026: single sign-on's configuration: the OpenID Connect providers a site administrator sets up, the rules that
-- turn a person's claims into roles on units, a unit's NHS ODS code (what CIS2's nhsid_nrbac_roles names), where
-- a role came from, and whether people other than site administrators may still sign in with a password.
-- Secrets are never stored: a provider keeps only the path of the file holding its client secret or private key.

CREATE TABLE sso_provider (
	id ID_PK,
	name TEXT NOT NULL UNIQUE,      -- [a-z0-9-]{1,32}: what the CLI and /auth/oidc/start?provider= call it
	label TEXT NOT NULL,            -- shown after "Sign in with": 'NHS Care Identity'
	preset TEXT NOT NULL CHECK (preset IN ('generic', 'cis2', 'entra', 'google')),
	issuer TEXT NOT NULL,           -- exact; an Entra multi-tenant issuer holds '{tenantid}'
	tenants TEXT NOT NULL DEFAULT '', -- Entra multi-tenant allow-list, comma-separated tenant ids
	client_id TEXT NOT NULL,
	client_auth TEXT NOT NULL CHECK (client_auth IN ('client_secret_basic', 'private_key_jwt')),
	secret_file TEXT NOT NULL,      -- path of the client secret or private JWK file; its content is never stored
	scopes TEXT NOT NULL,           -- space-separated, always with 'openid'
	algs TEXT NOT NULL DEFAULT '',  -- accepted ID token algorithms, comma-separated; '' the default list
	acr_min TEXT NOT NULL DEFAULT '', -- the least assurance level accepted; '' none
	userinfo INTEGER NOT NULL DEFAULT 0,  -- 1: call the UserInfo endpoint after the token (CIS2)
	trust_verified_email INTEGER NOT NULL DEFAULT 0, -- 1: a first sign-in links to the account of its verified email
	enabled INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL        -- UTC ISO 8601
);

-- A claims-to-role rule of a provider: 'claim' (CLAIM holds VALUE, as a string or in an array) or 'cis2' (an
-- nhsid_nrbac_roles entry at the unit's ODS code with the R-code or B-code VALUE). Never site administrator.
CREATE TABLE sso_rule (
	id ID_PK,
	provider_id BIGINT NOT NULL REFERENCES sso_provider (id),
	kind TEXT NOT NULL CHECK (kind IN ('claim', 'cis2')),
	claim TEXT NOT NULL DEFAULT '', -- 'claim' rules: the top-level claim ('roles', 'groups', 'hd', ...)
	value TEXT NOT NULL,
	unit_id BIGINT REFERENCES unit (id), -- NULL only for a 'cis2' rule: whichever unit has the entry's ODS code
	role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'viewer')),
	with_children INTEGER NOT NULL DEFAULT 0, -- 1: the same role on every unit below
	created_at TEXT NOT NULL
);

CREATE INDEX sso_rule_provider ON sso_rule (provider_id);

-- An NHS organisation (ODS) code, such as A81001; NULL when the unit has none. Two units never share one.
ALTER TABLE unit ADD COLUMN ods_code TEXT;
CREATE UNIQUE INDEX unit_ods_code ON unit (ods_code);

-- 'hand': given by a person (web or CLI); 'provider': given by a provider's rules at sign-in, recomputed at each
-- one. A sign-in never changes a 'hand' row.
ALTER TABLE unit_role ADD COLUMN source TEXT NOT NULL DEFAULT 'hand' CHECK (source IN ('hand', 'provider'));

-- 'on': everyone may sign in with a password; 'off': only site administrators may (break-glass).
INSERT INTO setting (key, value) VALUES ('local_passwords', 'on');

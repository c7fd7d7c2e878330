-- 025: single sign-on, the sign-in half: who a provider's person is here (identities keyed on the issuer and
-- the subject the provider gives, never on an email), the sign-ins on their way (the pending authorization
-- requests), what a session started by a provider needs for logging out, and the back-channel logout tokens
-- already used. No live token is kept in clear: a pending sign-in is found by the hash of its state, its PKCE
-- verifier and the ID token kept for logout are sealed with the key file (store/keys.c, KEY_PURPOSE_SSO).
--
-- provider_id names an sso_provider row, but is a plain BIGINT without a foreign key: sso_provider is made by
-- migration 026, which runs after this one.

-- A person's account at a provider, linked to their caregrid account. A first sign-in makes the row (and the
-- account, or links an existing one by a verified email when the provider is trusted to verify emails).
CREATE TABLE user_identity (
	id ID_PK,
	provider_id BIGINT NOT NULL,    -- sso_provider (026) id; no foreign key (see above)
	issuer TEXT NOT NULL,           -- the ID token's iss, exactly
	subject TEXT NOT NULL,          -- the ID token's sub: the provider's never-reassigned id of the person
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	name TEXT NOT NULL,             -- as the provider last said (name, else given and family names)
	email TEXT,                     -- as the provider last said; NULL when it said none
	email_verified INTEGER NOT NULL DEFAULT 0, -- 1: the provider said email_verified true
	created_at TEXT NOT NULL,       -- UTC ISO 8601
	last_signin_at TEXT NOT NULL,   -- UTC ISO 8601
	UNIQUE (issuer, subject)
);

CREATE INDEX user_identity_user ON user_identity (user_id);

-- A sign-in sent to a provider and not back yet: single use (deleted when the provider sends the person back),
-- ten minutes at most.
CREATE TABLE sso_pending (
	state_hash TEXT PRIMARY KEY,    -- hex BLAKE2b-256 of the state sent; the state itself is never stored
	provider_id BIGINT NOT NULL,    -- sso_provider (026) id; no foreign key (see above)
	nonce TEXT NOT NULL,            -- the nonce sent, which the ID token must carry back
	code_verifier_sealed TEXT NOT NULL, -- the PKCE code verifier, sealed with the key file
	return_to TEXT NOT NULL,        -- a path of this site ("/units"), never a whole address
	test INTEGER NOT NULL DEFAULT 0, -- 1: a site administrator's test sign-in: claims shown, nobody signed in
	expires_at INTEGER NOT NULL     -- seconds since 1970
);

CREATE INDEX sso_pending_expiry ON sso_pending (expires_at);

-- A session started by a provider: which provider session it is part of, for the provider's back-channel
-- logout, and the ID token (sealed) for the logout sent to the provider when the person signs out here.
ALTER TABLE user_session ADD COLUMN provider_id BIGINT;      -- NULL: signed in with a password
ALTER TABLE user_session ADD COLUMN sso_sid TEXT;            -- the ID token's sid; NULL when it had none
ALTER TABLE user_session ADD COLUMN sso_subject TEXT;        -- the ID token's sub
ALTER TABLE user_session ADD COLUMN id_token_sealed TEXT;    -- the ID token, sealed with the key file

CREATE INDEX user_session_sso_sid ON user_session (provider_id, sso_sid);
CREATE INDEX user_session_sso_subject ON user_session (provider_id, sso_subject);

-- Back-channel logout tokens already used (their jti), kept until they expire: a token sent again is refused.
CREATE TABLE sso_logout_jti (
	provider_id BIGINT NOT NULL,    -- sso_provider (026) id; no foreign key (see above)
	jti TEXT NOT NULL,
	expires_at INTEGER NOT NULL,    -- seconds since 1970: after it the token is refused as expired anyway
	PRIMARY KEY (provider_id, jti)
);

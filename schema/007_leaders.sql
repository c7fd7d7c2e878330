-- 007: growing leaders. 360-degree feedback cycles about one person, whose results belong to that person;
-- personal development plans. (The team health pulse is a round on the team-health-pulse instrument.)

CREATE TABLE feedback_cycle (
	id ID_PK,
	user_id BIGINT NOT NULL REFERENCES app_user (id),   -- the leader the feedback is about, and its owner
	instrument_id TEXT NOT NULL,
	instrument_version INTEGER NOT NULL,
	title TEXT NOT NULL,
	created_at TEXT NOT NULL,
	closed_at TEXT,
	FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument_version (instrument_id, version)
);

CREATE INDEX feedback_cycle_user ON feedback_cycle (user_id);

-- Whom the owner has shown the results to (a coach, a mentor); nobody else, not even an administrator.
CREATE TABLE feedback_share (
	cycle_id BIGINT NOT NULL REFERENCES feedback_cycle (id),
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	PRIMARY KEY (cycle_id, user_id)
);

CREATE TABLE feedback_invitation (
	id ID_PK,
	cycle_id BIGINT NOT NULL REFERENCES feedback_cycle (id),
	token_hash TEXT NOT NULL UNIQUE,   -- hex BLAKE2b-256 of the link's token
	label TEXT,                        -- whom the owner sent it to; never shown with answers
	answered INTEGER NOT NULL DEFAULT 0,
	revoked_at TEXT,
	created_at TEXT NOT NULL
);

CREATE TABLE feedback_response (
	id ID_PK,
	cycle_id BIGINT NOT NULL REFERENCES feedback_cycle (id),
	respondent_key TEXT NOT NULL UNIQUE, -- keyed hash of the link (or 'self:<cycle>' for the owner's own)
	relationship TEXT NOT NULL CHECK (relationship IN ('self', 'manager', 'peer', 'direct_report', 'team_member', 'patient_partner')),
	strengths TEXT,
	suggestions TEXT,
	submitted_on TEXT NOT NULL
);

CREATE TABLE feedback_answer (
	response_id BIGINT NOT NULL REFERENCES feedback_response (id),
	item_code TEXT NOT NULL,
	score INTEGER,                     -- NULL: don't know
	PRIMARY KEY (response_id, item_code)
);

CREATE TABLE pdp_goal (
	id ID_PK,
	user_id BIGINT NOT NULL REFERENCES app_user (id),   -- whose plan
	title TEXT NOT NULL,
	elements TEXT,                     -- competencies or practices it develops: "relational-leadership RL3, ..."
	actions TEXT,                      -- how: the actions to reach it
	coach TEXT,                        -- a coach or mentor: a name, or an email of a caregrid account
	review_on TEXT,                    -- the next review, YYYY-MM-DD
	status TEXT NOT NULL CHECK (status IN ('open', 'achieved', 'dropped')),
	created_at TEXT NOT NULL
);

CREATE INDEX pdp_goal_user ON pdp_goal (user_id);

CREATE TABLE pdp_review (
	id ID_PK,
	goal_id BIGINT NOT NULL REFERENCES pdp_goal (id),
	reviewed_on TEXT NOT NULL,
	note TEXT NOT NULL
);

-- The owner may share the whole plan with a named coach (a caregrid account).
CREATE TABLE pdp_share (
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	coach_id BIGINT NOT NULL REFERENCES app_user (id),
	PRIMARY KEY (user_id, coach_id)
);

-- 004: assessment rounds. A team rates itself on an instrument version in a round: by anonymous survey
-- through invitation links, by a facilitated consensus session, or both. Answers are stored with the
-- respondent's staff group and never with who sent them: the invitation keeps only a hash of its link, and
-- the response only a keyed hash of it, so neither can be joined to the other without the link itself.

CREATE TABLE setting (
	key TEXT PRIMARY KEY,           -- 'form_secret': the key of the keyed hashes and survey form tokens
	value TEXT NOT NULL
);

-- The smallest staff group whose results are shown on their own (per region; never below 3; NULL: 5).
ALTER TABLE unit ADD COLUMN min_group_size INTEGER;

CREATE TABLE round (
	id ID_PK,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	instrument_id TEXT NOT NULL,
	instrument_version INTEGER NOT NULL,
	title TEXT NOT NULL,
	mode TEXT NOT NULL CHECK (mode IN ('survey', 'consensus', 'survey_consensus')),
	energy TEXT NOT NULL CHECK (energy IN ('domain', 'item', 'none')),  -- where "how much energy" is asked
	opens_on TEXT NOT NULL,         -- first day answers are taken, YYYY-MM-DD
	closes_on TEXT NOT NULL,        -- last day answers are taken, YYYY-MM-DD
	closed_at TEXT,                 -- set when a facilitator closes the round early
	created_by BIGINT REFERENCES app_user (id),
	created_at TEXT NOT NULL,
	FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument_version (instrument_id, version)
);

CREATE INDEX round_unit ON round (unit_id);

CREATE TABLE invitation (
	id ID_PK,
	round_id BIGINT NOT NULL REFERENCES round (id),
	token_hash TEXT NOT NULL UNIQUE, -- hex BLAKE2b-256 of the link's token
	kind TEXT NOT NULL CHECK (kind IN ('personal', 'shared')),
	label TEXT,                     -- whom a personal link is for, as the facilitator wrote it; never shown with answers
	shared_token TEXT,              -- a shared link's token, so it can be shown again; NULL for personal links
	answered INTEGER NOT NULL DEFAULT 0, -- a personal link has been used to submit (no time, no response id)
	revoked_at TEXT,
	created_at TEXT NOT NULL
);

CREATE INDEX invitation_round ON invitation (round_id);

CREATE TABLE response (
	id ID_PK,
	round_id BIGINT NOT NULL REFERENCES round (id),
	respondent_key TEXT NOT NULL UNIQUE, -- keyed BLAKE2b of the personal link, or of a shared link's browser token
	staff_group TEXT NOT NULL,      -- a staff group code of the round's region
	revision INTEGER NOT NULL,      -- counts saves: a form of an older revision is refused as replayed
	submitted INTEGER NOT NULL DEFAULT 0,
	submitted_on TEXT               -- the day only: a time would help match answers to people
);

CREATE INDEX response_round ON response (round_id);

CREATE TABLE answer (
	response_id BIGINT NOT NULL REFERENCES response (id),
	item_code TEXT NOT NULL,
	score INTEGER,                  -- a level's value; NULL: don't know
	comment TEXT,                   -- optional, per element
	PRIMARY KEY (response_id, item_code)
);

CREATE TABLE energy (
	response_id BIGINT NOT NULL REFERENCES response (id),
	target TEXT NOT NULL,           -- a domain code, or an item code when the round asks per item
	level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),  -- 0 low, 1 some, 2 high
	PRIMARY KEY (response_id, target)
);

-- What a facilitated session agreed per element, and an outside coach's calibration beside it.
CREATE TABLE consensus (
	round_id BIGINT NOT NULL REFERENCES round (id),
	item_code TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('team', 'coach')),
	level INTEGER NOT NULL,
	note TEXT,
	recorded_by BIGINT REFERENCES app_user (id),
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (round_id, item_code, kind)
);

CREATE TABLE evidence (
	id ID_PK,
	round_id BIGINT NOT NULL REFERENCES round (id),
	item_code TEXT NOT NULL,
	url TEXT,                       -- a link, or NULL for an uploaded file
	filename TEXT,                  -- an uploaded file's name
	content_type TEXT,
	data BYTEA,                     -- the file (BLOB on SQLite)
	size INTEGER NOT NULL,
	added_by BIGINT REFERENCES app_user (id),
	added_at TEXT NOT NULL
);

CREATE INDEX evidence_round ON evidence (round_id, item_code);

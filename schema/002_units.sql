-- 002: organisation units, a tree: region/system > locality > Primary Care Home or network > practice or
-- partner organisation. Types are data so that a region can name its own.

CREATE TABLE unit_type (
	code TEXT PRIMARY KEY,          -- 'region', 'locality', 'pch', 'practice', ...
	name TEXT NOT NULL,             -- shown to people: 'Primary Care Home or network'
	tier INTEGER NOT NULL           -- 1 = top of the tree; a unit's parent has a smaller tier
);

INSERT INTO unit_type (code, name, tier) VALUES
	('region', 'Region or system', 1),
	('locality', 'Locality', 2),
	('pch', 'Primary Care Home or network', 3),
	('practice', 'GP practice', 4),
	('community-trust', 'Community trust', 4),
	('mental-health', 'Mental health provider', 4),
	('local-authority', 'Local authority', 4),
	('social-care', 'Social care', 4),
	('voluntary', 'Voluntary sector organisation', 4);

CREATE TABLE unit (
	id ID_PK,
	code TEXT NOT NULL UNIQUE,      -- stable short code used in imports and URLs
	name TEXT NOT NULL,
	type TEXT NOT NULL REFERENCES unit_type (code),
	parent_id BIGINT REFERENCES unit (id),  -- NULL for a top-level unit
	list_size INTEGER,              -- registered list size (practices); NULL when not counted
	counted_on TEXT,                -- date the list size was counted, 'YYYY-MM-DD'
	created_at TEXT NOT NULL        -- UTC, ISO 8601
);

CREATE INDEX unit_parent ON unit (parent_id);

-- 001: the instrument versions a database has seen. Rounds and answers (later migrations) pin
-- (instrument_id, version), so a changed instrument never rewrites what was stored against the old one.
-- Written in the SQL that SQLite and PostgreSQL share; ID_PK is replaced per backend by the migration runner.

CREATE TABLE instrument_version (
	instrument_id TEXT NOT NULL,    -- the instrument's id, e.g. 'pch-development-grid'
	version INTEGER NOT NULL,       -- its version number (>= 1)
	title TEXT NOT NULL,            -- for listings without parsing the definition
	definition TEXT NOT NULL,       -- the instrument as canonical JSON: compact, keys sorted
	hash TEXT NOT NULL,             -- hex BLAKE2b-256 of definition: two texts of one version must agree
	origin TEXT NOT NULL,           -- 'built-in', or the file it was added from
	added_at TEXT NOT NULL,         -- UTC, ISO 8601 ('2026-11-23T06:00:00Z')
	PRIMARY KEY (instrument_id, version)
);

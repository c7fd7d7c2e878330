-- 031: population segmentation (issue 28, grid element 2.3). A registered-list extract is read, segmented at one
-- or more as-of dates (domain/population.h) and forgotten: only aggregates are kept, per practice (a unit matched
-- by its code or ODS code). No patient id, birth date, code or event of any person is stored here.

-- One import: where the counts came from. Hashes of the input files and the code lists' versions, never names
-- of people; the files' own names are not kept either (a path can name a person's folder).
CREATE TABLE population_import (
	id ID_PK,
	imported_at TEXT NOT NULL,      -- UTC, ISO 8601
	source TEXT NOT NULL,           -- the input form: 'csv', 'synthea' or 'fhir'
	inputs TEXT NOT NULL,           -- one line per input file: its role ('patients', 'events', 'conditions', ...)
	                                -- and hex BLAKE2b-256 of its bytes, "role hash"
	codelists TEXT NOT NULL,        -- one line per code list: "list_id version" (the lists' own versions)
	codelists_hash TEXT NOT NULL,   -- hex BLAKE2b-256 of the code-list file's bytes
	as_of TEXT NOT NULL             -- the as-of dates computed, YYYY-MM-DD, space-separated, ascending
);

-- How many people of a practice were in each segment on an as-of date. Every segment has a row (0 included), so
-- a practice's rows for a date sum to its registered, living population on that date. Re-importing the same
-- as-of date for a practice replaces its rows.
CREATE TABLE population_count (
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	as_of TEXT NOT NULL,            -- YYYY-MM-DD
	segment TEXT NOT NULL,          -- 'end_of_life', 'frailty', 'complex', 'ltc', 'well'
	count INTEGER NOT NULL,         -- exact: disclosure control is applied where it is shown, never here
	import_id BIGINT NOT NULL REFERENCES population_import (id),
	PRIMARY KEY (unit_id, as_of, segment)
);

-- The movement between two consecutive as-of dates of one import: people in FROM_SEGMENT on FROM_DATE and in
-- TO_SEGMENT on TO_DATE. FROM_SEGMENT 'registered': not in the population on FROM_DATE (registered, or born,
-- since); TO_SEGMENT 'died' or 'left': in it on FROM_DATE, not on TO_DATE (dead by then, or registration ended).
-- Only non-zero cells have rows.
CREATE TABLE population_movement (
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	from_date TEXT NOT NULL,
	to_date TEXT NOT NULL,
	from_segment TEXT NOT NULL,
	to_segment TEXT NOT NULL,
	count INTEGER NOT NULL,
	import_id BIGINT NOT NULL REFERENCES population_import (id),
	PRIMARY KEY (unit_id, from_date, to_date, from_segment, to_segment)
);

CREATE INDEX population_count_import ON population_count (import_id);
CREATE INDEX population_movement_import ON population_movement (import_id);

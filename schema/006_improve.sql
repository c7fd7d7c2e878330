-- 006: improvement work linked to the grid: actions with owners and dates, PDSA cycles under them, and
-- outcome measures (quadruple aim) with their data points for SPC charts.

CREATE TABLE action (
	id ID_PK,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	title TEXT NOT NULL,
	description TEXT,
	owner_id BIGINT REFERENCES app_user (id),   -- a person with a role on the unit; NULL: nobody yet
	due_on TEXT,                    -- YYYY-MM-DD
	status TEXT NOT NULL CHECK (status IN ('planned', 'doing', 'done', 'dropped')),
	round_id BIGINT REFERENCES round (id),      -- the round whose priorities it came from, if any
	created_by BIGINT REFERENCES app_user (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE INDEX action_unit ON action (unit_id);

-- The instrument elements an action (or a measure) serves.
CREATE TABLE action_element (
	action_id BIGINT NOT NULL REFERENCES action (id),
	instrument_id TEXT NOT NULL,
	item_code TEXT NOT NULL,
	PRIMARY KEY (action_id, instrument_id, item_code)
);

CREATE TABLE pdsa (
	id ID_PK,
	action_id BIGINT NOT NULL REFERENCES action (id),
	number INTEGER NOT NULL,        -- 1, 2, ... within the action; a cycle can start the next
	plan TEXT NOT NULL,             -- what we try
	prediction TEXT,                -- what we predict
	measurement TEXT,               -- what we will measure
	planned_on TEXT NOT NULL,
	did TEXT,                       -- Do: what happened
	did_on TEXT,
	study TEXT,                     -- Study: result against prediction
	studied_on TEXT,
	act TEXT CHECK (act IN ('adopt', 'adapt', 'abandon')),  -- Act
	act_note TEXT,
	acted_on TEXT,
	UNIQUE (action_id, number)
);

CREATE TABLE measure (
	id ID_PK,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	name TEXT NOT NULL,
	definition TEXT NOT NULL,
	category TEXT NOT NULL CHECK (category IN ('population_health', 'patient_experience', 'cost', 'staff_wellbeing')),
	direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'neither')),  -- which way is better
	unit_label TEXT,                -- "%", "per 1,000 patients", ...
	target DOUBLE PRECISION,        -- NULL: none
	baseline INTEGER,               -- limits fixed from the first N points (N >= 12); NULL: all
	created_at TEXT NOT NULL
);

CREATE INDEX measure_unit ON measure (unit_id);

CREATE TABLE measure_element (
	measure_id BIGINT NOT NULL REFERENCES measure (id),
	instrument_id TEXT NOT NULL,
	item_code TEXT NOT NULL,
	PRIMARY KEY (measure_id, instrument_id, item_code)
);

CREATE TABLE measure_action (
	measure_id BIGINT NOT NULL REFERENCES measure (id),
	action_id BIGINT NOT NULL REFERENCES action (id),
	PRIMARY KEY (measure_id, action_id)
);

CREATE TABLE measure_point (
	measure_id BIGINT NOT NULL REFERENCES measure (id),
	period TEXT NOT NULL,           -- the period's date, YYYY-MM-DD
	value DOUBLE PRECISION,         -- NULL: missing (a gap in the chart)
	rebase INTEGER NOT NULL DEFAULT 0, -- 1: new limits start at this point
	note TEXT,
	PRIMARY KEY (measure_id, period)
);

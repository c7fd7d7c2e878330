-- 030: from priorities to proof: a unit's aims (IHI's "how much, by when"), each with a driver diagram:
-- primary and secondary drivers, the change ideas that act on them (each with a PICK place and a status), the
-- measures that show each driver moving (outcome, process, balancing), and the PDSA cycles that test an idea,
-- in order (its ramp). No column names a person: who did what is in the audit log.

CREATE TABLE aim (
	id ID_PK,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	statement TEXT NOT NULL,        -- "Reduce DNAs from 8% to 5% by March"
	measure_id BIGINT REFERENCES measure (id),  -- its outcome measure, one of the unit's; NULL: none yet
	target DOUBLE PRECISION,        -- on that measure; NULL: none
	due_on TEXT,                    -- YYYY-MM-DD; NULL: none
	status TEXT NOT NULL CHECK (status IN ('active', 'achieved', 'closed')),
	parent_id BIGINT REFERENCES aim (id),       -- a network's or region's aim this unit adopted; NULL: its own
	from_kind TEXT CHECK (from_kind IN ('priority', 'element')),  -- where it was started; NULL: from nothing
	from_round BIGINT REFERENCES round (id),    -- a priority's round (from_kind 'priority')
	from_instrument TEXT,           -- the element it was started from (a priority is one too)
	from_item TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE INDEX aim_unit ON aim (unit_id);
CREATE INDEX aim_parent ON aim (parent_id);

CREATE TABLE driver (
	id ID_PK,
	aim_id BIGINT NOT NULL REFERENCES aim (id),
	level TEXT NOT NULL CHECK (level IN ('primary', 'secondary')),
	text TEXT NOT NULL,
	position INTEGER NOT NULL       -- 1, 2, ... within the aim and level: the diagram's order
);

CREATE INDEX driver_aim ON driver (aim_id);

-- A secondary driver serves one primary driver or more, of the same aim (the domain sees to it).
CREATE TABLE driver_link (
	secondary_id BIGINT NOT NULL REFERENCES driver (id),
	primary_id BIGINT NOT NULL REFERENCES driver (id),
	strength TEXT NOT NULL CHECK (strength IN ('strong', 'weak')),
	PRIMARY KEY (secondary_id, primary_id)
);

CREATE TABLE change_idea (
	id ID_PK,
	aim_id BIGINT NOT NULL REFERENCES aim (id),
	text TEXT NOT NULL,
	pick TEXT NOT NULL CHECK (pick IN ('possible', 'implement', 'challenge', 'kill')),  -- effort x impact
	status TEXT NOT NULL CHECK (status IN ('idea', 'testing', 'adopted', 'abandoned', 'spread')),
	position INTEGER NOT NULL
);

CREATE INDEX change_idea_aim ON change_idea (aim_id);

-- The drivers (of its aim) an idea acts on.
CREATE TABLE idea_driver (
	idea_id BIGINT NOT NULL REFERENCES change_idea (id),
	driver_id BIGINT NOT NULL REFERENCES driver (id),
	PRIMARY KEY (idea_id, driver_id)
);

-- The unit's measures that show a driver moving, and what kind of measure each is for it.
CREATE TABLE driver_measure (
	driver_id BIGINT NOT NULL REFERENCES driver (id),
	measure_id BIGINT NOT NULL REFERENCES measure (id),
	kind TEXT NOT NULL CHECK (kind IN ('outcome', 'process', 'balancing')),
	PRIMARY KEY (driver_id, measure_id)
);

-- An idea's ramp: PDSA cycles (of the unit's actions) testing it, step 1, 2, 3... A cycle tests one idea.
CREATE TABLE idea_pdsa (
	idea_id BIGINT NOT NULL REFERENCES change_idea (id),
	step INTEGER NOT NULL,
	pdsa_id BIGINT NOT NULL UNIQUE REFERENCES pdsa (id),
	PRIMARY KEY (idea_id, step)
);

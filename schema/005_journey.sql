-- 005: what the journey and the regional grid need to be fast, and the opt-in for comparison.

-- A unit's admin may let its results be seen, anonymised, by people outside its own tree (for learning).
ALTER TABLE unit ADD COLUMN share_outside INTEGER NOT NULL DEFAULT 0;

-- Per closed round, its answers summed per element: the regional grid reads these instead of every answer.
-- Written the first time a closed round is summarised; removed when its answers change (an import).
CREATE TABLE round_summary (
	round_id BIGINT PRIMARY KEY REFERENCES round (id),
	respondents INTEGER NOT NULL,   -- submitted responses
	computed_at TEXT NOT NULL
);

CREATE TABLE round_item_summary (
	round_id BIGINT NOT NULL REFERENCES round (id),
	item_code TEXT NOT NULL,
	n INTEGER NOT NULL,             -- scores given (don't know excluded)
	total DOUBLE PRECISION NOT NULL, -- their sum
	total_sq DOUBLE PRECISION NOT NULL, -- the sum of their squares (for the variance)
	PRIMARY KEY (round_id, item_code)
);

CREATE INDEX round_instrument ON round (instrument_id, unit_id);

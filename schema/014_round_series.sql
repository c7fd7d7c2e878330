-- 014: rounds on a schedule. A series repeats a round every month or every quarter: on each opening date the
-- next round opens by itself with the latest round's instrument version, way of assessing, energy question,
-- length and emailed addresses (each invited afresh, with a new personal link). opened_n is the number of the
-- last round opened, taken in the transaction that opens it, so that one process opens it once.
CREATE TABLE round_series (
	id ID_PK,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	every_months INTEGER NOT NULL CHECK (every_months IN (1, 3)),
	title TEXT NOT NULL,             -- each later round is called this and its month ("Pulse, March 2027")
	anchor TEXT NOT NULL,            -- the first round's opening day: round n opens n periods after it
	opened_n INTEGER NOT NULL DEFAULT 0,
	stopped_at TEXT,                 -- NULL while it repeats
	created_by BIGINT REFERENCES app_user (id),
	created_at TEXT NOT NULL
);
ALTER TABLE round ADD COLUMN series_id BIGINT REFERENCES round_series (id);
ALTER TABLE round ADD COLUMN series_n INTEGER;
CREATE UNIQUE INDEX round_series_n ON round (series_id, series_n);

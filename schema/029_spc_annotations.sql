-- 029: what a team writes on its SPC charts. A free note on one period of a measure ("new rota from this
-- week"), drawn on the chart's axis and listed in its legend. A rebase point's reason is its measure_point.note,
-- which the domain now requires whenever rebase = 1 (older rebases without one are shown as "no reason given").
CREATE TABLE measure_note (
	id ID_PK,
	measure_id BIGINT NOT NULL REFERENCES measure (id),
	period TEXT NOT NULL,           -- the day it is about, YYYY-MM-DD (need not be a data point's period)
	body TEXT NOT NULL,             -- the note as written, at most 1000 characters
	created_by BIGINT REFERENCES app_user (id),
	created_at TEXT NOT NULL
);

CREATE INDEX measure_note_measure ON measure_note (measure_id, period);

-- 021: the regional grid reads one row per round. A closed round's per-element sums move from one row per
-- element (round_item_summary: 29 rows a round, 58,000 for a region of 2,000 homes) into one packed value on
-- its round_summary row (store/round_sums.h: each element's code, number of scores, sum and sum of squares).
-- The packing needs C: the upgrade fills sums from round_item_summary, then drops it, in this same
-- transaction (store/store.c, store_sums_upgrade), so an upgraded database shows the same grid. A round left
-- without sums is summed again from its answers the next time the grid needs it (domain/region.c).
ALTER TABLE round_summary ADD COLUMN sums BYTEA;

-- Each unit's rounds of an instrument, newest last, with every column the grid reads: one index, no table.
CREATE INDEX round_region ON round (instrument_id, unit_id, opens_on, id, closes_on, closed_at, mode,
	instrument_version, reopened_at);
DROP INDEX round_instrument;

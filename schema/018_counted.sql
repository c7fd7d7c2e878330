-- 018: figures move only in steps of the minimum. A submitted response joins a round's figures (results, grid,
-- journey, exports, reports) only once it is counted: while a round is open, the submitted responses waiting
-- to be counted are counted together once there are at least the region's minimum of them, so no two looks
-- at the figures differ by fewer answers than that (round.h round_count_pending).
-- counted: 1 once the response is in the figures; it never goes back to 0.
ALTER TABLE response ADD COLUMN counted INTEGER NOT NULL DEFAULT 0;
-- Every answer submitted before this version was shown as it came: counting it changes nothing shown.
UPDATE response SET counted = 1 WHERE submitted = 1;
-- reopened_at: when the round was first reopened (NULL: never). A closed round counts every answer unless it
-- was reopened: answers given after a reopen join the figures in steps of the minimum, also once it closes
-- again, so closing, reopening, adding one answer and closing again tells nobody that answer.
ALTER TABLE round ADD COLUMN reopened_at TEXT;

-- 032: a change idea remembers the day its status last changed (set at creation and at each change; NULL for
-- the ideas made before this migration, whose day nobody kept), so that the spread matrix says since when a
-- practice has tested or adopted it; and the action an idea's own PDSA cycles are kept under when they were
-- planned on the idea itself (one action per idea, made with its first such cycle, reused for the next; NULL:
-- none yet). Deleting an idea leaves that action and its cycles as they are.
ALTER TABLE change_idea ADD COLUMN status_on TEXT;
ALTER TABLE change_idea ADD COLUMN action_id BIGINT REFERENCES action (id);

-- 025: an action's owner may be a person with no account (most of a team have none): their name as typed,
-- kept in owner_plain while owner_id stays NULL. At most one of the two is set (the domain sees to it).
ALTER TABLE action ADD COLUMN owner_plain TEXT;

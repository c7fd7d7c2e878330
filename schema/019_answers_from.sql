-- 019: answers people can add themselves never lift a round over its minimum. A round takes answers from one
-- source only: online (invitation links) or imported (paper forms), never both, so that rows a facilitator
-- types in cannot be subtracted from the online ones to leave one person's answers. answers_from is taken by
-- the first online response started, or the first import, in its own transaction (NULL: no answers yet).
-- A shared link is for a team answering at once: headcount says how many people the round is for, and
-- shared_answers counts the responses submitted through its shared links; they take no more than headcount.
ALTER TABLE round ADD COLUMN answers_from TEXT CHECK (answers_from IN ('online', 'import'));
ALTER TABLE round ADD COLUMN headcount INTEGER CHECK (headcount BETWEEN 1 AND 10000); -- NULL: no shared link
ALTER TABLE round ADD COLUMN shared_answers INTEGER NOT NULL DEFAULT 0;
-- Rounds that have answers already: an online response is a draft (not submitted) or was saved before it was
-- submitted (revision 2 or more); an imported one is written submitted at revision 1. A round that mixed both
-- before this migration is counted online: it takes no further import.
UPDATE round SET answers_from = 'online' WHERE EXISTS (SELECT 1 FROM response p WHERE p.round_id = round.id
	AND (p.submitted = 0 OR p.revision <> 1));
UPDATE round SET answers_from = 'import' WHERE answers_from IS NULL AND EXISTS (SELECT 1 FROM response p
	WHERE p.round_id = round.id);

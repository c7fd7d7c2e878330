-- 013: a colleague invited to a 360 by mail: the address is kept with the invitation only to remind, never with
-- an answer, never shown beside whether it answered (the leader learns how many answered, never who).
ALTER TABLE feedback_invitation ADD COLUMN email TEXT;
ALTER TABLE feedback_invitation ADD COLUMN reminded_at BIGINT;

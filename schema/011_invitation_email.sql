-- 011: an invitation sent by mail keeps its address, only to remind: never with a response, never shown beside
-- whether it answered (every surface gives counts).
ALTER TABLE invitation ADD COLUMN email TEXT;
ALTER TABLE invitation ADD COLUMN reminded_at BIGINT;

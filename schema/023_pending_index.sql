-- 023: the responses waiting to be counted, found without reading the counted ones. Every submission counts
-- its round's waiting responses (round.h round_count_pending); with only the round's index that read every
-- response the round ever had, so each submission cost more than the one before. Waiting responses are few
-- (fewer than the region's minimum), so this index stays small whatever the round's size.
CREATE INDEX response_pending ON response (round_id) WHERE submitted = 1 AND counted = 0;

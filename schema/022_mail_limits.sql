-- 022: mail with limits and a record. A reminder re-sends each person's own link, so an emailed link keeps its
-- token sealed with the key file (link_sealed): the database alone opens no link, and the row is written once,
-- when the link is made, never when its person answers. A round and a 360 cycle keep when they were last
-- reminded (reminded_at, Unix seconds), so that reminders go at most once a day; the time says nothing of who
-- has answered. A message about a round or a cycle names it (about: 'round:ID', 'feedback:ID'), so that its
-- facilitator or owner can be told how many failed, never to whom; reminders name nothing (their rows go once
-- sent or given up, and a count of them would say how many have not answered).
ALTER TABLE invitation ADD COLUMN link_sealed TEXT;
ALTER TABLE feedback_invitation ADD COLUMN link_sealed TEXT;
ALTER TABLE round ADD COLUMN reminded_at BIGINT;
ALTER TABLE feedback_cycle ADD COLUMN reminded_at BIGINT;
ALTER TABLE outbox ADD COLUMN about TEXT;
CREATE INDEX outbox_about ON outbox (about, status);

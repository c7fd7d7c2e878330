-- 015: the daily digest of a person's actions due or overdue and plan goals due for review. A person may turn
-- it off; digest_sent_on is the last day one was queued, taken in the transaction that queues it (at most one
-- a day, whichever process gets there first).
ALTER TABLE app_user ADD COLUMN digest INTEGER NOT NULL DEFAULT 1;
ALTER TABLE app_user ADD COLUMN digest_sent_on TEXT;

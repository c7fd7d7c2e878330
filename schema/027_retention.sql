-- 027: retention. Each kind of personal data is kept for a stated time (domain/retention.h; the policy is in the
-- setting table, keys retention.*), then purged by a daily job. This records each purge, and what the purge needs
-- to keep what it must: when a person last signed in (plans are kept while the account is active), and a 360
-- cycle's report as computed, once its raw answers are deleted.

-- One row per purge that deleted (dry runs are not recorded): counts only, never what was deleted.
CREATE TABLE retention_run (
	id ID_PK,
	at TEXT NOT NULL,               -- when it ran, UTC ISO 8601
	as_of TEXT NOT NULL,            -- the day it purged as of, YYYY-MM-DD (later than at's with --as-of)
	by_whom TEXT NOT NULL,          -- 'schedule', 'command line', or the administrator's address
	addresses INTEGER NOT NULL,     -- invitations whose address, label and links were cleared
	messages INTEGER NOT NULL,      -- outbox rows deleted
	comments INTEGER NOT NULL,      -- free-text comments cleared
	answers INTEGER NOT NULL,       -- raw 360 answers deleted
	plans INTEGER NOT NULL,         -- plan goals deleted
	reviews INTEGER NOT NULL,       -- plan reviews deleted
	audit INTEGER NOT NULL          -- audit entries deleted
);

-- The last day the person signed in (YYYY-MM-DD): a plan is kept until N years after the later of this and the
-- account's disabling. Filled from the audit log's sign-ins, else the day the account was made.
ALTER TABLE app_user ADD COLUMN last_signin_on TEXT;
UPDATE app_user SET last_signin_on = coalesce((SELECT max(substr(a.at, 1, 10)) FROM audit_log a
	WHERE a.actor_id = app_user.id AND a.action = 'signin'), substr(created_at, 1, 10));

-- A closed 360 cycle's report as it was computed (JSON: domain/feedback_kept.c), written when its raw answers are
-- purged; the report is then read from here. NULL while the raw answers are there.
ALTER TABLE feedback_cycle ADD COLUMN report_kept TEXT;

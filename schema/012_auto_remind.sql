-- 012: reminders that go by themselves, 3 days before a round closes (stage 1) and on its last day (stage 2),
-- to the emailed invitations that have not answered. The stage a round has reached is kept so that each is sent
-- once, whichever server sends it.
ALTER TABLE round ADD COLUMN auto_reminded INTEGER NOT NULL DEFAULT 0;

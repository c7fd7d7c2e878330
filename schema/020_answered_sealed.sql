-- 020: the database file no longer says who has answered. Whether an emailed link has answered was a plain flag
-- (answered), and reminded_at was set only for those reminded: each told whoever copies the database which
-- invitee answered. Both go. Instead each emailed link keeps answer_ref, sealed with the key file's key: the
-- response key its link makes (written when the link is made, never changed when the person answers), so that
-- reminders, with the key file, go only to those who have not answered (domain/round.c, domain/feedback.c).
--
-- A link made before 020 has no response key to seal (its token is gone): it keeps its answered state as it
-- is now, copied here in clear ("legacy:1" / "legacy:0", one length) and sealed in C in this same transaction
-- (store/keys.c, store_refs_upgrade). Such a person who answers after the upgrade is still reminded (a reminder
-- says "if you have answered, thank you"): rewriting the seal on answering would make the row change when, and
-- only when, its person answers.
ALTER TABLE invitation ADD COLUMN answer_ref TEXT;
ALTER TABLE feedback_invitation ADD COLUMN answer_ref TEXT;
UPDATE invitation SET answer_ref = CASE WHEN answered <> 0 THEN 'legacy:1' ELSE 'legacy:0' END
	WHERE email IS NOT NULL AND kind = 'personal';
UPDATE feedback_invitation SET answer_ref = CASE WHEN answered <> 0 THEN 'legacy:1' ELSE 'legacy:0' END
	WHERE email IS NOT NULL;
ALTER TABLE invitation DROP COLUMN answered;
ALTER TABLE invitation DROP COLUMN reminded_at;
ALTER TABLE feedback_invitation DROP COLUMN answered;
ALTER TABLE feedback_invitation DROP COLUMN reminded_at;

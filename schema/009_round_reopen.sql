-- 009: a round closed early may be reopened until its closing date, unless its answers have been exported
-- one by one: comparing that export with a later one would pick out the answers given after reopening.
ALTER TABLE round ADD COLUMN responses_exported_at TEXT;

-- 010: the outbox. A message is queued in the same transaction as what caused it, and a background sender
-- delivers it through SMTP, retrying with backoff; a sender claims a batch with a lease (claimed_until and its
-- claim token), so that several caregrid processes on one database send each message once.

CREATE TABLE outbox (
	id ID_PK,
	kind TEXT NOT NULL,              -- 'password', 'invitation', 'reminder', ...
	recipient TEXT NOT NULL,
	masked INTEGER NOT NULL DEFAULT 0, -- survey-related: listings show the address masked
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT NOT NULL,
	message_key TEXT NOT NULL,       -- random: the Message-ID's left part, the same on every attempt
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	queued_at BIGINT NOT NULL,       -- Unix seconds
	next_try_at BIGINT NOT NULL,
	claimed_until BIGINT NOT NULL DEFAULT 0,
	claim_token TEXT,
	sent_at BIGINT,
	last_error TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_try_at);

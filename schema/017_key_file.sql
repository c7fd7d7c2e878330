-- 017: the secrets leave the database file. The key that makes respondent keys, 360 colleagues' keys, and seals
-- queued mail bodies and shared links lives in a key file beside the database (PATH.key, mode 0600) or named by
-- --key-file / CAREGRID_KEY_FILE. The rest of this upgrade needs that key and runs in C in the same transaction
-- (src/store/keys.c): setting 'form_secret' is moved into the key file and deleted; feedback_response's
-- respondent_key becomes the keyed hash of what it was (the hash of the colleague's link, which is also
-- feedback_invitation.token_hash); queued outbox bodies and invitation.shared_token are sealed; and setting
-- 'key_check' (a keyed hash of nothing) records which key file belongs to this database.
--
-- A body of a message sent or given up holds links that may still work (a password link: 7 days): emptied.
UPDATE outbox SET body_text = '', body_html = '' WHERE status <> 'queued';

/* test_keys.c - the key file kept outside the database (lib/secret.c, store/keys.c): made with mode 0600 and
 * never overwritten, refused when damaged or another database's, chosen by flag, then environment, then beside
 * the file; sealed text that opens with its key and purpose only; an older database's secret moved out with its
 * 360 keys rewritten; mail bodies sealed while queued and emptied once sent or failed; a reminder's recipient
 * sealed and its row deleted; and schema 020 sealing each emailed link's answered state, its flags dropped. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/mail.h"
#include "helpers.h"
#include "lib/secret.h"
#include "lib/xalloc.h"
#include "store/store.h"

static void
setup(void)
{
	temp_dir_setup();
	/* These tests name their files themselves: not the one the PostgreSQL runs share. */
	unsetenv("CAREGRID_KEY_FILE");
	store_key_file_set(NULL);
}

static void
teardown(void)
{
	store_key_file_set(NULL);
	temp_dir_teardown();
}

TestSuite(keys, .init = setup, .fini = teardown);

static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
	sqlite3_close(db);
}

Test(keys, a_key_file_is_made_readable_by_its_owner_only_and_never_overwritten)
{
	char *path = xasprintf("%s/k.key", test_dir);
	unsigned char key[SECRET_BYTES], other[SECRET_BYTES], back[SECRET_BYTES];
	struct error err;
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	cr_assert_eq(secret_file_create(path, key, &err), 1, "%s", err.msg);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "mode %o", (unsigned)(st.st_mode & 0777));
	cr_expect_eq(st.st_size, 65);
	cr_expect_eq(secret_file_create(path, other, &err), 0, "an existing key file was not kept");
	cr_assert_eq(secret_file_read(path, back, &err), 1, "%s", err.msg);
	cr_expect_eq(memcmp(back, key, sizeof key), 0, "the key read back differs");
	char *missing = xasprintf("%s/none.key", test_dir);
	cr_expect_eq(secret_file_read(missing, back, &err), 0);
	free(missing);
	free(path);
}

Test(keys, a_key_file_of_the_wrong_size_or_not_hex_is_refused)
{
	unsigned char key[SECRET_BYTES];
	struct error err;
	const char *bad[] = {"abc\n", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00\n",
			     "zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *path = write_file(test_dir, "bad.key", bad[i]);
		chmod(path, 0600);
		cr_expect_eq(secret_file_read(path, key, &err), -1, "\"%s\" accepted", bad[i]);
		cr_expect(strstr(err.msg, "is damaged: it must hold 64 hex digits") != NULL, "%s", err.msg);
		free(path);
	}
	char *path =
		write_file(test_dir, "good.key", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	chmod(path, 0600);
	cr_expect_eq(secret_file_read(path, key, &err), 1, "%s", err.msg);
	free(path);
}

Test(keys, a_key_file_others_may_read_is_refused)
{
	unsigned char key[SECRET_BYTES];
	struct error err;
	char *path =
		write_file(test_dir, "open.key", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
	chmod(path, 0644);
	cr_expect_eq(secret_file_read(path, key, &err), -1, "a key file readable by all was used");
	cr_expect(strstr(err.msg, "can be read by others than its owner (mode 644): make it private with chmod 600") !=
			  NULL,
		  "%s", err.msg);
	free(path);
}

Test(keys, sealed_text_opens_with_its_key_and_purpose_only)
{
	unsigned char key[SECRET_BYTES], other[SECRET_BYTES];
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	const char *plain = "Your link: http://example.org/s/AbCdEf ŵ";
	char *a = secret_seal(key, "mail", plain), *b = secret_seal(key, "mail", plain), *out = NULL;
	struct error err;
	cr_expect(secret_is_sealed(a));
	cr_expect_null(strstr(a, "example.org"), "the text is readable: %s", a);
	cr_expect_neq(strcmp(a, b), 0, "the same text sealed twice reads the same");
	cr_assert_eq(secret_open(key, "mail", a, &out, &err), 0, "%s", err.msg);
	cr_expect_str_eq(out, plain);
	free(out);
	cr_expect_eq(secret_open(other, "mail", a, &out, &err), -1, "opened with another key");
	cr_expect_eq(secret_open(key, "shared-link", a, &out, &err), -1, "opened for another purpose");
	a[10] = a[10] == 'A' ? 'B' : 'A';
	cr_expect_eq(secret_open(key, "mail", a, &out, &err), -1, "an altered text opened");
	cr_expect_eq(secret_open(key, "mail", "plain text", &out, &err), -1);
	free(a);
	free(b);
	char h1[65], h2[65];
	secret_hash_hex(key, "respondent", "tok", h1);
	secret_hash_hex(key, "colleague", "tok", h2);
	cr_expect_neq(strcmp(h1, h2), 0, "two purposes give the same hash");
}

Test(keys, the_flag_wins_over_the_environment_which_wins_over_the_file_beside_the_database)
{
	struct error err;
	char *p = store_key_file_path("/srv/cg.db", &err);
	cr_expect_str_eq(p, "/srv/cg.db.key");
	free(p);
	p = store_key_file_path("sqlite:/srv/cg.db", &err);
	cr_expect_str_eq(p, "/srv/cg.db.key");
	free(p);
	cr_expect_null(store_key_file_path("postgresql://h/db", &err), "PostgreSQL has no default key file");
	cr_expect(strstr(err.msg, "pass --key-file PATH or set CAREGRID_KEY_FILE") != NULL, "%s", err.msg);
	setenv("CAREGRID_KEY_FILE", "/env/k.key", 1);
	p = store_key_file_path("/srv/cg.db", &err);
	cr_expect_str_eq(p, "/env/k.key");
	free(p);
	store_key_file_set("/flag/k.key");
	p = store_key_file_path("postgresql://h/db", &err);
	cr_expect_str_eq(p, "/flag/k.key");
	free(p);
}

Test(keys, a_new_database_gets_its_key_file_and_is_refused_without_it_or_with_another)
{
	char *path = xasprintf("%s/a.db", test_dir), *key = xasprintf("%s/a.db.key", test_dir);
	char *other = xasprintf("%s/b.db", test_dir), *moved = xasprintf("%s/moved.key", test_dir);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	store_close(s);
	struct stat st;
	cr_assert_eq(stat(key, &st), 0, "no key file beside the new database");
	cr_expect_eq(st.st_mode & 0777, 0600);
	cr_assert_eq(store_open(&s, other, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	store_close(s);

	cr_assert_eq(rename(key, moved), 0);
	cr_expect_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), -1, "opened without its key file");
	cr_expect(strstr(err.msg, "the key file is missing: looked for") && strstr(err.msg, key) &&
		  strstr(err.msg, "not in backups"), "%s", err.msg);
	store_key_file_set(moved);
	cr_expect_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), 0, "%s", err.msg);
	store_close(s);
	char *b_key = xasprintf("%s.key", other);
	store_key_file_set(b_key);
	cr_expect_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), -1, "opened with another database's key file");
	cr_expect(strstr(err.msg, "does not belong to this database") != NULL, "%s", err.msg);
	free(b_key);
	free(path);
	free(key);
	free(other);
	free(moved);
}

Test(keys, an_older_database_moves_its_secret_out_and_rekeys_its_360_answers)
{
	char *path = xasprintf("%s/old.db", test_dir), *key = xasprintf("%s/old.db.key", test_dir);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open_at(&s, path, STORE_OPEN_CREATE, 16, &err), 0, "%s", err.msg);
	store_close(s);
	cr_expect_neq(access(key, F_OK), 0, "a schema 16 database has no key file");
	const char *secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	char *sql = xasprintf(
		"INSERT INTO setting (key, value) VALUES ('form_secret', '%s');"
		"INSERT INTO feedback_response (cycle_id, respondent_key, relationship, submitted_on) VALUES (1, "
		"'h360', 'peer', '2026-01-01'),"
		" (1, 'self:1', 'self', '2026-01-01');"
		"INSERT INTO invitation (round_id, token_hash, kind, shared_token, created_at) VALUES (1, 'hs', "
		"'shared', 'SHAREDTOKEN', 'x');"
		"INSERT INTO outbox (kind, recipient, subject, body_text, body_html, message_key, status, queued_at, "
		"next_try_at) VALUES"
		" ('password', 'a@example.org', 'S', 'queued /password/Q', '<p>q</p>', 'k1', 'queued', 0, 0),"
		" ('password', 'a@example.org', 'S', 'sent /password/T', '<p>t</p>', 'k2', 'sent', 0, 0);",
		secret);
	sql_exec(path, sql);
	free(sql);

	cr_assert_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), 0, "%s", err.msg);
	char *text = read_whole_file(key, NULL);
	cr_assert_not_null(text, "the key file was not made");
	cr_expect_eq(strncmp(text, secret, 64), 0, "the key file does not hold the old secret: %s", text);
	free(text);
	cr_expect_null(test_db_scalar(path, "SELECT value FROM setting WHERE key = 'form_secret'"),
		       "the secret stayed");
	unsigned char k[SECRET_BYTES];
	sodium_hex2bin(k, sizeof k, secret, 64, NULL, NULL, NULL);
	char want[65];
	secret_hash_hex(k, KEY_PURPOSE_COLLEAGUE, "h360", want);
	char *got = test_db_scalar(path, "SELECT respondent_key FROM feedback_response WHERE relationship = 'peer'");
	cr_expect_str_eq(got, want, "the 360 key is not keyed(old key)");
	free(got);
	got = test_db_scalar(path, "SELECT respondent_key FROM feedback_response WHERE relationship = 'self'");
	cr_expect_str_eq(got, "self:1", "the owner's own answer's key changed");
	free(got);
	got = test_db_scalar(path, "SELECT shared_token FROM invitation");
	char *plain = NULL;
	cr_assert_eq(store_unseal(s, KEY_PURPOSE_SHARED_LINK, got, &plain, &err), 0, "%s: %s", got, err.msg);
	cr_expect_str_eq(plain, "SHAREDTOKEN");
	free(plain);
	free(got);
	got = test_db_scalar(path, "SELECT body_text FROM outbox WHERE status = 'queued'");
	cr_assert_eq(store_unseal(s, KEY_PURPOSE_MAIL, got, &plain, &err), 0, "%s: %s", got, err.msg);
	cr_expect_str_eq(plain, "queued /password/Q");
	free(plain);
	free(got);
	got = test_db_scalar(path, "SELECT body_text || body_html FROM outbox WHERE status = 'sent'");
	cr_expect_str_eq(got, "", "a sent body was kept");
	free(got);
	store_close(s);
	free(path);
	free(key);
}

/* Queues one message and returns its raw stored body. */
static char *
queue_one(struct store *s, const char *where)
{
	struct error err;
	const struct mail m = {"password", "a@example.org", "Set a password", "Your link: /password/SECRETLINK",
			       "<a href=\"/password/SECRETLINK\">set it</a>", false, NULL};
	cr_assert_eq(mail_queue(s, &m, &err), 0, "%s", err.msg);
	return test_db_scalar(where, "SELECT body_text || body_html FROM outbox ORDER BY id DESC LIMIT 1");
}

Test(keys, a_queued_body_is_sealed_and_emptied_once_sent_or_failed)
{
	char *where = test_db_where("outbox.db");
	char *pg_key = xasprintf("%s/pg.key", test_dir);
	if (strncmp(where, "postgresql:", 11) == 0)
		store_key_file_set(pg_key);
	free(pg_key);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	for (int failed = 0; failed <= 1; failed++) {
		char *raw = queue_one(s, where);
		cr_expect_null(strstr(raw, "SECRETLINK"), "the queued body is readable: %s", raw);
		cr_expect_eq(strncmp(raw, "s1:", 3), 0, "%s", raw);
		free(raw);
		struct mail_message *v;
		size_t n;
		cr_assert_eq(mail_claim(s, time(NULL), 60, 20, &v, &n, &err), 0, "%s", err.msg);
		cr_assert_eq(n, 1);
		cr_expect_str_eq(v[0].text, "Your link: /password/SECRETLINK");
		cr_expect(strstr(v[0].html, "SECRETLINK") != NULL);
		cr_assert_eq(failed ? mail_mark_failed(s, v[0].id, "refused", &err)
				    : mail_mark_sent(s, v[0].id, time(NULL), &err),
			     0, "%s", err.msg);
		mail_messages_free(v, n);
		raw = test_db_scalar(where, "SELECT body_text || body_html FROM outbox ORDER BY id DESC LIMIT 1");
		cr_expect_str_eq(raw, "", "the body of a message %s was kept", failed ? "given up" : "sent");
		free(raw);
	}
	char *why = test_db_scalar(where, "SELECT status || ': ' || last_error FROM outbox WHERE status = 'failed'");
	cr_expect_str_eq(why, "failed: refused", "a failed message lost its status or reason");
	free(why);
	store_close(s);
	free(where);
}

Test(keys, a_body_in_clear_from_an_older_server_is_sent_as_it_is_and_emptied)
{
	char *where = test_db_where("clear.db");
	char *pg_key = xasprintf("%s/pg.key", test_dir);
	if (strncmp(where, "postgresql:", 11) == 0)
		store_key_file_set(pg_key);
	free(pg_key);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	free(test_db_scalar(
		where,
		"INSERT INTO outbox (kind, recipient, subject, body_text, body_html, message_key, queued_at, "
		"next_try_at) VALUES ('password', 'a@example.org', 'S', 'in clear', '<p>in clear</p>', 'k', 0, 0) "
		"RETURNING id"));
	struct mail_message *v;
	size_t n;
	cr_assert_eq(mail_claim(s, time(NULL), 60, 20, &v, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1, "a body in clear was not handed to the sender");
	cr_expect_str_eq(v[0].text, "in clear");
	cr_assert_eq(mail_mark_sent(s, v[0].id, time(NULL), &err), 0, "%s", err.msg);
	mail_messages_free(v, n);
	char *raw = test_db_scalar(where, "SELECT body_text || body_html FROM outbox");
	cr_expect_str_eq(raw, "");
	free(raw);
	store_close(s);
	free(where);
}

Test(keys, a_schema_19_database_keeps_whether_each_emailed_link_answered_only_sealed)
{
	char *path = xasprintf("%s/flags.db", test_dir);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open_at(&s, path, STORE_OPEN_CREATE, 19, &err), 0, "%s", err.msg);
	store_close(s);
	sql_exec(
		path,
		"INSERT INTO invitation (round_id, token_hash, kind, created_at, email, answered, reminded_at) VALUES"
		" (1, 'ha', 'personal', 'x', 'ann@example.org', 1, NULL), (1, 'hb', 'personal', 'x', "
		"'bob@example.org', 0, 5),"
		" (1, 'hc', 'personal', 'x', NULL, 1, NULL);"
		"INSERT INTO feedback_invitation (cycle_id, token_hash, created_at, email, answered, reminded_at) "
		"VALUES"
		" (1, 'fa', 'x', 'gus@example.org', 1, NULL), (1, 'fb', 'x', 'hal@example.org', 0, 5);");

	cr_assert_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), 0, "%s", err.msg);
	char *n = test_db_scalar(
		path, "SELECT count(*) FROM pragma_table_info('invitation') WHERE name IN ('answered', 'reminded_at')");
	cr_expect_str_eq(n, "0", "invitation still says who answered or was reminded");
	free(n);
	n = test_db_scalar(
		path,
		"SELECT count(*) FROM pragma_table_info('feedback_invitation') WHERE name IN ('answered', "
		"'reminded_at')");
	cr_expect_str_eq(n, "0", "feedback_invitation still says who answered or was reminded");
	free(n);
	n = test_db_scalar(path, "SELECT count(*) FROM invitation WHERE email IS NULL AND answer_ref IS NULL");
	cr_expect_str_eq(n, "1", "a link not sent by mail has no reference");
	free(n);
	const char *cases[][2] = {{"SELECT answer_ref FROM invitation WHERE token_hash = 'ha'", "legacy:1"},
				  {"SELECT answer_ref FROM invitation WHERE token_hash = 'hb'", "legacy:0"},
				  {"SELECT answer_ref FROM feedback_invitation WHERE token_hash = 'fa'", "legacy:1"},
				  {"SELECT answer_ref FROM feedback_invitation WHERE token_hash = 'fb'", "legacy:0"}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = test_db_scalar(path, cases[i][0]), *plain = NULL;
		cr_assert_not_null(got, "%s: no reference", cases[i][0]);
		cr_expect_eq(strncmp(got, "s1:", 3), 0, "%s: not sealed: %s", cases[i][0], got);
		cr_assert_eq(store_unseal(s, KEY_PURPOSE_ANSWER_REF, got, &plain, &err), 0, "%s", err.msg);
		cr_expect_str_eq(plain, cases[i][1], "%s", cases[i][0]);
		free(plain);
		free(got);
	}
	store_close(s);
	free(path);
}

Test(keys, a_reminders_recipient_is_sealed_while_queued_and_its_row_deleted_once_sent_or_failed)
{
	char *where = test_db_where("reminder.db");
	char *pg_key = xasprintf("%s/pg.key", test_dir);
	if (strncmp(where, "postgresql:", 11) == 0)
		store_key_file_set(pg_key);
	free(pg_key);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	for (int failed = 0; failed <= 1; failed++) {
		const struct mail m = {"reminder",      "bob@example.org",      "Reminder: X closes",
				       "Please answer", "<p>Please answer</p>", true, NULL};
		cr_assert_eq(mail_queue(s, &m, &err), 0, "%s", err.msg);
		char *raw = test_db_scalar(where, "SELECT recipient FROM outbox WHERE kind = 'reminder'");
		cr_expect_eq(strncmp(raw, "s1:", 3), 0, "a queued reminder's recipient is in clear: %s", raw);
		free(raw);
		struct mail_message *v;
		size_t n;
		cr_assert_eq(mail_claim(s, time(NULL), 60, 20, &v, &n, &err), 0, "%s", err.msg);
		cr_assert_eq(n, 1);
		cr_expect_str_eq(v[0].to, "bob@example.org", "the sender does not get the address");
		cr_assert_eq(failed ? mail_mark_failed(s, v[0].id, "refused", &err)
				    : mail_mark_sent(s, v[0].id, time(NULL), &err),
			     0, "%s", err.msg);
		mail_messages_free(v, n);
		char *left = test_db_scalar(where, "SELECT count(*) FROM outbox");
		cr_expect_str_eq(left, "0", "a reminder %s was kept", failed ? "given up" : "sent");
		free(left);
	}
	store_close(s);
	free(where);
}

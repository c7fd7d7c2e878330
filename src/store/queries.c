/* queries.c - the text of every statement (see queries.h). Values are always bound, never formatted in. */
#include "store/queries.h"

#include <string.h>

/* Whole rows, each list decoded in one place, in its order: UNIT_COLUMNS by unit_row (domain/unit.c),
 * ROUND_COLUMNS by round_decode (domain/round.c), ACTION_COLUMNS by action_row and MEASURE_COLUMNS by
 * measure_row (domain/improve.c), USER_COLUMNS by user_from_row (domain/auth.c). */
#define UNIT_COLUMNS "id, code, name, type, parent_id, list_size, counted_on, archived_at, share_outside, ods_code"
#define ROUND_COLUMNS                                                                                                  \
	"id, unit_id, instrument_id, instrument_version, title, mode, energy, opens_on, closes_on, closed_at, "        \
	"responses_exported_at, series_id, series_n, language, bilingual, reopened_at, answers_from, headcount, " \
	"shared_answers"
#define ACTION_COLUMNS                                                                                                 \
	"a.id, a.unit_id, a.title, a.description, a.owner_id, u.email, coalesce(u.name, a.owner_plain), a.due_on, "    \
	"a.status, a.round_id"
#define AIM_COLUMNS                                                                                                    \
	"id, unit_id, statement, measure_id, target, due_on, status, parent_id, from_kind, from_round, "  \
	"from_instrument, from_item"
#define MEASURE_COLUMNS "id, unit_id, name, definition, category, direction, unit_label, target, baseline"
#define USER_COLUMNS "id, email, name, password_hash, is_admin, disabled_at, language"
/* Decoded by provider_row and rule_row (domain/sso_config.c). */
#define SSO_PROVIDER_COLUMNS                                                                                           \
	"id, name, label, preset, issuer, tenants, client_id, client_auth, secret_file, scopes, algs, acr_min, "       \
	"userinfo, trust_verified_email, enabled"
#define SSO_RULE_COLUMNS "id, provider_id, kind, claim, value, unit_id, role, with_children"

#define GUARD_SESSION_SQL                                                                                              \
	"SELECT u.is_admin FROM user_session s JOIN app_user u ON u.id = s.user_id "                                   \
	"WHERE s.token_hash = $1 AND s.user_id = $2 AND s.expires_at > $3 AND s.last_seen_at > $4 AND u.disabled_at " \
	"IS " \
	"NULL"
#define GUARD_ROLE_SQL \
	"WITH RECURSIVE up (id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM unit WHERE id = $1 " \
	"UNION ALL SELECT t.id, t.parent_id, up.depth + 1 FROM unit t JOIN up ON t.id = up.parent_id WHERE up.depth " \
	"< 64) " \
	"SELECT r.unit_id FROM unit_role r JOIN up ON up.id = r.unit_id WHERE r.user_id = $2 " \
	"AND CASE r.role WHEN 'admin' THEN 3 WHEN 'facilitator' THEN 2 WHEN 'viewer' THEN 1 ELSE 0 END >= $3 " \
	"AND ($4 = 0 OR up.parent_id IS NULL) LIMIT 1"
#define POP_SUBTREE_SQL \
	"WITH RECURSIVE sub (id, depth) AS (SELECT id, 0 FROM unit WHERE id = $1 " \
	"UNION ALL SELECT u.id, sub.depth + 1 FROM unit u JOIN sub ON u.parent_id = sub.id WHERE sub.depth < 64) "
/* The region's smallest group size over the round whose id is the SQL expression ROUND (NULL rows: none set). */
#define ROUND_MIN_GROUP_OF_SQL(ROUND) \
	"WITH RECURSIVE up (id, parent_id, min_group_size) AS (SELECT u.id, u.parent_id, u.min_group_size " \
	"FROM unit u JOIN round r ON r.unit_id = u.id WHERE r.id = " ROUND " UNION ALL " \
	"SELECT u.id, u.parent_id, u.min_group_size FROM unit u JOIN up ON u.id = up.parent_id) " \
	"SELECT min_group_size FROM up WHERE parent_id IS NULL AND min_group_size IS NOT NULL"
#define ROUND_MIN_GROUP_SQL ROUND_MIN_GROUP_OF_SQL("$1")
/* The response of round $1 and respondent key $2, still open to change. */
#define RESPONSE_OPEN_SQL "SELECT id FROM response WHERE round_id = $1 AND respondent_key = $2 AND counted = 0"

/* The rounds the regional grid may show (region.c): closed survey rounds of instrument $1 opened by day $2 ("closed"
 * as round_status says it). */
#define REGION_ROUNDS_SQL                                                                                              \
	"r.instrument_id = $1 AND r.opens_on <= $2 AND r.mode <> 'consensus' "                                         \
	"AND (r.closed_at IS NOT NULL OR r.closes_on < $2)"

/* Retention (domain/retention.c). The day a round closed: the day it was closed early, else its last day. The
 * rounds closed on or before day P; ..._ADDR also leaves out the latest round of a series that still repeats, whose
 * emailed addresses invite the next round (domain/schedule.c). 360 cycles closed on or before day P. */
#define RET_ROUND_CLOSED(P) "SELECT r.id FROM round r WHERE coalesce(substr(r.closed_at, 1, 10), r.closes_on) <= " P
#define RET_ROUND_ADDR(P)                                                                                              \
	RET_ROUND_CLOSED(P)                                                                                            \
	" AND NOT EXISTS (SELECT 1 FROM round_series rs WHERE rs.id = r.series_id "                                    \
	"AND rs.stopped_at IS NULL AND r.series_n = (SELECT max(x.series_n) FROM round x "                             \
	"WHERE x.series_id = rs.id))"
#define RET_CYCLE_CLOSED(P)                                                                                            \
	"SELECT c.id FROM feedback_cycle c WHERE c.closed_at IS NOT NULL AND substr(c.closed_at, 1, 10) <= " P
#define RET_INV_LIVE                                                                                                   \
	"(email IS NOT NULL OR label IS NOT NULL OR link_sealed IS NOT NULL OR answer_ref IS NOT NULL "               \
	"OR shared_token IS NOT NULL) AND round_id IN (" RET_ROUND_ADDR("$1") ")"
#define RET_FB_INV_LIVE                                                                                                \
	"(email IS NOT NULL OR label IS NOT NULL OR link_sealed IS NOT NULL OR answer_ref IS NOT NULL) "              \
	"AND cycle_id IN (" RET_CYCLE_CLOSED("$1") ")"
/* The outbox rows about those rounds (mail_about: 'round:ID') and cycles ('feedback:ID'). */
#define RET_MAIL                                                                                                       \
	"about IN (SELECT 'round:' || CAST(r.id AS TEXT) FROM round r WHERE r.id IN (" RET_ROUND_ADDR("$1") ")) "    \
	"OR about IN (SELECT 'feedback:' || CAST(c.id AS TEXT) FROM feedback_cycle c WHERE c.id IN ("             \
	RET_CYCLE_CLOSED("$1") "))"
#define RET_COMMENT "comment IS NOT NULL AND response_id IN (SELECT p.id FROM response p WHERE p.round_id IN (" \
	RET_ROUND_CLOSED("$1") "))"
#define RET_NOTE "note IS NOT NULL AND round_id IN (" RET_ROUND_CLOSED("$1") ")"
#define RET_WORDS(COL) COL " IS NOT NULL AND cycle_id IN (" RET_CYCLE_CLOSED("$1") ")"
/* People last active (made, signed in, disabled: the latest of the three) on or before day $1. */
#define RET_GONE_USERS                                                                                                 \
	"SELECT u.id FROM app_user u WHERE substr(u.created_at, 1, 10) <= $1 "                                         \
	"AND coalesce(u.last_signin_on, '') <= $1 AND coalesce(substr(u.disabled_at, 1, 10), '') <= $1"
/* A person's address ($1) or name ($2) on an invitation: the address goes with the link it would re-send and
 * the seal it keeps to remind (erasure.c says why), a label that is either goes. */
#define ERASE_INVITED_SQL                                                                                              \
	"email = CASE WHEN lower(email) = $1 THEN NULL ELSE email END, "                                               \
	"answer_ref = CASE WHEN lower(email) = $1 THEN NULL ELSE answer_ref END, "                                     \
	"link_sealed = CASE WHEN lower(email) = $1 THEN NULL ELSE link_sealed END, "                                   \
	"label = CASE WHEN lower(label) = $1 OR (label <> '' AND lower(label) = lower($2)) THEN NULL ELSE label END " \
	"WHERE lower(email) = $1 OR lower(label) = $1 OR (label <> '' AND lower(label) = lower($2))"

const char *const query_sql[Q_COUNT] = {
	[Q_SCHEMA_VERSION] = "SELECT coalesce(max(version), 0) FROM schema_migrations",
	[Q_SCHEMA_RECORD] = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
	[Q_INSTRUMENT_PUT] =
		"INSERT INTO instrument_version (instrument_id, version, title, definition, hash, origin, added_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (instrument_id, version) DO NOTHING",
	[Q_INSTRUMENT_EACH] = "SELECT instrument_id, version, definition, hash FROM instrument_version "
			      "ORDER BY instrument_id, version",

	[Q_UNIT_TYPES] = "SELECT code, name, tier FROM unit_type ORDER BY tier, name",
	[Q_UNIT_ID_BY_CODE] = "SELECT id FROM unit WHERE code = $1",
	[Q_UNIT_ADD] = "INSERT INTO unit (code, name, type, parent_id, list_size, counted_on, created_at) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	[Q_UNIT_COUNT] = "SELECT count(*) FROM unit",
	[Q_UNITS_ALL] = "SELECT " UNIT_COLUMNS " FROM unit ORDER BY name, code",
	[Q_UNIT_RENAME] = "UPDATE unit SET name = $2 WHERE id = $1",
	[Q_UNIT_MOVE] = "UPDATE unit SET parent_id = $2 WHERE id = $1",
	[Q_UNIT_ARCHIVE] = "UPDATE unit SET archived_at = $2 WHERE id = $1 AND archived_at IS NULL",
	[Q_UNIT_SET_LIST_SIZE] = "UPDATE unit SET list_size = $2, counted_on = $3 WHERE id = $1",

	[Q_USER_ADD] = "INSERT INTO app_user (email, name, password_hash, is_admin, created_at) "
		       "VALUES ($1, $2, $3, $4, $5) RETURNING id",
	[Q_USER_BY_EMAIL] = "SELECT " USER_COLUMNS " FROM app_user WHERE email = $1",
	[Q_USER_BY_ID] = "SELECT " USER_COLUMNS " FROM app_user WHERE id = $1",
	[Q_USER_SET_PASSWORD] = "UPDATE app_user SET password_hash = $2 WHERE id = $1",
	[Q_USERS_ALL] = "SELECT " USER_COLUMNS " FROM app_user ORDER BY email",
	[Q_USER_COUNT] = "SELECT count(*) FROM app_user",
	[Q_ROLE_SET] =
		"INSERT INTO unit_role (user_id, unit_id, role, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5) "
		"ON CONFLICT (user_id, unit_id) DO UPDATE SET role = excluded.role, "
		"granted_by = excluded.granted_by, granted_at = excluded.granted_at, source = 'hand'",
	[Q_ROLE_DELETE] = "DELETE FROM unit_role WHERE user_id = $1 AND unit_id = $2",
	[Q_ROLES_OF_USER] = "SELECT unit_id, role FROM unit_role WHERE user_id = $1",
	[Q_ROLES_ALL] = "SELECT r.unit_id, r.role, u.id, u.email, u.name, r.source FROM unit_role r "
			"JOIN app_user u ON u.id = r.user_id ORDER BY u.email",

	[Q_SESSION_ADD] = "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, "
			  "expires_at, address) VALUES ($1, $2, $3, $4, $4, $5, $6)",
	/* The session with its person: one round trip for every signed-in request. */
	[Q_SESSION_GET] =
		"SELECT s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, u.email, u.name, u.password_hash, "
		"u.is_admin, u.disabled_at, u.language FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE "
		"s.token_hash = $1",
	[Q_SESSION_TOUCH] = "UPDATE user_session SET last_seen_at = $2 WHERE token_hash = $1",
	[Q_SESSION_DELETE] = "DELETE FROM user_session WHERE token_hash = $1",
	[Q_SESSIONS_DELETE_USER] = "DELETE FROM user_session WHERE user_id = $1",
	[Q_SESSIONS_PURGE] = "DELETE FROM user_session WHERE expires_at <= $1 OR last_seen_at <= $2",
	[Q_PWTOKEN_ADD] = "INSERT INTO password_token (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
	/* A forgotten password: the same statement whether or not $2 is an account's address (no oracle). */
	[Q_PWTOKEN_ADD_IF_ACCOUNT] = "INSERT INTO password_token (token_hash, user_id, expires_at) "
				     "SELECT $1, id, $3 FROM app_user WHERE email = $2 AND disabled_at IS NULL",
	[Q_PWTOKEN_GET] = "SELECT user_id FROM password_token WHERE token_hash = $1 AND expires_at > $2",
	[Q_PWTOKEN_DELETE] = "DELETE FROM password_token WHERE token_hash = $1",
	[Q_PWTOKENS_DELETE_USER] = "DELETE FROM password_token WHERE user_id = $1",
	[Q_THROTTLE_GET] = "SELECT failures, last_failure_at, locked_until FROM signin_throttle WHERE key = $1",
	[Q_THROTTLE_PUT] = "INSERT INTO signin_throttle (key, failures, last_failure_at, locked_until) "
			   "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
			   "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
	[Q_THROTTLE_CLEAR] = "DELETE FROM signin_throttle WHERE key = $1",
	/* $1 token hash, $2 person, $3 now, $4 now less the idle time; the row gives is_admin. */
	[Q_GUARD_SESSION] = GUARD_SESSION_SQL,
	/* $1 unit, $2 person, $3 the least role's rank, $4 1: on the top of the unit's tree only. The walk up is
	 * bounded, so a tree that loops (never made by caregrid) cannot stop it. */
	[Q_GUARD_ROLE] = GUARD_ROLE_SQL,

	/* Single sign-on (domain/sso.c). A pending sign-in is taken once: the DELETE that finds it spends it. */
	[Q_SSO_PENDING_ADD] =
		"INSERT INTO sso_pending (state_hash, provider_id, nonce, code_verifier_sealed, return_to, "
		"test, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	[Q_SSO_PENDING_TAKE] = "DELETE FROM sso_pending WHERE state_hash = $1 "
			       "RETURNING provider_id, nonce, code_verifier_sealed, return_to, test, expires_at",
	[Q_SSO_PENDING_PURGE] = "DELETE FROM sso_pending WHERE expires_at <= $1",
	[Q_IDENTITY_GET] = "SELECT id, user_id FROM user_identity WHERE issuer = $1 AND subject = $2",
	[Q_IDENTITY_ADD] = "INSERT INTO user_identity (provider_id, issuer, subject, user_id, name, email, "
			   "email_verified, created_at, last_signin_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
	[Q_IDENTITY_SEEN] = "UPDATE user_identity SET provider_id = $2, name = $3, email = $4, email_verified = $5, "
			    "last_signin_at = $6 WHERE id = $1",
	[Q_ROLES_OF_USER_SOURCED] = "SELECT unit_id, role, source FROM unit_role WHERE user_id = $1 ORDER BY unit_id",
	/* A provider's role never replaces one given by hand: the upsert changes only a provider's row. */
	[Q_ROLE_SET_PROVIDER] = "INSERT INTO unit_role (user_id, unit_id, role, granted_by, granted_at, source) "
				"VALUES ($1, $2, $3, NULL, $4, 'provider') ON CONFLICT (user_id, unit_id) DO UPDATE "
				"SET role = excluded.role, granted_at = excluded.granted_at "
				"WHERE unit_role.source = 'provider'",
	[Q_ROLE_DELETE_PROVIDER] = "DELETE FROM unit_role WHERE user_id = $1 AND unit_id = $2 AND source = 'provider'",
	[Q_SESSION_SSO_SET] = "UPDATE user_session SET provider_id = $2, sso_sid = $3, sso_subject = $4, "
			      "id_token_sealed = $5 WHERE token_hash = $1",
	[Q_SESSION_SSO_GET] = "SELECT provider_id, id_token_sealed FROM user_session WHERE token_hash = $1 "
			      "AND provider_id IS NOT NULL",
	/* A logout token's jti, once: 0 rows written when it was used before. */
	[Q_SSO_JTI_ADD] = "INSERT INTO sso_logout_jti (provider_id, jti, expires_at) VALUES ($1, $2, $3) "
			  "ON CONFLICT (provider_id, jti) DO NOTHING",
	[Q_SSO_JTI_PURGE] = "DELETE FROM sso_logout_jti WHERE expires_at <= $1",
	[Q_SESSIONS_END_SSO_SID] = "DELETE FROM user_session WHERE provider_id = $1 AND sso_sid = $2",
	[Q_SESSIONS_END_SSO_SUBJECT] = "DELETE FROM user_session WHERE provider_id = $1 AND sso_subject = $2",

	[Q_STAFF_GROUPS] = "SELECT id, code, name FROM staff_group WHERE region_id = $1 ORDER BY position, id",
	[Q_STAFF_GROUP_ADD] = "INSERT INTO staff_group (region_id, code, name, position) VALUES ($1, $2, $3, $4)",
	[Q_STAFF_GROUP_DELETE] = "DELETE FROM staff_group WHERE region_id = $1 AND code = $2",
	[Q_STAFF_GROUP_MAX_POSITION] = "SELECT coalesce(max(position), 0) FROM staff_group WHERE region_id = $1",

	[Q_AUDIT_ADD] = "INSERT INTO audit_log (at, actor_id, actor, action, unit_id, target, detail, address) "
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[Q_AUDIT_LIST] =
		"SELECT a.id, a.at, a.actor, a.action, a.unit_id, a.target, a.detail, a.address FROM audit_log a "
		"WHERE a.id < $1 ORDER BY a.id DESC",

	/* The site administrators who may sign in, by name. */
	[Q_EVIDENCE_ADMINS] = "SELECT name FROM app_user WHERE is_admin = 1 AND disabled_at IS NULL ORDER BY name, id",
	[Q_POP_PRACTICE_UNIT] = "SELECT id, code FROM unit WHERE code = $1 OR ods_code = $1 "
				"ORDER BY CASE WHEN code = $1 THEN 0 ELSE 1 END LIMIT 1",
	[Q_POP_IMPORT_ADD] = "INSERT INTO population_import (imported_at, source, inputs, codelists, codelists_hash, "
			     "as_of) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	[Q_POP_COUNT_DELETE] = "DELETE FROM population_count WHERE unit_id = $1 AND as_of = $2",
	[Q_POP_COUNT_ADD] = "INSERT INTO population_count (unit_id, as_of, segment, count, import_id) "
			    "VALUES ($1, $2, $3, $4, $5)",
	[Q_POP_MOVE_DELETE] = "DELETE FROM population_movement WHERE unit_id = $1 AND (from_date = $2 OR to_date = $2)",
	[Q_POP_MOVE_ADD] = "INSERT INTO population_movement (unit_id, from_date, to_date, from_segment, to_segment, "
			   "count, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	[Q_POP_COUNTS] = POP_SUBTREE_SQL "SELECT u.code, c.as_of, c.segment, c.count FROM population_count c "
			 "JOIN sub ON sub.id = c.unit_id JOIN unit u ON u.id = c.unit_id "
			 "WHERE $2 = '' OR c.as_of = $2 ORDER BY u.code, c.as_of, CASE c.segment WHEN 'end_of_life' "
			 "THEN 0 WHEN 'frailty' THEN 1 WHEN 'complex' THEN 2 WHEN 'ltc' THEN 3 ELSE 4 END",
	[Q_POP_TOTALS] = POP_SUBTREE_SQL "SELECT c.segment, sum(c.count) FROM population_count c "
			 "JOIN sub ON sub.id = c.unit_id WHERE c.as_of = $2 GROUP BY c.segment",
	[Q_POP_DATES] = POP_SUBTREE_SQL "SELECT DISTINCT c.as_of FROM population_count c "
			"JOIN sub ON sub.id = c.unit_id ORDER BY c.as_of",
	[Q_POP_MOVEMENT] = POP_SUBTREE_SQL "SELECT m.from_segment, m.to_segment, sum(m.count) "
			   "FROM population_movement m JOIN sub ON sub.id = m.unit_id "
			   "WHERE m.from_date = $2 AND m.to_date = $3 GROUP BY m.from_segment, m.to_segment",
	/* Accounts that may sign in, and those of them with a password of their own. */
	[Q_EVIDENCE_ACCOUNTS] = "SELECT count(*), count(password_hash) FROM app_user WHERE disabled_at IS NULL",

	[Q_SETTING_GET] = "SELECT value FROM setting WHERE key = $1",
	[Q_SETTING_PUT] = "INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
	[Q_SETTING_SET] = "INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
			  "excluded.value",
	[Q_SETTING_DELETE] = "DELETE FROM setting WHERE key = $1",
	/* A 360 colleague's key was the hash of their link, the same as the invitation's: see store/keys.c. */
	[Q_KEYS_COLLEAGUE_KEYS] =
		"SELECT id, respondent_key FROM feedback_response WHERE respondent_key NOT LIKE 'self%' ORDER BY id",
	[Q_KEYS_COLLEAGUE_KEY_SET] = "UPDATE feedback_response SET respondent_key = $2 WHERE id = $1",
	[Q_KEYS_OUTBOX_QUEUED] = "SELECT id, body_text, body_html FROM outbox WHERE status = 'queued' ORDER BY id",
	[Q_KEYS_OUTBOX_BODY_SET] = "UPDATE outbox SET body_text = $2, body_html = $3 WHERE id = $1",
	/* Schema 020: the answered state of an emailed link from before it, copied in clear by the migration's SQL
	 * and sealed here in the same transaction (store/keys.c). */
	/* The upgrade to 021 (round_sums.c): every summary row with its element rows, a round's together. */
	[Q_SUMS_UPGRADE_ROWS] = "SELECT s.round_id, i.item_code, i.n, i.total, i.total_sq FROM round_summary s "
				"LEFT JOIN round_item_summary i ON i.round_id = s.round_id "
				"ORDER BY s.round_id, i.item_code",
	[Q_SUMS_UPGRADE_SET] = "UPDATE round_summary SET sums = $2 WHERE round_id = $1",
	[Q_KEYS_INVITATION_REFS] = "SELECT id, answer_ref FROM invitation WHERE answer_ref IS NOT NULL ORDER BY id",
	[Q_KEYS_INVITATION_REF_SET] = "UPDATE invitation SET answer_ref = $2 WHERE id = $1",
	[Q_KEYS_FB_INVITATION_REFS] =
		"SELECT id, answer_ref FROM feedback_invitation WHERE answer_ref IS NOT NULL ORDER BY id",
	[Q_KEYS_FB_INVITATION_REF_SET] = "UPDATE feedback_invitation SET answer_ref = $2 WHERE id = $1",
	[Q_KEYS_OUTBOX_PURGE] = "UPDATE outbox SET body_text = '', body_html = '' WHERE status <> 'queued'",
	[Q_KEYS_SHARED_TOKENS] = "SELECT id, shared_token FROM invitation WHERE shared_token IS NOT NULL ORDER BY id",
	[Q_KEYS_SHARED_TOKEN_SET] = "UPDATE invitation SET shared_token = $2 WHERE id = $1",
	[Q_UNIT_MIN_GROUP_SET] = "UPDATE unit SET min_group_size = $2 WHERE id = $1",
	[Q_UNIT_MIN_GROUP_GET] = "SELECT min_group_size FROM unit WHERE id = $1 AND min_group_size IS NOT NULL",
	[Q_ROUND_ADD] =
		"INSERT INTO round (unit_id, instrument_id, instrument_version, title, mode, energy, opens_on, "
		"closes_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
	[Q_ROUND_GET] = "SELECT " ROUND_COLUMNS " FROM round WHERE id = $1",
	[Q_ROUNDS_OF_UNIT] = "SELECT " ROUND_COLUMNS " FROM round WHERE unit_id = $1 ORDER BY opens_on DESC, id DESC",
	[Q_ROUNDS_ALL] = "SELECT " ROUND_COLUMNS " FROM round ORDER BY opens_on DESC, id DESC",
	[Q_ROUND_CLOSE] = "UPDATE round SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL",
	[Q_ROUND_REOPEN] = "UPDATE round SET closed_at = NULL, reopened_at = coalesce(reopened_at, $2) "
			   "WHERE id = $1 AND responses_exported_at IS NULL",
	/* On the first reopen only: the first close showed every answer, so every one of them is counted now. */
	[Q_ROUND_COUNT_ALL_ONCE] =
		"UPDATE response SET counted = 1 WHERE round_id = $1 AND submitted = 1 AND counted = 0 "
		"AND (SELECT reopened_at FROM round WHERE id = $1) IS NULL",
	/* The responses waiting, counted together once there are at least $2 of them (round_count_pending). */
	/* $2 the default minimum, $3 its floor: the region's own minimum when set and not below the floor. One
	 * statement, which needs no result read before it: it can wait in PostgreSQL's pipeline (pg.c). */
	[Q_ROUND_COUNT_PENDING] =
		"UPDATE response SET counted = 1 WHERE round_id = $1 AND submitted = 1 AND counted = 0 "
		"AND (SELECT count(*) FROM response WHERE round_id = $1 AND submitted = 1 "
		"AND counted = 0) >= "
		"coalesce((SELECT CASE WHEN m.min_group_size >= $3 THEN m.min_group_size END FROM (" ROUND_MIN_GROUP_SQL
		") AS m), $2)",
	/* The minimum of the region (the root unit) of round $1: NULL, or no row, when the default holds. */
	[Q_ROUND_MIN_GROUP] = ROUND_MIN_GROUP_SQL,
	[Q_ROUND_EXPORTED] =
		"UPDATE round SET responses_exported_at = coalesce(responses_exported_at, $2) WHERE id = $1",
	/* The responses in the figures. In this and every figure's statement, $2 = 1 puts every submitted response
	 * in (round_counts_every_answer), else only the counted ones. */
	[Q_ROUND_COUNTS] =
		"SELECT count(*) FROM response WHERE round_id = $1 AND submitted = 1 AND (counted = 1 OR $2 = 1)",
	[Q_INVITATION_ADD] =
		"INSERT INTO invitation (round_id, token_hash, kind, label, shared_token, created_at, email, "
		"answer_ref, link_sealed) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	/* Every live emailed link, answered or not: whether it answered is found through its sealed answer_ref,
	 * with the key file (round.c), never in a column the database alone can read. */
	[Q_INVITATIONS_TO_REMIND] =
		"SELECT id, email, answer_ref, link_sealed FROM invitation WHERE round_id = $1 AND kind = 'personal' "
		"AND email IS NOT NULL AND revoked_at IS NULL ORDER BY id",
	/* Whom a round's live personal links are for (the address mailed, else the label: a link made for an address
	 * and handed out by hand): whom a new paste would invite twice (invitees.h). */
	[Q_INVITATION_ADDRESSES] =
		"SELECT COALESCE(email, label) FROM invitation WHERE round_id = $1 AND kind = 'personal' "
		"AND COALESCE(email, label) IS NOT NULL AND revoked_at IS NULL",
	/* Open rounds with emailed invitations at a reminder stage not yet reached: $1 today, $2 three days on. */
	[Q_ROUNDS_TO_AUTO_REMIND] =
		"SELECT r.id, u.name, CASE WHEN r.closes_on = $1 THEN 2 ELSE 1 END, u.code FROM round r "
		"JOIN unit u ON u.id = r.unit_id WHERE r.closed_at IS NULL AND r.opens_on <= $1 "
		"AND ((r.closes_on = $1 AND r.auto_reminded < 2) OR (r.closes_on = $2 AND r.auto_reminded < 1)) "
		"AND EXISTS (SELECT 1 FROM invitation i WHERE i.round_id = r.id AND i.email IS NOT NULL)",
	[Q_ROUND_AUTO_REMINDED] = "UPDATE round SET auto_reminded = $2 WHERE id = $1 AND auto_reminded < $2",
	[Q_SERIES_ADD] = "INSERT INTO round_series (unit_id, every_months, title, anchor, created_by, created_at) "
			 "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	/* A series, and the number of its latest round. */
	[Q_SERIES_GET] =
		"SELECT s.id, s.every_months, s.stopped_at, (SELECT max(series_n) FROM round WHERE series_id = s.id), "
		"s.anchor FROM round_series s WHERE s.id = $1",
	[Q_SERIES_EVERY] = "UPDATE round_series SET every_months = $2, stopped_at = NULL WHERE id = $1",
	[Q_SERIES_STOP] = "UPDATE round_series SET stopped_at = $2 WHERE id = $1 AND stopped_at IS NULL",
	/* Every repeating series with its latest round: which of them is due is worked out from the dates. */
	[Q_SERIES_DUE] =
		"SELECT s.id, s.every_months, s.anchor, s.title, r.id, r.series_n, u.name FROM round_series s "
		"JOIN round r ON r.series_id = s.id AND r.series_n = (SELECT max(series_n) FROM round WHERE series_id "
		"= s.id) "
		"JOIN unit u ON u.id = s.unit_id WHERE s.stopped_at IS NULL AND u.archived_at IS NULL ORDER BY s.id",
	[Q_SERIES_CLAIM] = "UPDATE round_series SET opened_n = $2 WHERE id = $1 AND opened_n < $2",
	[Q_ROUND_SERIES_SET] = "UPDATE round SET series_id = $2, series_n = $3 WHERE id = $1",
	/* The addresses a round invited by mail, once each, without whether they answered. */
	[Q_ROUND_EMAILS] = "SELECT DISTINCT lower(email) FROM invitation WHERE round_id = $1 AND email IS NOT NULL "
			   "AND revoked_at IS NULL ORDER BY 1",
	/* The open actions, and open plan goals, dated up to $1, of the people who take the digest and have not had
	 * one on day $2; by person. */
	[Q_DIGEST_ACTIONS] =
		"SELECT u.id, u.email, u.name, a.id, a.title, a.due_on, un.id, un.code, un.name, u.language FROM "
		"action a "
		"JOIN app_user u ON u.id = a.owner_id JOIN unit un ON un.id = a.unit_id "
		"WHERE a.status IN ('planned', 'doing') AND a.due_on IS NOT NULL AND a.due_on <= $1 AND u.digest = 1 "
		"AND u.disabled_at IS NULL AND (u.digest_sent_on IS NULL OR u.digest_sent_on < $2) "
		"AND un.archived_at IS NULL ORDER BY u.id, a.due_on, a.id",
	[Q_DIGEST_GOALS] =
		"SELECT u.id, u.email, u.name, g.id, g.title, g.review_on, NULL, NULL, NULL, u.language FROM pdp_goal "
		"g JOIN app_user u ON u.id = g.user_id "
		"WHERE g.status = 'open' AND g.review_on IS NOT NULL AND g.review_on <= $1 AND u.digest = 1 "
		"AND u.disabled_at IS NULL AND (u.digest_sent_on IS NULL OR u.digest_sent_on < $2) ORDER BY u.id, "
		"g.review_on, g.id",
	[Q_DIGEST_CLAIM] =
		"UPDATE app_user SET digest_sent_on = $2 WHERE id = $1 AND (digest_sent_on IS NULL OR digest_sent_on < "
		"$2)",
	[Q_USER_DIGEST_SET] = "UPDATE app_user SET digest = $2 WHERE id = $1",
	[Q_USER_DIGEST_GET] = "SELECT digest FROM app_user WHERE id = $1",
	[Q_USER_LANGUAGE_SET] = "UPDATE app_user SET language = $2 WHERE id = $1",
	[Q_ROUND_LANGUAGE_SET] = "UPDATE round SET language = $2, bilingual = $3 WHERE id = $1",
	[Q_INVITATION_BY_HASH] = "SELECT id, round_id, kind, revoked_at FROM invitation WHERE token_hash = $1",
	/* A survey request's one lookup (survey_link_find): the link by its hash, its round (ROUND_COLUMNS first, so
	 * round_decode reads them), and whether $2 is a staff group of the round's region, the root of its unit
	 * (UNION, not UNION ALL: ends even on a cycle). */
	[Q_SURVEY_LINK] =
		"WITH RECURSIVE link AS (SELECT id AS link_id, round_id, kind, revoked_at FROM invitation "
		"WHERE token_hash = $1), "
		"up (uid, parent) AS (SELECT id, parent_id FROM unit "
		"WHERE id = (SELECT r.unit_id FROM link JOIN round r ON r.id = link.round_id) "
		"UNION SELECT u.id, u.parent_id FROM up JOIN unit u ON u.id = up.parent) "
		"SELECT " ROUND_COLUMNS ", link_id, kind, revoked_at, CASE WHEN EXISTS (SELECT 1 FROM up JOIN "
		"staff_group g ON g.region_id = up.uid WHERE up.parent IS NULL AND g.code = $2) THEN 1 ELSE 0 END "
		"FROM link JOIN round ON round.id = link.round_id",
	/* No "answered" here: which link answered is never listed, nor how many. */
	[Q_INVITATIONS_OF_ROUND] = "SELECT id, kind, label, shared_token, revoked_at FROM invitation "
				   "WHERE round_id = $1 ORDER BY id",
	[Q_INVITATION_REVOKE] =
		"UPDATE invitation SET revoked_at = $3 WHERE id = $1 AND round_id = $2 AND revoked_at IS NULL",
	[Q_RESPONSE_BY_KEY] =
		"SELECT id, staff_group, revision, submitted, counted FROM response WHERE round_id = $1 AND "
		"respondent_key = $2",
	[Q_RESPONSE_ADD] =
		"INSERT INTO response (round_id, respondent_key, staff_group, revision) VALUES ($1, $2, $3, 0) "
		"RETURNING id",
	/* A counted response is never changed (round.h response_save): the writes below leave it alone. */
	[Q_RESPONSE_SET_GROUP] =
		"UPDATE response SET staff_group = $2, revision = revision + 1 WHERE id = $1 AND counted = 0",
	[Q_RESPONSE_BUMP] =
		"UPDATE response SET revision = revision + 1 WHERE id = $1 AND revision = $2 AND counted = 0",
	[Q_RESPONSE_SUBMIT] = "UPDATE response SET submitted = 1, submitted_on = $2, revision = revision + 1 "
			      "WHERE id = $1 AND revision = $3 AND counted = 0",
	[Q_RESPONSE_COUNTED] = "SELECT counted FROM response WHERE id = $1",
	[Q_ANSWER_PUT] =
		"INSERT INTO answer (response_id, item_code, score, comment) VALUES ($1, $2, $3, $4) "
		"ON CONFLICT (response_id, item_code) DO UPDATE SET score = excluded.score, comment = excluded.comment",
	[Q_ANSWERS_OF_RESPONSE] = "SELECT item_code, score, comment FROM answer WHERE response_id = $1",
	[Q_ENERGY_PUT] = "INSERT INTO energy (response_id, target, level) VALUES ($1, $2, $3) "
			 "ON CONFLICT (response_id, target) DO UPDATE SET level = excluded.level",
	[Q_ENERGY_OF_RESPONSE] = "SELECT target, level FROM energy WHERE response_id = $1",
	[Q_ROUND_ANSWERS] =
		"SELECT r.id, r.staff_group, a.item_code, a.score, a.comment FROM response r "
		"JOIN answer a ON a.response_id = r.id WHERE r.round_id = $1 AND r.submitted = 1 AND (r.counted = 1 OR "
		"$2 = 1) ORDER BY r.id",
	[Q_ROUND_ENERGY] = "SELECT r.id, e.target, e.level FROM response r JOIN energy e ON e.response_id = r.id "
			   "WHERE r.round_id = $1 AND r.submitted = 1 AND (r.counted = 1 OR $2 = 1)",
	[Q_CONSENSUS_PUT] = "INSERT INTO consensus (round_id, item_code, kind, level, note, recorded_by, recorded_at) "
			    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (round_id, item_code, kind) DO UPDATE SET "
			    "level = excluded.level, note = excluded.note, recorded_by = excluded.recorded_by, "
			    "recorded_at = excluded.recorded_at",
	[Q_CONSENSUS_DELETE] = "DELETE FROM consensus WHERE round_id = $1 AND item_code = $2 AND kind = $3",
	[Q_CONSENSUS_OF_ROUND] = "SELECT item_code, kind, level, note FROM consensus WHERE round_id = $1",
	[Q_EVIDENCE_ADD] =
		"INSERT INTO evidence (round_id, item_code, url, filename, content_type, data, size, added_by, "
		"added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
	[Q_EVIDENCE_OF_ROUND] =
		"SELECT id, item_code, url, filename, content_type, size FROM evidence WHERE round_id = $1 "
		"ORDER BY id",
	[Q_EVIDENCE_GET] = "SELECT filename, content_type, data FROM evidence WHERE id = $1 AND round_id = $2",

	/* The regional grid's two reads (region.c): every closed survey round of the instrument opened by day $2,
	 * each unit's newest first (the caller keeps the first per unit; "closed" as round_status says it), and
	 * the stored sums of those rounds, respondents with each element's sums on one row. */
	/* Newest first per unit (the index round_region read backwards), with the round's stored sums if any. */
	[Q_REGION_LATEST] = "SELECT r.id, r.unit_id, r.opens_on, r.closes_on, r.instrument_version, r.closed_at, "
			    "r.reopened_at, s.respondents, s.sums "
			    "FROM round r LEFT JOIN round_summary s ON s.round_id = r.id WHERE " REGION_ROUNDS_SQL
			    " ORDER BY r.unit_id DESC, r.opens_on DESC, r.id DESC",
	[Q_ROUND_ITEM_AGG] =
		"SELECT a.item_code, count(a.score), coalesce(sum(a.score), 0), coalesce(sum(a.score * a.score), 0) "
		"FROM response r JOIN answer a ON a.response_id = r.id WHERE r.round_id = $1 AND r.submitted = 1 AND "
		"(r.counted = 1 OR $2 = 1) "
		"GROUP BY a.item_code",
	[Q_ROUND_RESPONDENTS] =
		"SELECT count(*) FROM response WHERE round_id = $1 AND submitted = 1 AND (counted = 1 OR $2 = 1)",
	/* Replaces a row left without sums by the upgrade to 021; two servers summing one round store the same. */
	[Q_SUMMARY_PUT] = "INSERT INTO round_summary (round_id, respondents, computed_at, sums) "
			  "VALUES ($1, $2, $3, $4) "
			  "ON CONFLICT (round_id) DO UPDATE SET respondents = excluded.respondents, "
			  "computed_at = excluded.computed_at, sums = excluded.sums",
	[Q_SUMMARY_DELETE] = "DELETE FROM round_summary WHERE round_id = $1",
	[Q_UNIT_SHARE_SET] = "UPDATE unit SET share_outside = $2 WHERE id = $1",
	[Q_UNITS_SHARING] = "SELECT id FROM unit WHERE share_outside = 1",
	[Q_RESPONSE_IMPORT] =
		"INSERT INTO response (round_id, respondent_key, staff_group, revision, submitted, submitted_on) "
		"VALUES ($1, $2, $3, 1, 1, $4) RETURNING id",
	[Q_ROUND_RESPONSES_EXPORT] =
		"SELECT r.id, r.staff_group, a.item_code, a.score, a.comment FROM response r "
		"JOIN answer a ON a.response_id = r.id WHERE r.round_id = $1 AND r.submitted = 1 AND (r.counted = 1 OR "
		"$2 = 1) "
		"ORDER BY r.id, a.item_code",
	[Q_ROUND_ENERGY_EXPORT] =
		"SELECT r.id, e.target, e.level, r.staff_group FROM response r JOIN energy e "
		"ON e.response_id = r.id WHERE r.round_id = $1 AND r.submitted = 1 AND (r.counted = 1 OR $2 = 1) ORDER "
		"BY r.id, e.target",

	[Q_ACTION_ADD] =
		"INSERT INTO action (unit_id, title, description, owner_id, due_on, status, round_id, created_by, "
		"created_at, updated_at, owner_plain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) "
		"RETURNING id",
	[Q_ACTION_UPDATE] = "UPDATE action SET title = $2, description = $3, owner_id = $4, due_on = $5, status = $6, "
			    "updated_at = $7, owner_plain = $8 WHERE id = $1",
	[Q_ACTION_GET] =
		"SELECT " ACTION_COLUMNS " FROM action a LEFT JOIN app_user u ON u.id = a.owner_id WHERE a.id = $1",
	[Q_ACTIONS_OF_UNIT] = "SELECT " ACTION_COLUMNS " FROM action a LEFT JOIN app_user u ON u.id = a.owner_id "
			      "WHERE a.unit_id = $1 ORDER BY coalesce(a.due_on, '9999'), a.id",
	[Q_ACTION_ELEMENT_ADD] = "INSERT INTO action_element (action_id, instrument_id, item_code) VALUES ($1, $2, $3) "
				 "ON CONFLICT (action_id, instrument_id, item_code) DO NOTHING",
	[Q_ACTION_ELEMENTS_DELETE] = "DELETE FROM action_element WHERE action_id = $1",
	[Q_ACTION_ELEMENTS] =
		"SELECT e.action_id, e.instrument_id, e.item_code FROM action_element e JOIN action a "
		"ON a.id = e.action_id WHERE a.unit_id = $1 ORDER BY e.action_id, e.instrument_id, e.item_code",
	[Q_PDSA_ADD] =
		"INSERT INTO pdsa (action_id, number, plan, prediction, measurement, planned_on) VALUES ($1, $2, $3, "
		"$4, $5, $6)",
	[Q_PDSA_NEXT_NUMBER] = "SELECT coalesce(max(number), 0) + 1 FROM pdsa WHERE action_id = $1",
	[Q_PDSA_DO] = "UPDATE pdsa SET did = $3, did_on = $4 WHERE action_id = $1 AND number = $2",
	[Q_PDSA_STUDY] = "UPDATE pdsa SET study = $3, studied_on = $4 WHERE action_id = $1 AND number = $2",
	[Q_PDSA_ACT] = "UPDATE pdsa SET act = $3, act_note = $4, acted_on = $5 WHERE action_id = $1 AND number = $2",
	[Q_PDSA_OF_ACTION] =
		"SELECT number, plan, prediction, measurement, planned_on, did, did_on, study, studied_on, act, "
		"act_note, acted_on FROM pdsa WHERE action_id = $1 ORDER BY number",
	[Q_MEASURE_ADD] =
		"INSERT INTO measure (unit_id, name, definition, category, direction, unit_label, target, baseline, "
		"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	[Q_MEASURE_GET] = "SELECT " MEASURE_COLUMNS " FROM measure WHERE id = $1",
	[Q_MEASURES_OF_UNIT] = "SELECT " MEASURE_COLUMNS " FROM measure WHERE unit_id = $1 ORDER BY category, name",
	[Q_MEASURE_ELEMENT_ADD] =
		"INSERT INTO measure_element (measure_id, instrument_id, item_code) VALUES ($1, $2, $3) "
		"ON CONFLICT (measure_id, instrument_id, item_code) DO NOTHING",
	[Q_MEASURE_ELEMENTS] =
		"SELECT instrument_id, item_code FROM measure_element WHERE measure_id = $1 ORDER BY 1, 2",
	[Q_MEASURE_ACTION_ADD] = "INSERT INTO measure_action (measure_id, action_id) VALUES ($1, $2) "
				 "ON CONFLICT (measure_id, action_id) DO NOTHING",
	[Q_MEASURE_ACTIONS] = "SELECT action_id FROM measure_action WHERE measure_id = $1",
	[Q_MEASURE_POINT_PUT] =
		"INSERT INTO measure_point (measure_id, period, value, rebase, note) VALUES ($1, $2, $3, $4, $5) "
		"ON CONFLICT (measure_id, period) DO UPDATE SET value = excluded.value, rebase = excluded.rebase, "
		"note = excluded.note",
	[Q_MEASURE_POINTS] =
		"SELECT period, value, rebase, note FROM measure_point WHERE measure_id = $1 ORDER BY period",
	[Q_MEASURE_NOTE_ADD] =
		"INSERT INTO measure_note (measure_id, period, body, created_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5)",
	[Q_MEASURE_NOTES] = "SELECT period, body FROM measure_note WHERE measure_id = $1 ORDER BY period, id",
	/* The PDSA cycles for the annotated chart: of the actions the measure is linked to, and those testing a
	 * change idea of an aim whose outcome measure it is (an aim's chart shows what its ideas tried, though its
	 * measure was made before the action). */
	[Q_MEASURE_PDSA_MARKS] =
		"SELECT a.title, p.number, p.planned_on, p.act, p.acted_on FROM pdsa p JOIN action a ON "
		"a.id = p.action_id WHERE p.action_id IN (SELECT action_id FROM measure_action WHERE measure_id = $1) "
		"OR p.id IN (SELECT x.pdsa_id FROM idea_pdsa x JOIN change_idea i ON i.id = x.idea_id JOIN aim m ON "
		"m.id = i.aim_id WHERE m.measure_id = $1) "
		"ORDER BY coalesce(p.acted_on, p.planned_on), a.id, p.number",
	[Q_MEASURE_DONE_ACTIONS] =
		"SELECT a.title, a.updated_at FROM action a JOIN measure_action ma ON ma.action_id = a.id WHERE "
		"ma.measure_id = $1 AND a.status = 'done' ORDER BY a.updated_at, a.id",
	[Q_UNIT_ROUND_CLOSES] =
		"SELECT title, closes_on, closed_at FROM round WHERE unit_id = $1 ORDER BY closes_on, id",

	[Q_FB_CYCLE_ADD] = "INSERT INTO feedback_cycle (user_id, instrument_id, instrument_version, title, created_at) "
			   "VALUES ($1, $2, $3, $4, $5) RETURNING id",
	[Q_FB_CYCLE_GET] = "SELECT id, user_id, instrument_id, instrument_version, title, created_at, closed_at FROM "
			   "feedback_cycle WHERE id = $1",
	[Q_FB_CYCLES_OF_USER] =
		"SELECT id, user_id, instrument_id, instrument_version, title, created_at, closed_at FROM "
		"feedback_cycle "
		"WHERE user_id = $1 ORDER BY id DESC",
	[Q_FB_CYCLES_SHARED_WITH] =
		"SELECT c.id, c.user_id, c.instrument_id, c.instrument_version, c.title, c.created_at, c.closed_at "
		"FROM feedback_cycle c JOIN feedback_share s ON s.cycle_id = c.id WHERE s.user_id = $1 ORDER BY c.id",
	[Q_FB_CYCLE_CLOSE] = "UPDATE feedback_cycle SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL",
	[Q_FB_SHARE_ADD] =
		"INSERT INTO feedback_share (cycle_id, user_id) VALUES ($1, $2) ON CONFLICT (cycle_id, user_id) DO "
		"NOTHING",
	[Q_FB_SHARE_DELETE] = "DELETE FROM feedback_share WHERE cycle_id = $1 AND user_id = $2",
	[Q_FB_SHARED_WITH] = "SELECT 1 FROM feedback_share WHERE cycle_id = $1 AND user_id = $2",
	[Q_FB_SHARES_OF_CYCLE] =
		"SELECT u.id, u.email, u.name FROM feedback_share s JOIN app_user u ON u.id = s.user_id WHERE "
		"s.cycle_id = $1 "
		"ORDER BY u.name",
	[Q_FB_INVITE_ADD] =
		"INSERT INTO feedback_invitation (cycle_id, token_hash, label, created_at, email, answer_ref, "
		"link_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	/* As a round's: every live emailed link; its sealed answer_ref says, with the key file, whether it answered. */
	[Q_FB_TO_REMIND] = "SELECT id, email, answer_ref, link_sealed FROM feedback_invitation WHERE cycle_id = $1 "
			   "AND email IS NOT NULL "
			   "AND revoked_at IS NULL ORDER BY id",
	[Q_FB_INVITE_ADDRESSES] = "SELECT COALESCE(email, label) FROM feedback_invitation WHERE cycle_id = $1 "
				  "AND COALESCE(email, label) IS NOT NULL AND revoked_at IS NULL",
	[Q_FB_INVITE_BY_HASH] = "SELECT id, cycle_id, revoked_at FROM feedback_invitation WHERE token_hash = $1",
	/* No "answered": the owner learns how many colleagues answered (from the report), never which link. */
	[Q_FB_INVITES_OF_CYCLE] = "SELECT id, label FROM feedback_invitation WHERE cycle_id = $1 ORDER BY id",
	[Q_FB_RESPONSE_BY_KEY] = "SELECT id FROM feedback_response WHERE respondent_key = $1",
	[Q_FB_RESPONSE_ADD] =
		"INSERT INTO feedback_response (cycle_id, respondent_key, relationship, strengths, suggestions, "
		"submitted_on) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	[Q_FB_RESPONSE_UPDATE] =
		"UPDATE feedback_response SET relationship = $2, strengths = $3, suggestions = $4, submitted_on = $5 "
		"WHERE id = $1",
	[Q_FB_ANSWERS_DELETE] = "DELETE FROM feedback_answer WHERE response_id = $1",
	[Q_FB_ANSWER_ADD] = "INSERT INTO feedback_answer (response_id, item_code, score) VALUES ($1, $2, $3)",
	[Q_FB_RESPONSES_OF_CYCLE] =
		"SELECT id, relationship, strengths, suggestions FROM feedback_response WHERE cycle_id = $1 ORDER BY "
		"id",
	[Q_FB_ANSWERS_OF_CYCLE] =
		"SELECT a.response_id, a.item_code, a.score FROM feedback_answer a JOIN feedback_response r "
		"ON r.id = a.response_id WHERE r.cycle_id = $1",
	[Q_PDP_GOAL_ADD] =
		"INSERT INTO pdp_goal (user_id, title, elements, actions, coach, review_on, status, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING id",
	[Q_PDP_GOAL_UPDATE] = "UPDATE pdp_goal SET review_on = $2, status = $3 WHERE id = $1",
	[Q_PDP_GOALS_OF_USER] =
		"SELECT id, title, elements, actions, coach, review_on, status FROM pdp_goal WHERE user_id = $1 "
		"ORDER BY status, coalesce(review_on, '9999'), id",
	[Q_PDP_GOAL_GET] = "SELECT id, user_id FROM pdp_goal WHERE id = $1",
	[Q_PDP_REVIEW_ADD] = "INSERT INTO pdp_review (goal_id, reviewed_on, note) VALUES ($1, $2, $3)",
	[Q_PDP_REVIEWS_OF_USER] =
		"SELECT r.goal_id, r.reviewed_on, r.note FROM pdp_review r JOIN pdp_goal g ON g.id = r.goal_id "
		"WHERE g.user_id = $1 ORDER BY r.reviewed_on, r.id",
	[Q_PDP_SHARE_ADD] =
		"INSERT INTO pdp_share (user_id, coach_id) VALUES ($1, $2) ON CONFLICT (user_id, coach_id) DO NOTHING",
	[Q_PDP_SHARE_DELETE] = "DELETE FROM pdp_share WHERE user_id = $1 AND coach_id = $2",
	[Q_PDP_SHARED] = "SELECT 1 FROM pdp_share WHERE user_id = $1 AND coach_id = $2",
	[Q_MAIL_QUEUE] =
		"INSERT INTO outbox (kind, recipient, masked, subject, body_text, body_html, message_key, queued_at, "
		"next_try_at, about) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
	/* Q_MAIL_QUEUE when $10 is the address of an account that may sign in: the same statement either way. */
	[Q_MAIL_QUEUE_IF_ACCOUNT] =
		"INSERT INTO outbox (kind, recipient, masked, subject, body_text, body_html, message_key, queued_at, "
		"next_try_at, about) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8, $9 "
		"WHERE EXISTS (SELECT 1 FROM app_user WHERE email = $10 AND disabled_at IS NULL)",
	/* A lease on up to $4 (at most 20) due messages; the outer condition is checked again on each row as it is
	 * updated, so two senders never both take one. */
	[Q_MAIL_CLAIM] =
		"UPDATE outbox SET claimed_until = $1, claim_token = $3 WHERE claimed_until < $2 AND status = 'queued' "
		"AND id IN (SELECT id FROM outbox WHERE status = 'queued' AND next_try_at <= $2 AND claimed_until < $2 "
		"ORDER BY id LIMIT $4)",
	[Q_MAIL_CLAIMED] =
		"SELECT id, kind, recipient, subject, body_text, body_html, message_key, attempts, queued_at FROM "
		"outbox "
		"WHERE claim_token = $1 AND status = 'queued' ORDER BY id",
	[Q_MAIL_SENT] = "UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, claimed_until = 0, "
			"last_error = NULL, "
			"body_text = '', body_html = '' "
			"WHERE id = $1",
	/* A reminder's row goes once sent or given up: kept, its recipients would be exactly those who had not
	 * answered. Other rows stay (emptied) for the outbox page. */
	[Q_MAIL_FORGET_REMINDER] = "DELETE FROM outbox WHERE id = $1 AND kind = 'reminder' AND masked = 1",
	[Q_MAIL_RETRY] =
		"UPDATE outbox SET attempts = attempts + 1, next_try_at = $2, claimed_until = 0, last_error = $3 WHERE "
		"id = $1",
	/* A body holds live links: once sent or given up, it is emptied by the same statement (store/keys.c). */
	[Q_MAIL_FAILED] =
		"UPDATE outbox SET status = 'failed', attempts = attempts + 1, claimed_until = 0, last_error = $2, "
		"body_text = '', body_html = '' WHERE id = $1",
	/* Never a survey's or a 360's reminder: they go exactly to those who have not answered, so even their
	 * number (or how many fewer other rows fit in the 500) would say who has. */
	[Q_MAIL_LIST] =
		"SELECT id, kind, recipient, masked, subject, status, attempts, queued_at, sent_at, last_error FROM "
		"outbox "
		"WHERE ($1 = '' OR status = $1) AND NOT (kind = 'reminder' AND masked = 1) ORDER BY id DESC LIMIT 500",
	[Q_MAIL_RETRY_NOW] = "UPDATE outbox SET next_try_at = $1 WHERE status = 'queued' AND next_try_at > $1",
	/* The messages about a round or a cycle ($1, 'round:ID') that failed: how many, never to whom. */
	[Q_MAIL_FAILED_ABOUT] = "SELECT count(*) FROM outbox WHERE about = $1 AND status = 'failed'",
	/* Reminders at most once a day: taken only when the last went at or before $3 (a day ago), in the
	 * transaction that queues them, so that two at once cannot both go. */
	[Q_ROUND_REMIND_CLAIM] =
		"UPDATE round SET reminded_at = $2 WHERE id = $1 AND (reminded_at IS NULL OR reminded_at <= $3)",
	[Q_ROUND_REMINDED_AT] = "SELECT reminded_at FROM round WHERE id = $1 AND reminded_at IS NOT NULL",
	[Q_FB_REMIND_CLAIM] = "UPDATE feedback_cycle SET reminded_at = $2 WHERE id = $1 "
			      "AND (reminded_at IS NULL OR reminded_at <= $3)",
	[Q_FB_REMINDED_AT] = "SELECT reminded_at FROM feedback_cycle WHERE id = $1 AND reminded_at IS NOT NULL",
	/* The 360 caps: addresses invited by mail to cycle $1; and by the owner $1 of any cycle since $2 (ISO). */
	[Q_FB_EMAILED_OF_CYCLE] = "SELECT count(*) FROM feedback_invitation WHERE cycle_id = $1 AND email IS NOT NULL",
	[Q_FB_EMAILED_SINCE] = "SELECT count(*) FROM feedback_invitation i JOIN feedback_cycle c ON c.id = i.cycle_id "
			       "WHERE c.user_id = $1 AND i.email IS NOT NULL AND i.created_at >= $2",
	[Q_PDP_COACHES] =
		"SELECT u.id, u.email, u.name FROM pdp_share s JOIN app_user u ON u.id = s.coach_id WHERE s.user_id = "
		"$1 ORDER BY u.name",
	[Q_PDP_COACHED] =
		"SELECT u.id, u.email, u.name FROM pdp_share s JOIN app_user u ON u.id = s.user_id WHERE s.coach_id = "
		"$1 ORDER BY u.name",
	/* Taken only while nobody has: the first online response or import of a round decides, in its transaction. */
	[Q_ROUND_ANSWERS_CLAIM] = "UPDATE round SET answers_from = $2 WHERE id = $1 AND answers_from IS NULL",
	[Q_ROUND_ANSWERS_STATE] = "SELECT r.answers_from, u.name, r.headcount, r.shared_answers FROM round r "
				  "JOIN unit u ON u.id = r.unit_id "
				  "WHERE r.id = $1",
	[Q_RESPONSE_ROUND] = "SELECT round_id FROM response WHERE id = $1",
	/* One more answer through a shared link, while the round's headcount allows it: no change means full. */
	[Q_ROUND_SHARED_COUNT] =
		"UPDATE round SET shared_answers = shared_answers + 1 WHERE id = $1 AND headcount IS NOT NULL "
		"AND shared_answers < headcount",
	[Q_ROUND_HEADCOUNT_SET] = "UPDATE round SET headcount = $2 WHERE id = $1",

	[Q_ANSWERS_PUT_MANY] =
		"INSERT INTO answer (response_id, item_code, score, comment) "
		"SELECT $1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') "
		"FROM json_each($2) WHERE true "
		"ON CONFLICT (response_id, item_code) DO UPDATE SET score = excluded.score, comment = excluded.comment",
	[Q_ANSWERS_DELETE_MANY] =
		"DELETE FROM answer WHERE response_id = $1 AND item_code IN (SELECT value FROM json_each($2))",
	[Q_ENERGY_PUT_MANY] =
		"INSERT INTO energy (response_id, target, level) "
		"SELECT $1, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($2) WHERE true "
		"ON CONFLICT (response_id, target) DO UPDATE SET level = excluded.level",
	[Q_ENERGY_DELETE_MANY] =
		"DELETE FROM energy WHERE response_id = $1 AND target IN (SELECT value FROM json_each($2))",
	/* A response's group set, or the response started; one counted already, or of another round, left alone. */
	[Q_RESPONSE_UPSERT] = "INSERT INTO response (round_id, respondent_key, staff_group, revision) "
			      "VALUES ($1, $2, $3, 0) ON CONFLICT (respondent_key) DO UPDATE SET "
			      "staff_group = excluded.staff_group, revision = response.revision + 1 "
			      "WHERE response.round_id = excluded.round_id AND response.counted = 0",
	/* One more answer through a shared link, unless the response was submitted already; the headcount is
	 * checked after (round_admit_check), as this statement's result is not read before the next is sent. */
	[Q_ROUND_SHARED_COUNT_NEW] = "UPDATE round SET shared_answers = shared_answers + 1 WHERE id = $1 "
				     "AND NOT EXISTS (SELECT 1 FROM response "
				     "WHERE round_id = $1 AND respondent_key = $2 AND submitted = 1)",
	[Q_ANSWERS_CLEAR_BY_KEY] = "DELETE FROM answer WHERE response_id = (" RESPONSE_OPEN_SQL ")",
	[Q_ANSWERS_ADD_BY_KEY] = "INSERT INTO answer (response_id, item_code, score, comment) "
				 "SELECT r.id, json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]'), "
				 "json_extract(a.value, '$[2]') FROM (" RESPONSE_OPEN_SQL ") AS r, json_each($3) AS a",
	[Q_ENERGY_CLEAR_BY_KEY] = "DELETE FROM energy WHERE response_id = (" RESPONSE_OPEN_SQL ")",
	[Q_ENERGY_ADD_BY_KEY] = "INSERT INTO energy (response_id, target, level) "
				"SELECT r.id, json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]') "
				"FROM (" RESPONSE_OPEN_SQL ") AS r, json_each($3) AS e",
	[Q_RESPONSE_SUBMIT_BY_KEY] = "UPDATE response SET submitted = 1, submitted_on = $3, revision = revision + 1 "
				     "WHERE round_id = $1 AND respondent_key = $2 AND counted = 0",
	[Q_SSO_PROVIDER_ADD] =
		"INSERT INTO sso_provider (name, label, preset, issuer, tenants, client_id, client_auth, secret_file, "
		"scopes, algs, acr_min, userinfo, trust_verified_email, enabled, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
	[Q_SSO_PROVIDER_UPDATE] =
		"UPDATE sso_provider SET label = $2, preset = $3, issuer = $4, tenants = $5, client_id = $6, "
		"client_auth = $7, secret_file = $8, scopes = $9, algs = $10, acr_min = $11, userinfo = $12, "
		"trust_verified_email = $13, enabled = $14 WHERE id = $1",
	[Q_SSO_PROVIDER_BY_NAME] = "SELECT " SSO_PROVIDER_COLUMNS " FROM sso_provider WHERE name = $1",
	[Q_SSO_PROVIDER_BY_ID] = "SELECT " SSO_PROVIDER_COLUMNS " FROM sso_provider WHERE id = $1",
	[Q_SSO_PROVIDERS_ALL] = "SELECT " SSO_PROVIDER_COLUMNS " FROM sso_provider ORDER BY name",
	[Q_SSO_RULE_ADD] = "INSERT INTO sso_rule (provider_id, kind, claim, value, unit_id, role, with_children, "
			   "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	[Q_SSO_RULE_BY_ID] = "SELECT " SSO_RULE_COLUMNS " FROM sso_rule WHERE id = $1",
	[Q_SSO_RULE_DELETE] = "DELETE FROM sso_rule WHERE id = $1",
	[Q_SSO_RULES_OF_PROVIDER] = "SELECT " SSO_RULE_COLUMNS " FROM sso_rule WHERE provider_id = $1 ORDER BY id",
	/* The site administrators who could still sign in were passwords turned off: break-glass. */
	[Q_SSO_ADMIN_PASSWORDS] = "SELECT count(*) FROM app_user WHERE is_admin = 1 AND password_hash IS NOT NULL "
				  "AND disabled_at IS NULL",
	[Q_UNIT_SET_ODS] = "UPDATE unit SET ods_code = $2 WHERE id = $1",
	[Q_RET_ADDR_COUNT] = "SELECT count(*) FROM invitation WHERE " RET_INV_LIVE,
	[Q_RET_ADDR_CLEAR] = "UPDATE invitation SET email = NULL, label = NULL, link_sealed = NULL, answer_ref = NULL, "
			     "shared_token = NULL WHERE " RET_INV_LIVE,
	[Q_RET_FB_ADDR_COUNT] = "SELECT count(*) FROM feedback_invitation WHERE " RET_FB_INV_LIVE,
	[Q_RET_FB_ADDR_CLEAR] = "UPDATE feedback_invitation SET email = NULL, label = NULL, link_sealed = NULL, "
				"answer_ref = NULL WHERE " RET_FB_INV_LIVE,
	[Q_RET_MAIL_COUNT] = "SELECT count(*) FROM outbox WHERE " RET_MAIL,
	[Q_RET_MAIL_DELETE] = "DELETE FROM outbox WHERE " RET_MAIL,
	[Q_RET_COMMENT_COUNT] = "SELECT count(*) FROM answer WHERE " RET_COMMENT,
	[Q_RET_COMMENT_CLEAR] = "UPDATE answer SET comment = NULL WHERE " RET_COMMENT,
	[Q_RET_NOTE_COUNT] = "SELECT count(*) FROM consensus WHERE " RET_NOTE,
	[Q_RET_NOTE_CLEAR] = "UPDATE consensus SET note = NULL WHERE " RET_NOTE,
	[Q_RET_STRENGTH_COUNT] = "SELECT count(*) FROM feedback_response WHERE " RET_WORDS("strengths"),
	[Q_RET_STRENGTH_CLEAR] = "UPDATE feedback_response SET strengths = NULL WHERE " RET_WORDS("strengths"),
	[Q_RET_SUGGESTION_COUNT] = "SELECT count(*) FROM feedback_response WHERE " RET_WORDS("suggestions"),
	[Q_RET_SUGGESTION_CLEAR] = "UPDATE feedback_response SET suggestions = NULL WHERE " RET_WORDS("suggestions"),
	[Q_RET_REVIEW_COUNT] = "SELECT count(*) FROM pdp_review WHERE goal_id IN (SELECT g.id FROM pdp_goal g "
			       "WHERE g.user_id IN (" RET_GONE_USERS "))",
	[Q_RET_REVIEW_DELETE] = "DELETE FROM pdp_review WHERE goal_id IN (SELECT g.id FROM pdp_goal g "
				"WHERE g.user_id IN (" RET_GONE_USERS "))",
	[Q_RET_PLAN_SHARE_DELETE] = "DELETE FROM pdp_share WHERE user_id IN (" RET_GONE_USERS ")",
	[Q_RET_PLAN_COUNT] = "SELECT count(*) FROM pdp_goal WHERE user_id IN (" RET_GONE_USERS ")",
	[Q_RET_PLAN_DELETE] = "DELETE FROM pdp_goal WHERE user_id IN (" RET_GONE_USERS ")",
	[Q_RET_AUDIT_COUNT] = "SELECT count(*) FROM audit_log WHERE substr(at, 1, 10) <= $1",
	[Q_RET_AUDIT_DELETE] = "DELETE FROM audit_log WHERE substr(at, 1, 10) <= $1",
	[Q_RET_RUN_ADD] =
		"INSERT INTO retention_run (at, as_of, by_whom, addresses, messages, comments, answers, plans, "
		"reviews, audit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	[Q_RET_RUN_LAST] = "SELECT at, as_of, by_whom, addresses, messages, comments, answers, plans, reviews, audit "
			   "FROM retention_run ORDER BY id DESC LIMIT 1",
	[Q_RET_RUN_SCHEDULED] = "SELECT count(*) FROM retention_run WHERE by_whom = 'schedule' AND as_of >= $1",
	[Q_USER_SIGNED_IN] = "UPDATE app_user SET last_signin_on = $2 WHERE id = $1",
	[Q_RET_FB_DUE] = "SELECT c.id, c.instrument_id, c.instrument_version, c.report_kept FROM feedback_cycle c "
			 "WHERE c.closed_at IS NOT NULL AND substr(c.closed_at, 1, 10) <= $1 AND EXISTS (SELECT 1 FROM "
			 "feedback_answer a JOIN feedback_response r ON r.id = a.response_id WHERE r.cycle_id = c.id) "
			 "ORDER BY c.id",
	[Q_RET_FB_ANSWER_COUNT] = "SELECT count(*) FROM feedback_answer WHERE response_id IN (SELECT r.id FROM "
				  "feedback_response r WHERE r.cycle_id = $1)",
	[Q_RET_FB_ANSWER_DELETE] = "DELETE FROM feedback_answer WHERE response_id IN (SELECT r.id FROM "
				   "feedback_response r WHERE r.cycle_id = $1)",
	/* A response left with neither answers nor words, in a cycle whose report is kept: nothing of it is needed. */
	[Q_RET_FB_RESPONSE_EMPTY_DELETE] =
		"DELETE FROM feedback_response WHERE strengths IS NULL AND suggestions IS NULL AND cycle_id IN "
		"(SELECT c.id FROM feedback_cycle c WHERE c.report_kept IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM "
		"feedback_answer a WHERE a.response_id = feedback_response.id)",
	[Q_FB_REPORT_KEEP] = "UPDATE feedback_cycle SET report_kept = $2 WHERE id = $1",
	[Q_FB_REPORT_KEPT_GET] = "SELECT report_kept FROM feedback_cycle WHERE id = $1 AND report_kept IS NOT NULL",
	[Q_UNITS_VERSION] = "SELECT value FROM change_counter WHERE name = 'units'",
	[Q_UNITS_VERSION_BUMP] = "UPDATE change_counter SET value = value + 1 WHERE name = 'units'",
	/* The counter of what the regional grid shows (rounds and their stored sums): its row is made by the first
	 * change, so no migration; none read as 0. */
	[Q_RESULTS_VERSION] = "SELECT value FROM change_counter WHERE name = 'results'",
	[Q_RESULTS_VERSION_BUMP] = "INSERT INTO change_counter (name, value) VALUES ('results', 1) "
				   "ON CONFLICT (name) DO UPDATE SET value = change_counter.value + 1",

	/* Erasure (domain/erasure.c): each step's parameters are named there. $1 the person's id in the first
	 * ones; the address is lowercased, as app_user keeps it. */
	[Q_ERASE_ADMINS_LEFT] = "SELECT count(*) FROM app_user WHERE is_admin = 1 AND password_hash IS NOT NULL "
				"AND disabled_at IS NULL AND id <> $1",
	[Q_ERASE_FB_ANSWERS] = "DELETE FROM feedback_answer WHERE response_id IN (SELECT r.id FROM feedback_response r "
			       "JOIN feedback_cycle c ON c.id = r.cycle_id WHERE c.user_id = $1)",
	[Q_ERASE_FB_RESPONSES] = "DELETE FROM feedback_response WHERE cycle_id IN "
				"(SELECT id FROM feedback_cycle WHERE user_id = $1)",
	[Q_ERASE_FB_INVITATIONS] = "DELETE FROM feedback_invitation WHERE cycle_id IN "
				"(SELECT id FROM feedback_cycle WHERE user_id = $1)",
	[Q_ERASE_FB_SHARES] = "DELETE FROM feedback_share WHERE user_id = $1 OR cycle_id IN "
				"(SELECT id FROM feedback_cycle WHERE user_id = $1)",
	[Q_ERASE_FB_OUTBOX] =
		"DELETE FROM outbox WHERE about IN (SELECT 'feedback:' || id FROM feedback_cycle WHERE user_id = $1)",
	[Q_ERASE_FB_CYCLES] = "DELETE FROM feedback_cycle WHERE user_id = $1",
	[Q_ERASE_PDP_REVIEWS] =
		"DELETE FROM pdp_review WHERE goal_id IN (SELECT id FROM pdp_goal WHERE user_id = $1)",
	[Q_ERASE_PDP_GOALS] = "DELETE FROM pdp_goal WHERE user_id = $1",
	[Q_ERASE_PDP_SHARES] = "DELETE FROM pdp_share WHERE user_id = $1 OR coach_id = $1",
	[Q_ERASE_PDP_COACH_NAMED] = "UPDATE pdp_goal SET coach = $3 WHERE lower(coach) = $1 "
				    "OR (coach <> '' AND lower(coach) = lower($2))",
	[Q_ERASE_IDENTITIES] = "DELETE FROM user_identity WHERE user_id = $1",
	[Q_ERASE_THROTTLE] = "DELETE FROM signin_throttle WHERE key = 'email:' || $1",
	[Q_ERASE_OUTBOX] = "DELETE FROM outbox WHERE lower(recipient) = $1 "
			   "OR (kind = 'reminder' AND $2 <> '' AND replace(subject, $2, '') <> subject)",
	[Q_ERASE_ROLES] = "DELETE FROM unit_role WHERE user_id = $1",
	[Q_ERASE_INVITED] = "UPDATE invitation SET " ERASE_INVITED_SQL,
	[Q_ERASE_FB_INVITED] = "UPDATE feedback_invitation SET " ERASE_INVITED_SQL,
	[Q_ERASE_AUDIT_ACTOR] = "UPDATE audit_log SET actor = $3 WHERE actor_id = $1 OR lower(actor) = $2",
	[Q_ERASE_AUDIT_TARGET] = "UPDATE audit_log SET target = $2 WHERE lower(target) = $1",
	[Q_ERASE_AUDIT_DETAIL_EMAIL] =
		"UPDATE audit_log SET detail = replace(detail, $1, $2) WHERE replace(detail, $1, '') <> detail",
	[Q_ERASE_AUDIT_DETAIL_NAME] = "UPDATE audit_log SET detail = replace(detail, $2, $3) WHERE $2 <> '' "
				      "AND (actor_id = $1 OR target = $3) AND replace(detail, $2, '') <> detail",
	[Q_ERASE_TOMBSTONE] = "UPDATE app_user SET email = $2, name = $3, password_hash = NULL, is_admin = 0, "
			      "disabled_at = $4, language = NULL, digest = 0, digest_sent_on = NULL WHERE id = $1",
	/* Subject access (domain/subject_access.c): what a person may be given of their own. */
	[Q_SA_PROFILE] = "SELECT id, email, name, is_admin, created_at, disabled_at, language, digest, "
			 "CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END FROM app_user WHERE id = $1",
	[Q_SA_ROLES] = "SELECT u.code, u.name, r.role, r.granted_at FROM unit_role r JOIN unit u ON u.id = r.unit_id "
		       "WHERE r.user_id = $1 ORDER BY u.code",
	[Q_SA_SESSIONS] = "SELECT created_at, expires_at, address FROM user_session WHERE user_id = $1 "
			  "ORDER BY created_at, expires_at",
	[Q_SA_AUDIT] = "SELECT a.at, a.action, coalesce(u.code, ''), a.target, a.detail, coalesce(a.address, '') "
		       "FROM audit_log a LEFT JOIN unit u ON u.id = a.unit_id WHERE a.actor_id = $1 ORDER BY a.id",
	[Q_SA_CONSENSUS] = "SELECT u.code, r.title, c.item_code, c.kind, c.level, coalesce(c.note, ''), c.recorded_at "
			   "FROM consensus c JOIN round r ON r.id = c.round_id JOIN unit u ON u.id = r.unit_id "
			   "WHERE c.recorded_by = $1 ORDER BY c.recorded_at, r.id, c.item_code, c.kind",
	[Q_SA_INVITATIONS] = "SELECT 'round', r.title, r.opens_on, r.closes_on FROM invitation i "
			     "JOIN round r ON r.id = i.round_id WHERE lower(i.email) = $1 "
			     "UNION ALL SELECT '360', c.title, c.created_at, coalesce(c.closed_at, '') "
			     "FROM feedback_invitation f JOIN feedback_cycle c ON c.id = f.cycle_id "
			     "WHERE lower(f.email) = $1 ORDER BY 1, 3, 2",
	/* Aims and their driver diagrams (schema/029_aims.sql, domain/aim.c). AIM_COLUMNS are decoded by aim_fill. */
	[Q_AIM_ADD] = "INSERT INTO aim (unit_id, statement, measure_id, target, due_on, status, parent_id, from_kind, "
		      "from_round, from_instrument, from_item, created_at, updated_at) "
		      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
	[Q_AIM_UPDATE] = "UPDATE aim SET statement = $2, measure_id = $3, target = $4, due_on = $5, status = $6, "
			 "updated_at = $7 WHERE id = $1",
	[Q_AIM_GET] = "SELECT " AIM_COLUMNS " FROM aim WHERE id = $1",
	[Q_AIMS_OF_UNIT] = "SELECT " AIM_COLUMNS " FROM aim WHERE unit_id = $1 ORDER BY status, id",
	[Q_AIM_ADOPTERS] = "SELECT unit_id, id FROM aim WHERE parent_id = $1 ORDER BY unit_id, id",
	[Q_DRIVER_ADD] = "INSERT INTO driver (aim_id, level, text, position) SELECT $1, $2, $3, "
			 "coalesce(max(position), 0) + 1 FROM driver WHERE aim_id = $1 AND level = $2 RETURNING id",
	[Q_DRIVER_LEVEL] = "SELECT level FROM driver WHERE id = $1 AND aim_id = $2",
	[Q_DRIVER_LINK_ADD] = "INSERT INTO driver_link (secondary_id, primary_id, strength) VALUES ($1, $2, $3) "
			      "ON CONFLICT (secondary_id, primary_id) DO NOTHING",
	[Q_DRIVERS_OF_AIM] = "SELECT id, level, text, position FROM driver WHERE aim_id = $1 ORDER BY level, position",
	[Q_DRIVER_LINKS_OF_AIM] = "SELECT l.secondary_id, l.primary_id, l.strength FROM driver_link l "
				  "JOIN driver d ON d.id = l.secondary_id WHERE d.aim_id = $1 ORDER BY 1, 2",
	[Q_IDEA_ADD] = "INSERT INTO change_idea (aim_id, text, pick, status, status_on, position) "
		       "SELECT $1, $2, $3, 'idea', $4, coalesce(max(position), 0) + 1 FROM change_idea "
		       "WHERE aim_id = $1 RETURNING id",
	[Q_IDEA_DRIVER_ADD] = "INSERT INTO idea_driver (idea_id, driver_id) VALUES ($1, $2) "
			      "ON CONFLICT (idea_id, driver_id) DO NOTHING",
	/* The day ($6) is the status's: kept when the status stays (SET reads the row as it was). */
	[Q_IDEA_CHANGE] = "UPDATE change_idea SET text = $3, pick = $4, status = $5, "
			  "status_on = CASE WHEN status = $5 THEN status_on ELSE $6 END WHERE id = $1 AND aim_id = $2",
	[Q_IDEAS_OF_AIM] = "SELECT i.id, i.text, i.pick, i.status, i.position, "
			   "(SELECT count(*) FROM idea_pdsa x WHERE x.idea_id = i.id), i.status_on, i.action_id "
			   "FROM change_idea i WHERE i.aim_id = $1 ORDER BY i.position",
	[Q_IDEA_DRIVERS_OF_AIM] = "SELECT x.idea_id, x.driver_id FROM idea_driver x "
				  "JOIN change_idea i ON i.id = x.idea_id WHERE i.aim_id = $1 ORDER BY 1, 2",
	[Q_DRIVER_MEASURE_PUT] = "INSERT INTO driver_measure (driver_id, measure_id, kind) VALUES ($1, $2, $3) "
				 "ON CONFLICT (driver_id, measure_id) DO UPDATE SET kind = excluded.kind",
	[Q_DRIVER_MEASURES_OF_AIM] = "SELECT dm.driver_id, dm.measure_id, dm.kind, m.name FROM driver_measure dm "
				     "JOIN driver d ON d.id = dm.driver_id JOIN measure m ON m.id = dm.measure_id "
				     "WHERE d.aim_id = $1 ORDER BY 1, 4, 2",
	[Q_AIM_MEASURES_OF_UNIT] =
		"SELECT measure_id, 'outcome' FROM aim WHERE unit_id = $1 AND measure_id IS NOT NULL "
		"UNION SELECT dm.measure_id, dm.kind FROM driver_measure dm "
		"JOIN driver d ON d.id = dm.driver_id JOIN aim a ON a.id = d.aim_id WHERE a.unit_id = $1",
	[Q_PDSA_ID_OF_UNIT] = "SELECT p.id FROM pdsa p JOIN action a ON a.id = p.action_id "
			      "WHERE a.unit_id = $1 AND p.action_id = $2 AND p.number = $3",
	[Q_IDEA_OF_PDSA] = "SELECT idea_id FROM idea_pdsa WHERE pdsa_id = $1",
	[Q_IDEA_PDSA_ADD] = "INSERT INTO idea_pdsa (idea_id, step, pdsa_id) SELECT $1, coalesce(max(step), 0) + 1, $2 "
			    "FROM idea_pdsa WHERE idea_id = $1 RETURNING step",
	[Q_IDEA_RAMPS] = "SELECT x.idea_id, x.step, p.action_id, p.number, p.plan, p.prediction, p.study, p.act, "
			 "p.planned_on, p.acted_on, p.did FROM idea_pdsa x JOIN pdsa p ON p.id = x.pdsa_id "
			 "JOIN change_idea i ON i.id = x.idea_id WHERE i.aim_id = $1 ORDER BY x.idea_id, x.step",
	/* The ideas of the aims adopting aim $1, with the unit each belongs to: the spread matrix. */
	[Q_AIM_SPREAD] = "SELECT a.unit_id, i.text, i.status, "
			 "(SELECT count(*) FROM idea_pdsa x WHERE x.idea_id = i.id), i.status_on "
			 "FROM aim a JOIN change_idea i ON i.aim_id = a.id WHERE a.parent_id = $1 "
			 "ORDER BY a.unit_id, a.id, i.position",
	/* Changing and deleting drivers and ideas (domain/aim_edit.c). */
	[Q_DRIVER_TEXT_SET] = "UPDATE driver SET text = $3 WHERE id = $1 AND aim_id = $2",
	[Q_DRIVER_LINKS_CLEAR] = "DELETE FROM driver_link WHERE secondary_id = $1",
	/* What deleting driver $1 would leave with nothing: a secondary serving it alone, an idea acting on it
	 * alone. */
	[Q_DRIVER_LONE_SECONDARY] = "SELECT d.text FROM driver_link l JOIN driver d ON d.id = l.secondary_id "
				    "WHERE l.primary_id = $1 AND NOT EXISTS (SELECT 1 FROM driver_link o "
				    "WHERE o.secondary_id = l.secondary_id AND o.primary_id <> $1) ORDER BY d.position",
	[Q_DRIVER_LONE_IDEA] = "SELECT i.text FROM idea_driver x JOIN change_idea i ON i.id = x.idea_id "
			       "WHERE x.driver_id = $1 AND NOT EXISTS (SELECT 1 FROM idea_driver o "
			       "WHERE o.idea_id = x.idea_id AND o.driver_id <> $1) ORDER BY i.position",
	[Q_DRIVER_UNLINK] = "DELETE FROM driver_link WHERE secondary_id = $1 OR primary_id = $1",
	[Q_DRIVER_UNIDEA] = "DELETE FROM idea_driver WHERE driver_id = $1",
	[Q_DRIVER_UNMEASURE] = "DELETE FROM driver_measure WHERE driver_id = $1",
	[Q_DRIVER_DELETE] = "DELETE FROM driver WHERE id = $1 AND aim_id = $2",
	[Q_IDEA_DRIVERS_CLEAR] = "DELETE FROM idea_driver WHERE idea_id = $1",
	[Q_IDEA_PDSA_CLEAR] = "DELETE FROM idea_pdsa WHERE idea_id = $1",
	[Q_IDEA_DELETE] = "DELETE FROM change_idea WHERE id = $1 AND aim_id = $2",
	[Q_IDEA_AIM] = "SELECT aim_id FROM change_idea WHERE id = $1",
	[Q_IDEA_ACTION] = "SELECT a.id FROM change_idea i JOIN action a ON a.id = i.action_id "
			  "WHERE i.id = $1 AND a.unit_id = $2",
	[Q_IDEA_ACTION_SET] = "UPDATE change_idea SET action_id = $2 WHERE id = $1",
	[Q_IDEA_STEP_CYCLE] = "SELECT p.action_id, p.number FROM idea_pdsa x JOIN pdsa p ON p.id = x.pdsa_id "
			      "JOIN change_idea i ON i.id = x.idea_id "
			      "WHERE x.idea_id = $1 AND x.step = $2 AND i.aim_id = $3",
};

/* PostgreSQL's JSON functions for the statements whose SQLite form uses json_each; and the write guard's
 * row locks (store.h says why), which SQLite needs not: its write lock is already the whole database's. */
/* The responses named by rows' keys ($1, one a row): each looked up once (OFFSET 0 keeps it a subquery). */
#define ROWS_RESPONSES_SQL                                                                                     \
	"SELECT r.id, k.rkey AS respondent_key FROM (SELECT DISTINCT rkey FROM unnest($1::text[]) AS k (rkey)) AS k " \
	"CROSS JOIN LATERAL (SELECT id FROM response WHERE respondent_key = k.rkey LIMIT 1) AS r OFFSET 0"

static const char *const query_sql_postgresql[Q_COUNT] = {
	[Q_GUARD_SESSION] = GUARD_SESSION_SQL " FOR SHARE",
	[Q_GUARD_ROLE] = GUARD_ROLE_SQL " FOR SHARE OF r",
	[Q_ANSWERS_PUT_MANY] =
		"INSERT INTO answer (response_id, item_code, score, comment) "
		"SELECT $1, a->>0, (a->>1)::integer, a->>2 FROM json_array_elements($2::json) AS a "
		"ON CONFLICT (response_id, item_code) DO UPDATE SET score = excluded.score, comment = excluded.comment",
	[Q_ANSWERS_DELETE_MANY] = "DELETE FROM answer WHERE response_id = $1 "
				  "AND item_code IN (SELECT json_array_elements_text($2::json))",
	[Q_ENERGY_PUT_MANY] = "INSERT INTO energy (response_id, target, level) "
			      "SELECT $1, e->>0, (e->>1)::integer FROM json_array_elements($2::json) AS e "
			      "ON CONFLICT (response_id, target) DO UPDATE SET level = excluded.level",
	[Q_ENERGY_DELETE_MANY] = "DELETE FROM energy WHERE response_id = $1 "
				 "AND target IN (SELECT json_array_elements_text($2::json))",
	/* A whole response's answers in one set-based statement, with the one JSON parameter SQLite's takes too. */
	[Q_ANSWERS_ADD_BY_KEY] = "INSERT INTO answer (response_id, item_code, score, comment) "
				 "SELECT r.id, a->>0, (a->>1)::integer, a->>2 FROM (" RESPONSE_OPEN_SQL ") AS r, "
				 "json_array_elements($3::json) AS a",
	[Q_ENERGY_ADD_BY_KEY] = "INSERT INTO energy (response_id, target, level) "
				"SELECT r.id, e->>0, (e->>1)::integer FROM (" RESPONSE_OPEN_SQL ") AS r, "
				"json_array_elements($3::json) AS e",
	/*
	 * A writer batch's whole submissions in one statement, PostgreSQL only (SQLite has no data-modifying WITH;
	 * it runs the statements above one submission at a time), so that each round's row is claimed, its
	 * smallest group found and its waiting responses counted once a batch, not once a submission (the round's
	 * update and the foreign-key checks PostgreSQL repeats for a row already updated in the transaction were
	 * most of a submission's cost: bench/RESULTS.md). One row a submission (store_queue_row_read), in the order
	 * they came: $1 round, $2 respondent key, $3 staff group, $4 the day, $5 1 for a shared link, $6 and $7 the
	 * smallest group's default and floor (Q_ROUND_COUNT_PENDING's). Its answers and energy levels follow as
	 * rows of Q_ANSWERS_ADD_ROWS and Q_ENERGY_ADD_ROWS; a response submitted again loses its old ones here.
	 *
	 * What each submission reads and writes is what the submissions one at a time, in this order, would: each
	 * part reads the database as it was before the statement, so the batch's own effects are worked out in
	 * order with window sums over the batch's rows of a round (by place, ord). Waiting responses are counted as
	 * Q_ROUND_COUNT_PENDING would after each one: before the round's first crossing of its smallest group
	 * (kf, its place k among the round's rows), a row finds the responses waiting before the batch (not its
	 * own) and the batch's rows before it that were not already waiting; from the crossing on, every T rows
	 * cross again; every row up to the last crossing is counted, and so is every other response waiting in a
	 * round that crossed. Where one at a time would refuse a row that this cannot foresee (a key twice in the
	 * batch; a waiting response counted by an earlier row's crossing), the row is left unwritten and read back
	 * as not submitted: its judge refuses and the writer runs the batch again one submission at a time
	 * (store/writer.h), where each row is alone. Read back, one row a submission: its place, the response
	 * before (Q_RESPONSE_BY_KEY's columns, NULL when new), the round's state after its own claim
	 * (Q_ROUND_ANSWERS_STATE's), whether it was counted against the headcount, 1 if it was submitted.
	 */
	[Q_RESPONSE_SUBMIT_ROWS] =
		"WITH s AS (SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::integer[], "
		"$6::integer[], $7::integer[]) WITH ORDINALITY "
		"AS u (round_id, rkey, grp, day, shared, dflt, floor, ord)), "
		"b AS (SELECT s.*, r.id, r.staff_group, r.revision, r.submitted, r.counted, "
		"CASE WHEN s.shared = 1 AND r.submitted IS DISTINCT FROM 1 THEN 1 ELSE 0 END AS inc, "
		"CASE WHEN r.submitted = 1 AND r.counted = 0 THEN 1 ELSE 0 END AS waiting, "
		"row_number() OVER (PARTITION BY s.rkey ORDER BY s.ord) AS nth FROM s LEFT JOIN LATERAL "
		"(SELECT id, staff_group, revision, submitted, counted FROM response WHERE respondent_key = s.rkey "
		"AND round_id = s.round_id LIMIT 1) r ON true), "
		"rd AS (SELECT round_id, sum(inc) AS incs, min(dflt) AS dflt, min(floor) AS floor FROM b WHERE nth = 1 "
		"GROUP BY round_id), "
		"claim AS (UPDATE round SET answers_from = coalesce(answers_from, 'online'), "
		"shared_answers = shared_answers + rd.incs FROM rd WHERE round.id = rd.round_id "
		"AND (round.answers_from IS NULL OR rd.incs > 0) RETURNING round.id, round.answers_from, "
		"round.shared_answers), "
		"st AS (SELECT rd.round_id, rd.incs, coalesce(c.answers_from, r.answers_from) AS answers_from, u.name, "
		"r.headcount, coalesce(c.shared_answers, r.shared_answers) AS shared_after, "
		"(SELECT count(*) FROM response p WHERE p.round_id = rd.round_id AND p.submitted = 1 "
		"AND p.counted = 0) AS pending, coalesce((SELECT CASE WHEN m.min_group_size >= rd.floor "
		"THEN m.min_group_size END FROM (" ROUND_MIN_GROUP_OF_SQL("rd.round_id") ") AS m), rd.dflt) AS t "
		"FROM rd JOIN round r ON r.id = rd.round_id "
		"JOIN unit u ON u.id = r.unit_id LEFT JOIN claim c ON c.id = rd.round_id), "
		"w1 AS (SELECT b.ord, b.round_id, b.rkey, b.grp, b.day, b.id, b.waiting, st.t, "
		"row_number() OVER w AS k, count(*) OVER (PARTITION BY b.round_id) AS n, "
		"sum(b.inc) OVER w AS inc_upto, st.pending - b.waiting + coalesce(sum(1 - b.waiting) OVER "
		"(w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS c0 "
		"FROM b JOIN st ON st.round_id = b.round_id WHERE b.nth = 1 "
		"WINDOW w AS (PARTITION BY b.round_id ORDER BY b.ord)), "
		"w2 AS (SELECT w1.*, min(k) FILTER (WHERE c0 + 1 >= t) OVER (PARTITION BY round_id) AS kf FROM w1), "
		"steps AS (SELECT w2.*, CASE WHEN kf IS NOT NULL AND k <= kf + t * ((n - kf) / t) THEN 1 ELSE 0 END "
		"AS counted, CASE WHEN waiting = 1 AND k > kf THEN 1 ELSE 0 END AS unforeseen FROM w2), "
		"resp AS (INSERT INTO response (round_id, respondent_key, staff_group, revision, submitted, "
		"submitted_on, counted) SELECT round_id, rkey, grp, 1, 1, day, counted FROM steps WHERE unforeseen = 0 "
		"ORDER BY ord ON CONFLICT (respondent_key) DO UPDATE SET staff_group = excluded.staff_group, "
		"revision = response.revision + 2, submitted = 1, submitted_on = excluded.submitted_on, "
		"counted = excluded.counted WHERE response.round_id = excluded.round_id AND response.counted = 0 "
		"RETURNING respondent_key, counted), "
		"crossed AS (SELECT DISTINCT p.round_id FROM steps p JOIN resp x ON x.respondent_key = p.rkey "
		"WHERE x.counted = 1), "
		"others AS (UPDATE response SET counted = 1 FROM crossed WHERE response.round_id = crossed.round_id "
		"AND submitted = 1 AND counted = 0 AND respondent_key NOT IN (SELECT rkey FROM s)), "
		"answers_gone AS (DELETE FROM answer WHERE response_id IN "
		"(SELECT id FROM steps WHERE id IS NOT NULL)), "
		"energy_gone AS (DELETE FROM energy WHERE response_id IN (SELECT id FROM steps WHERE id IS NOT NULL)) "
		"SELECT b.ord, b.id, b.staff_group, b.revision, b.submitted, b.counted, st.answers_from, st.name, "
		"st.headcount, st.shared_after - st.incs + p.inc_upto, b.inc, "
		"CASE WHEN p.ord IS NOT NULL AND x.respondent_key IS NOT NULL THEN 1 ELSE 0 END "
		"FROM b LEFT JOIN steps p ON p.ord = b.ord LEFT JOIN st ON st.round_id = b.round_id "
		"LEFT JOIN resp x ON x.respondent_key = b.rkey ORDER BY b.ord",
	/* A batch's answers (store_queue_row), after its submissions' statements have made or updated each
	 * response and cleared the answers of one submitted again: each row inserted plainly. Each response is
	 * looked up once, by its key's index (LIMIT 1 keeps it a probe whatever the plan cached when the table was
	 * small), and the rows meet them in a hash: = ANY over the rows' keys compared each response read with
	 * every row (30 ms a batch). */
	[Q_ANSWERS_ADD_ROWS] =
		"INSERT INTO answer (response_id, item_code, score, comment) SELECT r.id, u.item, u.score, u.comment "
		"FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[]) AS u (rkey, item, score, comment) "
		"JOIN (" ROWS_RESPONSES_SQL ") AS r ON r.respondent_key = u.rkey",
	[Q_ENERGY_ADD_ROWS] =
		"INSERT INTO energy (response_id, target, level) SELECT r.id, u.target, u.level "
		"FROM unnest($1::text[], $2::text[], $3::integer[]) AS u (rkey, target, level) "
		"JOIN (" ROWS_RESPONSES_SQL ") AS r ON r.respondent_key = u.rkey",
	/* Only each unit's newest round, joined to its sums: the older rounds' rows (five in six) are neither sent
	 * nor looked up in round_summary. The rows the caller keeps from the query for SQLite, where reading the
	 * index backwards and skipping in C is faster than a window. OFFSET 0 keeps the sums a lookup per round
	 * (2,000 index probes, the rows already in order): the planner's hash join instead hashed every packed
	 * value and sorted the result again, 11 ms against 7 (EXPLAIN ANALYZE, bench/RESULTS.md). */
	[Q_REGION_LATEST] = "SELECT r.id, r.unit_id, r.opens_on, r.closes_on, r.instrument_version, r.closed_at, "
			    "r.reopened_at, s.respondents, s.sums "
			    "FROM (SELECT DISTINCT ON (r.unit_id) r.id, r.unit_id, r.opens_on, r.closes_on, "
			    "r.instrument_version, r.closed_at, r.reopened_at FROM round r WHERE " REGION_ROUNDS_SQL
			    " ORDER BY r.unit_id DESC, r.opens_on DESC, r.id DESC) r LEFT JOIN LATERAL "
			    "(SELECT respondents, sums FROM round_summary WHERE round_id = r.id OFFSET 0) s ON true "
			    "ORDER BY r.unit_id DESC",
};

const char *
query_text(enum query_id q, bool postgresql)
{
	return postgresql && query_sql_postgresql[q] ? query_sql_postgresql[q] : query_sql[q];
}

bool
query_binary_rows(enum query_id q)
{
	return q == Q_REGION_LATEST;
}

bool
query_changes_unit_tree(enum query_id q)
{
	switch (q) {
	case Q_UNIT_ADD:
	case Q_UNIT_RENAME:
	case Q_UNIT_MOVE:
	case Q_UNIT_ARCHIVE:
	case Q_UNIT_SET_LIST_SIZE:
	case Q_UNIT_MIN_GROUP_SET:
	case Q_UNIT_SHARE_SET:
	case Q_UNIT_SET_ODS: return true;
	default: return false;
	}
}

/* Whether Q may change what the regional grid shows: a round (opened, closed, reopened, moved, deleted), which
 * answers of a closed round count, or a round's stored sums (every change to a closed round's answers forgets
 * them, region.h). A unit test holds every statement writing these tables to this list. */
bool
query_changes_results(enum query_id q)
{
	static const char *const tables[] = {"round", "round_summary", NULL};
	if (!query_writes(q))
		return false;
	if (q == Q_ROUND_COUNT_ALL_ONCE || q == Q_ROUND_COUNT_PENDING || q == Q_RESPONSE_SUBMIT_ROWS)
		return true;
	return query_writes_table(q, tables);
}

/* Whether Q writes one of TABLES (NULL-terminated): INSERT INTO, UPDATE or DELETE FROM it. */
bool
query_writes_table(enum query_id q, const char *const *tables)
{
	const char *sql = query_text(q, !query_sql[q]); /* a statement PostgreSQL only has */
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	static const char *const verbs[] = {"INSERT INTO ", "UPDATE ", "DELETE FROM ", NULL};
	for (const char *const *v = verbs; *v; v++) {
		size_t vl = strlen(*v);
		if (strncmp(sql, *v, vl) != 0)
			continue;
		for (const char *const *t = tables; *t; t++) {
			size_t tl = strlen(*t);
			if (strncmp(sql + vl, *t, tl) == 0 && (sql[vl + tl] == ' ' || sql[vl + tl] == '('))
				return true;
		}
	}
	return false;
}

bool
query_writes(enum query_id q)
{
	const char *sql = query_text(q, !query_sql[q]); /* a statement PostgreSQL only has */
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncmp(sql, "SELECT", 6) != 0;
}

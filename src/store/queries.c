/* queries.c - the text of every statement (see queries.h). Values are always bound, never formatted in. */
#include "store/queries.h"

#define UNIT_COLUMNS "id, code, name, type, parent_id, list_size, counted_on, archived_at"
#define USER_COLUMNS "id, email, name, password_hash, is_admin, disabled_at"

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
	[Q_ROLE_SET] = "INSERT INTO unit_role (user_id, unit_id, role, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5) "
		       "ON CONFLICT (user_id, unit_id) DO UPDATE SET role = excluded.role, "
		       "granted_by = excluded.granted_by, granted_at = excluded.granted_at",
	[Q_ROLE_DELETE] = "DELETE FROM unit_role WHERE user_id = $1 AND unit_id = $2",
	[Q_ROLES_OF_USER] = "SELECT unit_id, role FROM unit_role WHERE user_id = $1",
	[Q_ROLES_ALL] = "SELECT r.unit_id, r.role, u.id, u.email, u.name FROM unit_role r "
			"JOIN app_user u ON u.id = r.user_id ORDER BY u.email",

	[Q_SESSION_ADD] = "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, "
			  "expires_at, address) VALUES ($1, $2, $3, $4, $4, $5, $6)",
	[Q_SESSION_GET] = "SELECT user_id, csrf_token, last_seen_at, expires_at FROM user_session WHERE token_hash = $1",
	[Q_SESSION_TOUCH] = "UPDATE user_session SET last_seen_at = $2 WHERE token_hash = $1",
	[Q_SESSION_DELETE] = "DELETE FROM user_session WHERE token_hash = $1",
	[Q_SESSIONS_DELETE_USER] = "DELETE FROM user_session WHERE user_id = $1",
	[Q_SESSIONS_PURGE] = "DELETE FROM user_session WHERE expires_at <= $1 OR last_seen_at <= $2",
	[Q_PWTOKEN_ADD] = "INSERT INTO password_token (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
	[Q_PWTOKEN_GET] = "SELECT user_id FROM password_token WHERE token_hash = $1 AND expires_at > $2",
	[Q_PWTOKEN_DELETE] = "DELETE FROM password_token WHERE token_hash = $1",
	[Q_PWTOKENS_DELETE_USER] = "DELETE FROM password_token WHERE user_id = $1",
	[Q_THROTTLE_GET] = "SELECT failures, last_failure_at, locked_until FROM signin_throttle WHERE key = $1",
	[Q_THROTTLE_PUT] = "INSERT INTO signin_throttle (key, failures, last_failure_at, locked_until) "
			   "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
			   "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
	[Q_THROTTLE_CLEAR] = "DELETE FROM signin_throttle WHERE key = $1",

	[Q_STAFF_GROUPS] = "SELECT id, code, name FROM staff_group WHERE region_id = $1 ORDER BY position, id",
	[Q_STAFF_GROUP_ADD] = "INSERT INTO staff_group (region_id, code, name, position) VALUES ($1, $2, $3, $4)",
	[Q_STAFF_GROUP_DELETE] = "DELETE FROM staff_group WHERE region_id = $1 AND code = $2",
	[Q_STAFF_GROUP_MAX_POSITION] = "SELECT coalesce(max(position), 0) FROM staff_group WHERE region_id = $1",

	[Q_AUDIT_ADD] = "INSERT INTO audit_log (at, actor_id, actor, action, unit_id, target, detail, address) "
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[Q_AUDIT_LIST] = "SELECT a.id, a.at, a.actor, a.action, a.unit_id, a.target, a.detail, a.address FROM audit_log a "
			 "WHERE a.id < $1 ORDER BY a.id DESC",
};

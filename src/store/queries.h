/*
 * queries.h - every SQL statement caregrid runs, by name. The text is in queries.c, written in the SQL
 * SQLite and PostgreSQL share, with $1, $2 ... placeholders; backends prepare each once per connection.
 */
#ifndef CAREGRID_QUERIES_H
#define CAREGRID_QUERIES_H

enum query_id {
	Q_SCHEMA_VERSION,
	Q_SCHEMA_RECORD,
	Q_INSTRUMENT_PUT,
	Q_INSTRUMENT_EACH,
	/* units */
	Q_UNIT_TYPES,
	Q_UNIT_ID_BY_CODE,
	Q_UNIT_ADD,
	Q_UNIT_COUNT,
	Q_UNITS_ALL,
	Q_UNIT_RENAME,
	Q_UNIT_MOVE,
	Q_UNIT_ARCHIVE,
	Q_UNIT_SET_LIST_SIZE,
	/* people */
	Q_USER_ADD,
	Q_USER_BY_EMAIL,
	Q_USER_BY_ID,
	Q_USER_SET_PASSWORD,
	Q_USERS_ALL,
	Q_USER_COUNT,
	Q_ROLE_SET,
	Q_ROLE_DELETE,
	Q_ROLES_OF_USER,
	Q_ROLES_ALL,
	/* sessions and sign-in */
	Q_SESSION_ADD,
	Q_SESSION_GET,
	Q_SESSION_TOUCH,
	Q_SESSION_DELETE,
	Q_SESSIONS_DELETE_USER,
	Q_SESSIONS_PURGE,
	Q_PWTOKEN_ADD,
	Q_PWTOKEN_GET,
	Q_PWTOKEN_DELETE,
	Q_PWTOKENS_DELETE_USER,
	Q_THROTTLE_GET,
	Q_THROTTLE_PUT,
	Q_THROTTLE_CLEAR,
	/* staff groups */
	Q_STAFF_GROUPS,
	Q_STAFF_GROUP_ADD,
	Q_STAFF_GROUP_DELETE,
	Q_STAFF_GROUP_MAX_POSITION,
	/* audit */
	Q_AUDIT_ADD,
	Q_AUDIT_LIST,
	Q_COUNT
};

extern const char *const query_sql[Q_COUNT];

#endif

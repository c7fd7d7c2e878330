/* queries.c - the text of every statement (see queries.h). Values are always bound, never formatted in. */
#include "store/queries.h"

const char *const query_sql[Q_COUNT] = {
	[Q_SCHEMA_VERSION] = "SELECT coalesce(max(version), 0) FROM schema_migrations",
	[Q_SCHEMA_RECORD] = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
	[Q_INSTRUMENT_PUT] =
		"INSERT INTO instrument_version (instrument_id, version, title, definition, hash, origin, added_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (instrument_id, version) DO NOTHING",
	[Q_INSTRUMENT_EACH] = "SELECT instrument_id, version, definition, hash FROM instrument_version "
			      "ORDER BY instrument_id, version",
	[Q_UNIT_ID_BY_CODE] = "SELECT id FROM unit WHERE code = $1",
	[Q_UNIT_ADD] = "INSERT INTO unit (code, name, type, parent_id, list_size, counted_on, created_at) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	[Q_UNIT_COUNT] = "SELECT count(*) FROM unit",
};

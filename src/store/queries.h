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
	Q_UNIT_ID_BY_CODE,
	Q_UNIT_ADD,
	Q_UNIT_COUNT,
	Q_COUNT
};

extern const char *const query_sql[Q_COUNT];

#endif

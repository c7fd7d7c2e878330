/*
 * app.h - what every request handler may read: the state the server loads at start. Read-only while
 * serving, so the worker threads share it without locks.
 */
#ifndef CAREGRID_APP_H
#define CAREGRID_APP_H

struct catalog;

struct app {
	const struct catalog *catalog;
	const char *db_path;
};

#endif

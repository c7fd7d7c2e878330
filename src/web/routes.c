/*
 * routes.c - the route table: every URL the server answers, its handler and who may call it. The access
 * test in tests/unit walks this same table, so a route added without an access rule fails the build.
 */
#include "web/handlers.h"

const struct route routes[] = {
	{"GET", "/", page_home, ACCESS_PUBLIC},
	{"GET", "/instruments/{id}", page_instrument, ACCESS_PUBLIC},
	{"GET", "/api/instruments", api_instruments_list, ACCESS_PUBLIC},
	{"GET", "/api/instruments/{id}", api_instruments_get, ACCESS_PUBLIC},
	{"GET", "/static/{file}", static_file, ACCESS_PUBLIC},
	{NULL, NULL, NULL, 0},
};

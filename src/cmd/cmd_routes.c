/* cmd_routes.c - caregrid routes: the server's route table with each route's access rule, the resource its
 * {id} names and its flags (http.h), one per line, so that the end-to-end access test can walk every route
 * and a new one cannot escape it. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "web/http.h"

int
cmd_routes(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage_error("routes", "takes no arguments");
	char flags[64];
	for (const struct route *r = routes; r->method; r++) {
		route_flag_names(r->flags, flags, sizeof flags);
		const char *resource = route_resource_name(route_resource(r));
		printf("%s %s %s %s %s\n", r->method, r->pattern, access_name(r->access), resource, flags);
		if (r->flags & ROUTE_API)
			printf("%s /api%s %s %s %s\n", r->method, r->pattern, access_name(r->access), resource, flags);
	}
	return EXIT_OK;
}

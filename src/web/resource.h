/*
 * resource.h - the dispatcher's loading of the resource a route's {id} names (http.h, enum route_resource):
 * once, before the handler runs, with one 404 and one storage failure reply for every page and API route.
 */
#ifndef CAREGRID_RESOURCE_H
#define CAREGRID_RESOURCE_H

#include <stdbool.h>

#include "web/http.h"

/* Loads ROUTE's resource onto REQ (after its access rule: REQ->unit and REQ->user are known). True when the
 * handler may run (also when the route names none); false when the reply (404, 503, 500) is written. */
bool resource_resolve(struct request *req, struct response *res, const struct route *route);
/* Gives back what REQ's resource owns; REQ's pointers to it are cleared. Safe to call twice, or with none. */
void resource_release(struct request *req);

#endif

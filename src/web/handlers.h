/*
 * handlers.h - the page and API handlers the route table names, one file per page or resource.
 */
#ifndef CAREGRID_HANDLERS_H
#define CAREGRID_HANDLERS_H

#include "web/http.h"

void page_home(struct request *req, struct response *res);           /* page_home.c */
void page_instrument(struct request *req, struct response *res);     /* page_instrument.c */
void api_instruments_list(struct request *req, struct response *res); /* api_instruments.c */
void api_instruments_get(struct request *req, struct response *res);
void static_file(struct request *req, struct response *res);         /* static.c */

/* The instrument named by the request's first path parameter and its ?version= argument, or NULL after
 * a 404 or 400 reply has been written. (api_instruments.c) */
const struct instrument *instrument_from_request(struct request *req, struct response *res);

#endif

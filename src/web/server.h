/*
 * server.h - the HTTP server: libmicrohttpd with its own pool of worker threads (one per core, epoll),
 * dispatching through the route table. Handlers get a per-request arena freed when the request completes.
 */
#ifndef CAREGRID_SERVER_H
#define CAREGRID_SERVER_H

#include "lib/error.h"
#include "web/app.h"

struct server_options {
	const char *listen; /* IPv4 or IPv6 address; NULL = 127.0.0.1 */
	unsigned port;      /* 0 = any free port (see server_port) */
	unsigned threads;   /* 0 = one per core */
	unsigned header_deadline_s; /* a request's headers must all arrive within this; 0 = 30 */
	unsigned max_per_address;   /* open connections from one address; 0 = 32 (fewer with a small file limit) */
};

struct server;

/* Starts serving APP (which must outlive the server). */
int server_start(struct server **out, const struct app *app, const struct server_options *opts,
		 struct error *err);
/* The port actually bound. */
unsigned server_port(const struct server *srv);
/* Stops accepting, lets requests in flight finish, and frees the server. NULL is a no-op. */
void server_stop(struct server *srv);

#endif

/*
 * guard.h - deadlines against slow clients. libmicrohttpd's own timeout is an idle one: a client sending a
 * header byte every few seconds would hold its connection for ever. The guard keeps every open connection
 * with the time its current request began, and a thread cuts (shuts down) any connection whose request's
 * headers have not all arrived within the deadline. Bodies have a minimum rate (server.c); connections per
 * address and in all are capped by libmicrohttpd's options (server.c).
 */
#ifndef CAREGRID_GUARD_H
#define CAREGRID_GUARD_H

#include <microhttpd.h>

#include "lib/error.h"

struct conn_guard;

/* Starts the guard's sweep, once a second on a worker (lib/worker.h); HEADER_DEADLINE_S seconds for a
 * request's headers. -1 with ERR when it cannot start, nothing left held. */
int conn_guard_start(struct conn_guard **out, unsigned header_deadline_s, struct error *err);
/* Stops the thread and frees the guard; call after the daemon has stopped. NULL is a no-op. */
void conn_guard_free(struct conn_guard *g);
/* MHD_OPTION_NOTIFY_CONNECTION's callback, with the guard as its closure. */
void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode toe);
/* The connection's request has all its headers (the access handler's first call): no deadline until done. */
void conn_guard_headers_in(struct MHD_Connection *conn);
/* The request is answered; the next one on this connection starts its clock now. */
void conn_guard_request_done(struct MHD_Connection *conn);

#endif

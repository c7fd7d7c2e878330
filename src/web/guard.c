/* guard.c - cutting connections whose headers come too slowly (see guard.h). */
#include "web/guard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/worker.h"
#include "lib/xalloc.h"

/* One open connection; owned by the guard's list, freed when libmicrohttpd closes the connection. */
struct tracked {
	struct tracked *prev, *next; /* under the guard's lock */
	struct conn_guard *guard;
	int fd;
	/* Set by the connection's own thread on every request, read by the sweep: atomics rather than the
	 * guard's one lock, which every request of every thread took twice. */
	_Atomic time_t since;     /* when its current request began (or the connection opened) */
	atomic_bool in_request;   /* headers in, being answered: no deadline */
	bool cut;                 /* the sweep's own */
};

struct conn_guard {
	pthread_mutex_t lock;  /* guards the list */
	struct worker sweeper; /* once a second */
	struct tracked *head;
	unsigned deadline;
};

static time_t
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

static void
sweep(void *arg)
{
	struct conn_guard *g = arg;
	pthread_mutex_lock(&g->lock);
	time_t now = now_s();
	for (struct tracked *t = g->head; t; t = t->next)
		if (!t->cut && !atomic_load(&t->in_request) && now - atomic_load(&t->since) >= (time_t)g->deadline) {
			/* libmicrohttpd sees the socket fail and closes the connection on its own thread. */
			shutdown(t->fd, SHUT_RDWR);
			t->cut = true;
		}
	pthread_mutex_unlock(&g->lock);
}

int
conn_guard_start(struct conn_guard **out, unsigned header_deadline_s, struct error *err)
{
	struct conn_guard *g = xcalloc(1, sizeof *g);
	g->deadline = header_deadline_s;
	*out = NULL;
	pthread_mutex_init(&g->lock, NULL);
	if (worker_start(&g->sweeper, "the connection guard", sweep, g, 1000, err) < 0) {
		pthread_mutex_destroy(&g->lock);
		free(g);
		return -1;
	}
	*out = g;
	return 0;
}

void
conn_guard_free(struct conn_guard *g)
{
	if (!g)
		return;
	worker_stop(&g->sweeper);
	while (g->head) {
		struct tracked *t = g->head;
		g->head = t->next;
		free(t);
	}
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void
conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode toe)
{
	struct conn_guard *g = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct tracked *t = xcalloc(1, sizeof *t);
		t->guard = g;
		t->fd = ci ? ci->connect_fd : -1;
		t->since = now_s();
		pthread_mutex_lock(&g->lock);
		t->next = g->head;
		if (g->head)
			g->head->prev = t;
		g->head = t;
		pthread_mutex_unlock(&g->lock);
		*socket_context = t;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		struct tracked *t = *socket_context;
		pthread_mutex_lock(&g->lock);
		if (t->prev)
			t->prev->next = t->next;
		else
			g->head = t->next;
		if (t->next)
			t->next->prev = t->prev;
		pthread_mutex_unlock(&g->lock);
		free(t);
		*socket_context = NULL;
	}
}

static struct tracked *
tracked_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void
conn_guard_headers_in(struct MHD_Connection *conn)
{
	struct tracked *t = tracked_of(conn);
	if (t)
		atomic_store(&t->in_request, true);
}

void
conn_guard_request_done(struct MHD_Connection *conn)
{
	struct tracked *t = tracked_of(conn);
	if (!t)
		return;
	/* The time first: the sweep must never see "between requests" with the last request's start. */
	atomic_store(&t->since, now_s());
	atomic_store(&t->in_request, false);
}

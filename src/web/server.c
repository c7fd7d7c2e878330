/*
 * server.c - libmicrohttpd set-up and request dispatch (see server.h).
 *
 * The reply is queued on the second call of the access handler, never on the first (headers-only) one:
 * queueing early costs keep-alive (measured: 65k -> 19k requests/s). Bodies are read up to a limit and
 * slow clients are dropped by the connection timeout.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xalloc.h"
#include "web/http.h"

#define BODY_MAX_BYTES (1024 * 1024)
#define CONNECTION_TIMEOUT_S 30

struct server {
	struct MHD_Daemon *daemon;
	const struct app *app;
	unsigned port;
};

/* What one request carries between the access handler's calls. */
struct request_state {
	struct arena *arena;
	size_t body_len;
	bool body_too_large;
};

static const char *const security_headers[][2] = {
	{"Content-Security-Policy",
	 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
	 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "same-origin"},
	{NULL, NULL},
};

/* The one place a reply leaves the server: status, content type, caching and security headers. */
static enum MHD_Result
send_response(struct MHD_Connection *conn, struct response *res)
{
	if (res->body.overflow) {
		fprintf(stderr, "caregrid: reply larger than %d bytes refused\n", RESPONSE_MAX_BYTES);
		buf_release(&res->body);
		buf_puts(&res->body, "reply too large\n");
		res->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		res->content_type = "text/plain; charset=utf-8";
	}
	size_t len;
	char *body = buf_detach(&res->body, &len);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, res->cache_control ? res->cache_control : "no-store");
	if (res->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
	for (size_t i = 0; security_headers[i][0]; i++)
		MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method, const char *version,
	   const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	struct server *srv = cls;
	struct request_state *st = *con_cls;
	if (!st) {
		st = xcalloc(1, sizeof *st);
		st->arena = arena_new();
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* No route reads a body yet: count it against the limit and drop it. */
		st->body_len += *upload_data_size;
		if (st->body_len > BODY_MAX_BYTES)
			st->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}

	struct request req = {.conn = conn, .method = method, .path = url, .arena = st->arena, .app = srv->app};
	struct response res = {.status = MHD_HTTP_OK, .content_type = "text/html; charset=utf-8"};
	buf_init(&res.body, RESPONSE_MAX_BYTES);

	const char *allow;
	const struct route *route = route_match(&req, method, url, &allow);
	if (st->body_too_large) {
		respond_error(&req, &res, MHD_HTTP_CONTENT_TOO_LARGE, "The request body is larger than allowed.");
	} else if (route) {
		route->handler(&req, &res);
	} else if (allow) {
		res.allow = allow;
		respond_error(&req, &res, MHD_HTTP_METHOD_NOT_ALLOWED,
			      arena_printf(st->arena, "%s is not allowed here; use %s.", method, allow));
	} else {
		respond_error(&req, &res, MHD_HTTP_NOT_FOUND, "There is no page at this address.");
	}
	if (res.status >= 500)
		fprintf(stderr, "caregrid: %s %s -> %d\n", method, url, res.status);
	enum MHD_Result ret = send_response(conn, &res);
	buf_release(&res.body);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct request_state *st = *con_cls;
	if (!st)
		return;
	arena_free(st->arena);
	free(st);
	*con_cls = NULL;
}

static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("caregrid: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

int
server_start(struct server **out, const struct app *app, const struct server_options *opts, struct error *err)
{
	*out = NULL;
	const char *listen = opts->listen ? opts->listen : "127.0.0.1";
	struct sockaddr_storage addr;
	memset(&addr, 0, sizeof addr);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_ERROR_LOG;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
	if (inet_pton(AF_INET, listen, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)opts->port);
	} else if (inet_pton(AF_INET6, listen, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)opts->port);
		flags |= MHD_USE_IPv6;
	} else {
		return error_set(err, "--listen %s: not an IPv4 or IPv6 address", listen);
	}
	if (opts->port > 65535)
		return error_set(err, "--port %u: ports go from 0 to 65535", opts->port);
	unsigned threads = opts->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}

	struct server *srv = xcalloc(1, sizeof *srv);
	srv->app = app;
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
				       MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
				       MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				       MHD_OPTION_THREAD_POOL_SIZE, threads,
				       MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
				       MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
				       MHD_OPTION_END);
	if (!srv->daemon) {
		free(srv);
		return error_set(err, "cannot listen on %s port %u (in use, or not an address of this machine)",
				 listen, opts->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : opts->port;
	*out = srv;
	return 0;
}

unsigned
server_port(const struct server *srv)
{
	return srv->port;
}

void
server_stop(struct server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->daemon);
	free(srv);
}

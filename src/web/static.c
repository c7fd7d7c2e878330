/* static.c - GET /static/{file}: the stylesheet and other assets compiled into the binary. */
#include <microhttpd.h>
#include <string.h>

#include "lib/embedded.h"
#include "web/handlers.h"

void
static_file(struct request *req, struct response *res)
{
	char name[128];
	snprintf(name, sizeof name, "src/web/static/%s", req->params[0]);
	const struct embedded_file *f = strchr(req->params[0], '/') ? NULL : embedded_find(name);
	if (!f) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such file."));
		return;
	}
	const char *dot = strrchr(name, '.');
	res->content_type = dot && strcmp(dot, ".css") == 0 ? "text/css; charset=utf-8"
			    : dot && strcmp(dot, ".svg") == 0 ? "image/svg+xml"
			    : dot && strcmp(dot, ".js") == 0 ? "text/javascript; charset=utf-8"
							      : "application/octet-stream";
	res->cache_control = "public, max-age=3600";
	buf_add(&res->body, f->data, f->len);
}

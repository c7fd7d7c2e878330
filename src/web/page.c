/* page.c - the shared page frame (see page.h). No inline script or style: the CSP forbids both. */
#include "web/page.h"

#include "version.h"

void
page_begin(struct buf *b, const char *title, const struct crumb *crumbs)
{
	html_printf(b,
		    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s · caregrid</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/caregrid.css\">\n"
		    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n"
		    "<header class=\"site\"><a class=\"brand\" href=\"/\">caregrid</a>"
		    "<span class=\"tagline\">mapping the journey of primary care teams</span></header>\n",
		    title);
	if (crumbs && crumbs[0].label) {
		buf_puts(b, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>");
		for (const struct crumb *c = crumbs; c->label; c++) {
			if (c->href)
				html_printf(b, "<li><a href=\"%s\">%s</a></li>", c->href, c->label);
			else
				html_printf(b, "<li aria-current=\"page\">%s</li>", c->label);
		}
		buf_puts(b, "</ol></nav>\n");
	}
	buf_puts(b, "<main>\n");
}

void
page_end(struct buf *b)
{
	html_printf(b,
		    "</main>\n<footer class=\"site\">caregrid %s · <a href=\"/api/instruments\">JSON API</a></footer>\n"
		    "</body>\n</html>\n",
		    CAREGRID_VERSION);
}

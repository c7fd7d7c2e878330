/* page_accessibility.c - GET /accessibility: the accessibility statement, as UK public-sector sites publish
 * one (the Public Sector Bodies Accessibility Regulations 2018), for the organisations that run caregrid. */
#include <microhttpd.h>

#include "web/handlers.h"
#include "web/page.h"

void
page_accessibility(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	page_begin(b, req, _("Accessibility statement"), NULL);
	buf_puts(
		b,
		_("<h1>Accessibility statement</h1>\n"
		  "<p class=\"lead\">caregrid is meant to be used by everyone in a primary care team: on a phone in a "
		  "few "
		  "minutes, with a keyboard, with a screen reader, zoomed in.</p>\n"
		  "<h2>What you should be able to do</h2>\n<ul>\n"
		  "<li>answer a survey or a colleague's 360 on a phone 390 pixels wide, without scrolling "
		  "sideways;</li>\n"
		  "<li>zoom text to 200 per cent and read every page;</li>\n"
		  "<li>reach everything with a keyboard, with the focus always visible, and skip straight to a page's "
		  "content;</li>\n"
		  "<li>use every page with a screen reader: each question is named by its words, each chart's figures "
		  "are "
		  "also given as text;</li>\n"
		  "<li>read text and charts with enough contrast (WCAG 2.2 level AA).</li>\n</ul>\n"
		  "<h2>How accessible this service is</h2>\n"
		  "<p>caregrid aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. "
		  "Every "
		  "page a person reaches in its tests is checked automatically with axe-core against WCAG 2.0, 2.1 and "
		  "2.2 levels A and AA, at a phone's width and a desktop's, and walked with the keyboard. Automatic "
		  "checks "
		  "find only some problems; the pages have not yet been tested by disabled people or with every screen "
		  "reader.</p>\n"
		  "<h3>Known problems</h3>\n<ul>\n"
		  "<li>Some charts (the radar and the SPC chart) give their figures as text beside them rather than as "
		  "part of the chart.</li>\n"
		  "<li>Wide tables (the regional grid, the journey) scroll sideways on a phone, with the first column "
		  "kept "
		  "in view.</li>\n</ul>\n"
		  "<h2>Reporting a problem</h2>\n"
		  "<p>If you cannot use part of caregrid, or find a problem not listed here, tell the person who runs "
		  "caregrid for your organisation (your practice manager or the facilitator who sent you the link), "
		  "and "
		  "say which page and what happened. For a survey you can also ask for it on paper: answers on paper "
		  "can "
		  "be entered for you.</p>\n"
		  "<h2>Enforcement</h2>\n"
		  "<p>In the UK, the Equality and Human Rights Commission (EHRC) enforces the Public Sector Bodies "
		  "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy "
		  "with "
		  "how your complaint is handled, contact the Equality Advisory and Support Service (EASS).</p>\n"
		  "<h2>About this statement</h2>\n"
		  "<p>This statement describes the caregrid software as released; the organisation running it adds its "
		  "own contact details. It was prepared on 1 December 2026 and is reviewed with each release.</p>\n"));
	page_end(b, req);
}

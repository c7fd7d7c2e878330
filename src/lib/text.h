/*
 * text.h - whether bytes are text caregrid will store: valid UTF-8 (no overlong forms, no surrogates, nothing
 * past U+10FFFF), no NUL, and no control character but tab, carriage return and line feed (the last two
 * only where the text may run over several lines). Every text that comes in - form fields, query arguments,
 * JSON strings, CSV bodies, uploaded file names - is checked here before anything reads it.
 */
#ifndef CAREGRID_TEXT_H
#define CAREGRID_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

enum text_lines { TEXT_ONE_LINE, TEXT_LINES };

/* NULL when the N bytes at S are acceptable text; otherwise what is wrong, in words ("is not valid UTF-8
 * (byte 7)"), a static string. TEXT_ONE_LINE also refuses the line breaks beyond ASCII (U+0085, U+2028,
 * U+2029) and the C1 controls: a one-line text must look like one line wherever it is shown or sent. */
const char *text_problem(const char *s, size_t n, enum text_lines lines);

/* The length of the longest start of the N bytes at S that is at most MAX bytes and ends between UTF-8
 * characters: where a text is cut to fit, it is never cut inside a character. */
size_t text_cut(const char *s, size_t n, size_t max);

/* Whether S is NULL, empty or only white space: a field left blank, whatever the form sent. */
bool text_blank(const char *s);

/* Whether S is all of a whole number in base 10 from MIN to MAX, nothing before or after it (no spaces, no
 * "12abc", no overflow); then it is in *OUT. For numbers that come in as text (query arguments, form fields,
 * options, files): strtoll alone takes "12abc" as 12. */
bool text_to_number(const char *s, long long min, long long max, long long *out);

/*
 * A one-line field a person fills in (a round's, an action's or a cycle's title, a unit's, a measure's, a staff
 * group's or a person's name): 0 when S is not blank, at most MAX bytes (0: no limit) and passes
 * text_problem(TEXT_ONE_LINE); else -1 with ERR (invalid) naming FIELD, a text marked N_() where it is
 * written ("a round's title"), so that the reader sees it in their language. Web, API and command line all
 * reach it through the domain function that stores the field.
 */
int text_line_check(const char *field, const char *s, size_t max, struct error *err);

/*
 * The one check of an email address, for every address caregrid stores or sends to (accounts, invitations,
 * the sender). The subset of RFC 5321/5322 accepted, and why (README, "Text caregrid accepts"):
 *   local@domain, at most TEXT_ADDRESS_MAX bytes, the local part at most 64;
 *   the local part a dot-atom: letters, digits and !#$%&'*+/=?^_`{|}~- in runs joined by single dots (no
 *   quoted local parts: no mail client needs them and they hide commas and spaces);
 *   the domain at least two labels of letters, digits and hyphens, each 1 to 63 bytes, none starting or
 *   ending with a hyphen (so no a@.example, a@-.example); no address literals ([192.0.2.1]);
 *   ASCII only: internationalised addresses (RFC 6531) are refused with that reason, since the mail relay and
 *   the outbox are not known to carry them end to end; so are controls, line breaks, U+2028 and U+2029.
 * 0 when S is such an address; else -1 with ERR (invalid) saying what is wrong.
 */
#define TEXT_ADDRESS_MAX 254
int text_address_check(const char *s, struct error *err);

#endif

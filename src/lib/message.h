/*
 * message.h - a text made from a printf format, kept as that format (its gettext msgid) and its arguments as
 * printf wrote them, so that it can be written again in another language: the catalogue's translation of the
 * format, whose conversions are the same (msgfmt --check sees to it), with the same arguments put in, in
 * order or by position (%2$s). Errors (error.h) and problem lists (strvec.h) are made where the language is
 * not known and translated forward like this where the reply is written.
 */
#ifndef CAREGRID_MESSAGE_H
#define CAREGRID_MESSAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define MESSAGE_ARGS_MAX 8
#define MESSAGE_ARG_MAX 200 /* bytes of one argument's text with its NUL; longer ones are cut, whole characters */

struct lang;

struct message {
	const char *id; /* the format, a string literal (not owned); NULL: nothing to translate (see msg) */
	unsigned n_args;
	char args[MESSAGE_ARGS_MAX][MESSAGE_ARG_MAX]; /* args[0] is what %1$ (or the first conversion) wrote */
};

/* One conversion of a format. */
struct message_conv {
	size_t len;      /* its length from the '%' ("%-5.2ld" is 7) */
	unsigned pos;    /* n of a "%n$" (1-based); 0 when it has none */
	char flags[8];   /* of "-+ #0" */
	int width, precision; /* -1: none; a star's is read with the arguments */
	bool star_width, star_precision;
	char length[3];  /* "", "h", "hh", "l", "ll", "z", "j", "t", "L" */
	char letter;     /* 'd', 's', '%'... */
};

/* The conversion at FMT (which points at a '%'): 0 with *C filled, or -1 when it is not one caregrid's
 * messages use (%n, %p, %ls, %*n$, a spec too long...). */
int message_conv_parse(const char *fmt, struct message_conv *c);

/* M = FMT's arguments read from AP (va_arg in their order, by position when FMT numbers them). -1 (M's id
 * NULL) when FMT has a conversion message_conv_parse refuses or more than MESSAGE_ARGS_MAX of them. */
int message_capture(struct message *m, const char *fmt, va_list ap);
int message_make(struct message *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* FORMAT (M's id or its translation) with M's arguments put in place of its conversions, in order or by
 * position, into OUT; TRANSLATE, when not NULL, is asked for each %s argument's words (a catalogue's
 * text passed whole, as "row 3: %s" with a problem's fixed words). A conversion naming an argument M lacks
 * is left out. OUT is always terminated; the text is cut at SIZE. */
typedef const char *(*message_translate_fn)(void *ctx, const char *s);
const char *message_render(const struct message *m, const char *format, message_translate_fn translate, void *ctx,
			   char *out, size_t size);

/* M in L (NULL: English): M's id translated when L's catalogue has it, else the English, with the arguments;
 * NULL when M has no id. */
const char *message_in(const struct message *m, const struct lang *l, char *out, size_t size);

#endif

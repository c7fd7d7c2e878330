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

enum text_lines { TEXT_ONE_LINE, TEXT_LINES };

/* NULL when the N bytes at S are acceptable text; otherwise what is wrong, in words ("is not valid UTF-8
 * (byte 7)"), a static string. */
const char *text_problem(const char *s, size_t n, enum text_lines lines);

/* The length of the longest start of the N bytes at S that is at most MAX bytes and ends between UTF-8
 * characters: where a text is cut to fit, it is never cut inside a character. */
size_t text_cut(const char *s, size_t n, size_t max);

/* Whether S is NULL, empty or only white space: a field left blank, whatever the form sent. */
bool text_blank(const char *s);

#endif

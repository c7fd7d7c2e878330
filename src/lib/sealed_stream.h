/*
 * sealed_stream.h - a file encrypted and authenticated as one stream (libsodium's
 * crypto_secretstream_xchacha20poly1305), as caregrid's encrypted backups are written. The layout:
 *
 *   "CGBACKUP"  8 bytes, the magic
 *   version     1 byte (1)
 *   key check   16 bytes: keyed BLAKE2b of a fixed text, so that a wrong key is told apart from damage
 *   header      24 bytes: the stream's header
 *   parts       each a 4-byte big-endian length L (17..65,553) and L bytes: at most 64 KiB of the plain text,
 *               sealed; the first part is also bound to the 25 bytes before the key check. Every part but the
 *               last has TAG_MESSAGE, the last TAG_FINAL, and nothing may follow it.
 *
 * A part changed, dropped, moved or cut short fails to open; a file that stops before its TAG_FINAL part is
 * truncated. The reader never writes a byte it has not authenticated, but what it wrote before it found a
 * fault stays written: read into a place that is thrown away on failure.
 */
#ifndef CAREGRID_SEALED_STREAM_H
#define CAREGRID_SEALED_STREAM_H

#include <stdio.h>

#include "lib/error.h"

#define SEALED_STREAM_KEY_BYTES 32
#define SEALED_STREAM_VERSION 1

/* Seals all of IN into OUT with KEY: 0, or -1 (ERR: reading or writing failed). */
int sealed_stream_write(FILE *in, FILE *out, const unsigned char key[SEALED_STREAM_KEY_BYTES], struct error *err);

/* Opens what sealed_stream_write made, from IN into OUT: 0 when the whole stream opened and ended with its last
 * part, else -1 with ERR saying what was wrong (not such a file, another version, another key, damaged at
 * part N, truncated, bytes after the end). */
int sealed_stream_read(FILE *in, FILE *out, const unsigned char key[SEALED_STREAM_KEY_BYTES], struct error *err);

#endif

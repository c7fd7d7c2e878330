/*
 * secret.h - a deployment's secret kept in a file of its own, and what is made with it: keyed hashes per
 * purpose and sealed (encrypted and authenticated) text. The file holds 64 hex digits and a line break; it is
 * made readable by its owner only (0600), whole or not at all, and never overwritten.
 */
#ifndef CAREGRID_SECRET_H
#define CAREGRID_SECRET_H

#include <stddef.h>

#include "lib/error.h"

#define SECRET_BYTES 32

/* Reads the secret at PATH: 1 read, 0 no such file, -1 (ERR names the file and what is wrong with it: damaged,
 * or readable by others than its owner). */
int secret_file_read(const char *path, unsigned char key[SECRET_BYTES], struct error *err);

/*
 * Writes KEY to a new file PATH with mode 0600: written and synced under a temporary name beside it, then
 * linked into place, so that nobody ever reads half a key. 1 written, 0 PATH exists already (nothing
 * written: read that one), -1 (ERR).
 */
int secret_file_create(const char *path, const unsigned char key[SECRET_BYTES], struct error *err);

/* The keyed BLAKE2b-256 of TEXT for PURPOSE (the purpose keeps the uses apart), as 64 hex digits. */
void secret_hash_hex(const unsigned char key[SECRET_BYTES], const char *purpose, const char *text, char out[65]);

/*
 * PLAIN sealed with a key made from KEY for PURPOSE: XSalsa20-Poly1305 with a random nonce, written as
 * "s1:" and base64 (the caller frees it). The same text sealed twice reads differently.
 */
char *secret_seal(const unsigned char key[SECRET_BYTES], const char *purpose, const char *plain);

/* True when TEXT looks sealed (starts "s1:"). */
int secret_is_sealed(const char *text);

/* Opens what secret_seal made: 0 with *PLAIN (free it), -1 when it was not sealed with this key and purpose
 * or has been altered (ERR). */
int secret_open(const unsigned char key[SECRET_BYTES], const char *purpose, const char *sealed, char **plain,
		struct error *err);

#endif

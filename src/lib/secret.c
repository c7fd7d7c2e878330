/*
 * secret.c - the key file and what is made with its key (see secret.h). The purpose of a keyed hash or a seal
 * is hashed in with the key, so that a value made for one use (a respondent's key) is never equal to one made
 * for another (a 360 colleague's key) and a sealed mail body cannot be opened as a sealed link.
 */
#include "lib/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/xalloc.h"

#define SEAL_PREFIX "s1:"

int
secret_file_read(const char *path, unsigned char key[SECRET_BYTES], struct error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return error_of(err, ERROR_INTERNAL, "the key file %s cannot be read: %s", path, strerror(errno));
	}
	/* As ssh does with a private key: a key others may read is no longer a secret, so say so rather than use it. */
	struct stat st;
	if (fstat(fd, &st) == 0 && (st.st_mode & 077)) {
		close(fd);
		return error_set(err,
				 "the key file %s can be read by others than its owner (mode %03o): make it private "
				 "with chmod 600 %s",
				 path, (unsigned)(st.st_mode & 0777), path);
	}
	char text[80];
	ssize_t n = read(fd, text, sizeof text);
	close(fd);
	if (n < 0)
		return error_of(err, ERROR_INTERNAL, "the key file %s cannot be read: %s", path, strerror(errno));
	size_t len = 0;
	const char *end = NULL;
	int rc = -1;
	if ((n == 64 || (n == 65 && text[64] == '\n')) &&
	    sodium_hex2bin(key, SECRET_BYTES, text, 64, NULL, &len, &end) == 0 && len == SECRET_BYTES &&
	    end == text + 64)
		rc = 1;
	sodium_memzero(text, sizeof text);
	if (rc < 0) {
		sodium_memzero(key, SECRET_BYTES);
		return error_set(err, "the key file %s is damaged: it must hold 64 hex digits (%zd bytes found)", path,
				 n);
	}
	return 1;
}

int
secret_file_create(const char *path, const unsigned char key[SECRET_BYTES], struct error *err)
{
	char *tmp = xasprintf("%s.new-XXXXXX", path);
	int fd = mkstemp(tmp); /* 0600, and O_EXCL: a name nobody else holds */
	if (fd < 0) {
		error_of(err, ERROR_INTERNAL, "the key file %s cannot be made: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	char text[66];
	sodium_bin2hex(text, 65, key, SECRET_BYTES);
	text[64] = '\n';
	int rc = fchmod(fd, 0600) == 0 && write(fd, text, 65) == 65 && fsync(fd) == 0 ? 0 : -1;
	int saved = errno;
	sodium_memzero(text, sizeof text);
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	/* link() never replaces: of two processes making the key at once, one wins and the other reads it. */
	if (rc == 0 && link(tmp, path) != 0) {
		saved = errno;
		rc = saved == EEXIST ? 1 : -1;
	}
	unlink(tmp);
	free(tmp);
	if (rc < 0)
		return error_of(err, ERROR_INTERNAL, "the key file %s cannot be made: %s", path, strerror(saved));
	if (rc == 1)
		return 0;
	/* The directory entry must last too: a key lost in a crash would leave a database nobody can read. */
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int dfd = open(slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return 1;
}

/* KEY's subkey for PURPOSE. */
static void
subkey(const unsigned char key[SECRET_BYTES], const char *purpose, unsigned char out[SECRET_BYTES])
{
	crypto_generichash(out, SECRET_BYTES, (const unsigned char *)purpose, strlen(purpose), key, SECRET_BYTES);
}

void
secret_hash_hex(const unsigned char key[SECRET_BYTES], const char *purpose, const char *text, char out[65])
{
	unsigned char digest[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, SECRET_BYTES, sizeof digest);
	/* The purpose's NUL ends it, so that ("ab", "c") and ("a", "bc") hash apart. */
	crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
	crypto_generichash_final(&st, digest, sizeof digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	sodium_memzero(&st, sizeof st);
}

char *
secret_seal(const unsigned char key[SECRET_BYTES], const char *purpose, const char *plain)
{
	unsigned char k[SECRET_BYTES];
	subkey(key, purpose, k);
	size_t n = strlen(plain);
	size_t boxed = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *box = xmalloc(boxed);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, box, k);
	sodium_memzero(k, sizeof k);
	size_t b64 = sodium_base64_ENCODED_LEN(boxed, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(strlen(SEAL_PREFIX) + b64);
	memcpy(out, SEAL_PREFIX, strlen(SEAL_PREFIX));
	sodium_bin2base64(out + strlen(SEAL_PREFIX), b64, box, boxed, sodium_base64_VARIANT_ORIGINAL);
	free(box);
	return out;
}

int
secret_is_sealed(const char *text)
{
	return text && strncmp(text, SEAL_PREFIX, strlen(SEAL_PREFIX)) == 0;
}

int
secret_open(const unsigned char key[SECRET_BYTES], const char *purpose, const char *sealed, char **plain,
	    struct error *err)
{
	*plain = NULL;
	if (!secret_is_sealed(sealed))
		return error_set(err, "the text is not sealed");
	const char *b64 = sealed + strlen(SEAL_PREFIX);
	size_t cap = strlen(b64) / 4 * 3 + 3, len = 0;
	unsigned char *box = xmalloc(cap);
	if (sodium_base642bin(box, cap, b64, strlen(b64), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
		free(box);
		return error_set(err, "the sealed text is damaged");
	}
	unsigned char k[SECRET_BYTES];
	subkey(key, purpose, k);
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *out = xmalloc(n + 1);
	int rc = crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
					    len - crypto_secretbox_NONCEBYTES, box, k);
	sodium_memzero(k, sizeof k);
	free(box);
	if (rc != 0) {
		free(out);
		return error_set(err, "the sealed text cannot be opened with this key file");
	}
	out[n] = '\0';
	*plain = out;
	return 0;
}

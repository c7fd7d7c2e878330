/*
 * cmd_user_data.c - caregrid user erase|export: a person's rights over their data, from the operator's side.
 * Erasing asks for the address to be typed again at a terminal (or --yes), and refuses without either, so
 * that a script cannot erase someone by a slip of its arguments. The export is written to a new file only
 * the operator can read (mode 0600): it is a person's data.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/auth.h"
#include "domain/erasure.h"
#include "domain/subject_access.h"
#include "store/store.h"

/* The address typed again at the terminal into OUT; -1 when nothing could be read. */
static int
confirm_typed(const struct user *u, char *out, size_t size)
{
	fprintf(stderr, "This erases %s (%s) for good: their plan, 360 cycles, roles and sessions.\n"
			"Type their email address again to confirm: ",
		u->email, u->name);
	if (!fgets(out, (int)size, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

int
user_erase_cmd(int argc, char **argv, const char *db)
{
	bool yes = false;
	const struct cmd_opt opts[] = {{"yes", CMD_FLAG, &yes, 0}, {"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	int first, rc = cmd_options("user", argc, argv, opts, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return usage_error("user", "erase needs exactly one EMAIL");
	if (!yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "caregrid: user: erase asks for the address to be typed again at a terminal: "
				"run it at one, or add --yes\n");
		return EXIT_USAGE;
	}
	struct store *s = open_store("user", db);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	struct user u;
	rc = EXIT_FAILED;
	int found = user_by_email(s, argv[first], &u, &err);
	if (found <= 0) {
		fprintf(stderr, "caregrid: user: %s\n", found < 0 ? err.msg : "no account with that email");
		goto out;
	}
	char typed[300];
	snprintf(typed, sizeof typed, "%s", u.email);
	if (!yes && confirm_typed(&u, typed, sizeof typed) < 0) {
		fprintf(stderr, "caregrid: user: nothing typed: not erased\n");
		goto out;
	}
	char label[64];
	erasure_label(u.id, label);
	if (user_erase(s, &actor_cli, &u, typed, &err) < 0) {
		fprintf(stderr, "caregrid: user: %s\n", err.msg);
		goto out;
	}
	printf("erased: the account is now \"%s\"\n", label);
	rc = EXIT_OK;
out:
	store_close(s);
	return rc;
}

/* DATA into the new file PATH (mode 0600); -1 after saying why. */
static int
write_new_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		fprintf(stderr, "caregrid: user: %s: %s%s\n", path, strerror(errno),
			errno == EEXIST ? " (choose a new file: an export never overwrites one)" : "");
		return -1;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (close(fd) < 0 || done < len) {
		fprintf(stderr, "caregrid: user: %s: could not be written whole\n", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int
user_export_cmd(int argc, char **argv, const char *db)
{
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	int first, rc = cmd_options("user", argc, argv, opts, &first);
	if (rc)
		return rc;
	if (argc - first != 2)
		return usage_error("user", "export needs an EMAIL and the FILE to write");
	struct catalog *cat = load_catalog(NULL, db);
	struct store *s = cat ? open_store("user", db) : NULL;
	if (!s) {
		catalog_free(cat);
		return EXIT_FAILED;
	}
	struct error err;
	struct user u;
	struct buf zip = BUF_INIT;
	rc = EXIT_FAILED;
	int found = user_by_email(s, argv[first], &u, &err);
	if (found <= 0) {
		fprintf(stderr, "caregrid: user: %s\n", found < 0 ? err.msg : "no account with that email");
		goto out;
	}
	if (subject_access_export(s, &actor_cli, cat, &u, time(NULL), &zip, &err) < 0) {
		fprintf(stderr, "caregrid: user: %s\n", err.msg);
		goto out;
	}
	if (write_new_file(argv[first + 1], zip.data, zip.len) < 0)
		goto out;
	printf("%s: the data of %s written (%zu bytes)\n", argv[first + 1], u.email, zip.len);
	rc = EXIT_OK;
out:
	buf_release(&zip);
	store_close(s);
	catalog_free(cat);
	return rc;
}

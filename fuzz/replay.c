/*
 * replay.c - runs fuzz inputs through a target without libFuzzer: "replay-NAME FILE|DIR...". Every file is
 * one input; a crash or a sanitizer report fails the run. Ends with "N passed, N failed" as every runner does.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static size_t passed;

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
	size_t got = n > 0 ? fread(data, 1, (size_t)n, f) : 0;
	fclose(f);
	LLVMFuzzerTestOneInput(data, got);
	free(data);
	passed++;
}

static void
run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no %s\n", path);
		exit(1);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char child[4096];
		snprintf(child, sizeof child, "%s/%s", path, e->d_name);
		run_path(child);
	}
	if (d)
		closedir(d);
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%zu passed, 0 failed\n", passed);
	return 0;
}

/*
 * fuzz.h - what every fuzz target shares. Each fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput for one parser;
 * "make fuzz" links it with libFuzzer (clang), and replay.c runs the corpus of each through the same entry
 * in "make check" (gcc, ASan and UBSan), so that every input once found stays a regression test.
 */
#ifndef CAREGRID_FUZZ_H
#define CAREGRID_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (parsers take C strings too); the caller frees it. */
char *fuzz_text(const uint8_t *data, size_t size);

#endif

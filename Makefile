# caregrid - one non-recursive makefile.
#   make            build build/caregrid
#   make run        install what is missing, build, create caregrid.db with demo data if absent, serve it
#   make check      install what is missing, build normally and with ASan+UBSan, run every test under both
#   make fuzz       build the libFuzzer targets (clang) and run each for FUZZ_SECONDS (60) on its corpus
#   make bench      print the speed and memory figures of bench/run
#   make clean      remove build/

CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 libsodium libpq libqrencode libcurl cjose zlib
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -Isrc -MMD -MP
OPT      := -O2 -g
SAN      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
PORT     ?= 8080
DB       ?= caregrid.db

# pkg-config runs only when a build needs it, so "make run" on a bare machine can install it first.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lpthread -lm

SRC      := $(sort $(wildcard src/lib/*.c src/stats/*.c src/domain/*.c src/store/*.c src/jobs/*.c src/web/*.c src/cmd/*.c))
LIB_SRC  := $(filter-out src/cmd/main.c,$(SRC))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))

# Built-in instruments in the order the home page lists them, then any others; migrations in version order.
BUILTIN  := instruments/pch-development-grid.json instruments/positive-practices.json \
            instruments/engaged-leadership.json instruments/relational-leadership.json \
            instruments/pch-getting-started.json instruments/team-health-pulse.json
PO       := $(sort $(wildcard po/*.po))
EMBED    := $(BUILTIN) $(filter-out $(BUILTIN),$(sort $(wildcard instruments/*.json))) \
            $(sort $(wildcard schema/*.sql)) $(sort $(wildcard src/web/static/*)) crosswalk/crosswalk.json $(PO)

.PHONY: all run deps check check-style check-unit check-e2e check-browser check-fuzz fuzz bench clean po
all: build/caregrid

# A catalogue that msgfmt finds fault with (syntax, a format string whose conversions differ) stops the build.
build/gen/embedded_data.c: $(EMBED) scripts/embed
	@mkdir -p $(@D)
	@for f in $(PO); do msgfmt --check -o /dev/null $$f || exit 1; done
	@echo "  EMBED $@"
	@scripts/embed $(EMBED) > $@.tmp && mv $@.tmp $@

# The texts to translate, from the source into po/caregrid.pot, and merged into each catalogue (README,
# "Languages"). A text no longer in the source stays in a catalogue as obsolete (#~) until removed.
XGETTEXT := xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=tr:2 --keyword=trn:2,3 \
            --flag=_:1:pass-c-format --flag=tr:2:pass-c-format --flag=trn:2:pass-c-format --flag=trn:3:pass-c-format \
            --add-comments=TRANSLATORS: --add-location=file --sort-by-file --package-name=caregrid \
            --msgid-bugs-address=https://github.com/caregrid/caregrid/issues
# An error's or a problem's format is its msgid and its translation is filled in with the same arguments
# (lib/message.h): c-format, so that msgfmt --check (above) refuses a translation whose conversions differ.
ERROR_FLAGS := --flag=error_set:2:c-format --flag=error_in:3:c-format --flag=error_of:3:c-format --flag=strvec_pushf:2:c-format \
               --flag=row_issue:3:c-format --flag=ROW_PROBLEM:2:c-format
po:
	@$(XGETTEXT) -o po/caregrid.pot $(SRC)
	@$(XGETTEXT) --keyword=error_set:2 --keyword=error_in:3 --keyword=error_of:3 --keyword=strvec_pushf:2 --keyword=row_issue:3 \
		--keyword=ROW_PROBLEM:2 $(ERROR_FLAGS) --join-existing -o po/caregrid.pot $(wildcard src/domain/*.c) src/lib/text.c
	@$(XGETTEXT) --keyword=error_set:2 --keyword=error_in:3 --keyword=error_of:3 $(ERROR_FLAGS) --join-existing -o po/caregrid.pot $(wildcard src/jobs/*.c src/web/*.c)
	@for f in $(PO); do echo "  MERGE $$f"; msgmerge --quiet --update --backup=none --no-fuzzy-matching $$f po/caregrid.pot || exit 1; done

# Two variants share the sources: build/rel (optimised) and build/asan (sanitised).
define variant
$(1)_OBJ  := $$(patsubst %.c,build/$(1)/%.o,$$(SRC)) build/$(1)/gen/embedded_data.o
$(1)_LOBJ := $$(filter-out build/$(1)/src/cmd/main.o,$$($(1)_OBJ))
$(1)_TOBJ := $$(patsubst %.c,build/$(1)/%.o,$$(TEST_SRC))

build/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	@echo "  CC ($(1)) $$<"
	@$$(CC) $$(BASE) $(2) $$(PKG_CFLAGS) -c $$< -o $$@

build/$(1)/gen/embedded_data.o: build/gen/embedded_data.c
	@mkdir -p $$(@D)
	@echo "  CC ($(1)) $$<"
	@$$(CC) $$(BASE) $(2) -c $$< -o $$@

build/$(1)/caregrid: $$($(1)_OBJ)
	@echo "  LD $$@"
	@$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS)

build/$(1)/test-unit: $$($(1)_TOBJ) $$($(1)_LOBJ)
	@echo "  LD $$@"
	@$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS) -lcriterion

-include $$($(1)_OBJ:.o=.d) $$($(1)_TOBJ:.o=.d) $$(wildcard build/$(1)/fuzz/*.d)
endef
$(eval $(call variant,rel,$(OPT)))
$(eval $(call variant,asan,$(SAN)))

# Fuzz targets (fuzz/fuzz_NAME.c): "make fuzz" builds them with clang's libFuzzer and runs each; "make check"
# replays every corpus through the same entry points, built with gcc and the sanitizers (fuzz/replay.c).
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FUZZ_LOBJ := $(patsubst %.c,build/fuzz/%.o,$(LIB_SRC)) build/fuzz/gen/embedded_data.o build/fuzz/fuzz/common.o

build/asan/replay-%: build/asan/fuzz/fuzz_%.o build/asan/fuzz/replay.o build/asan/fuzz/common.o $(asan_LOBJ)
	@echo "  LD $@"
	@$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

# The objects of the fuzz targets and replays are kept (not removed as intermediates between runs).
.SECONDARY:
build/fuzz/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC (fuzz) $<"
	@clang $(BASE) $(FUZZ_FLAGS) $(PKG_CFLAGS) -c $< -o $@

build/fuzz/gen/embedded_data.o: build/gen/embedded_data.c
	@mkdir -p $(@D)
	@clang $(BASE) $(FUZZ_FLAGS) -c $< -o $@

build/fuzz/fuzz-%: build/fuzz/fuzz/fuzz_%.o $(FUZZ_LOBJ)
	@echo "  LD $@"
	@clang -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS)

fuzz:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory $(addprefix build/fuzz/fuzz-,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes; \
		echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
		build/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/$$t- \
			build/fuzz/corpus/$$t fuzz/corpus/$$t > build/fuzz/$$t.log 2>&1; \
		rc=$$?; grep -E '^stat::number_of_executed_units|ERROR|SUMMARY' build/fuzz/$$t.log; \
		[ $$rc = 0 ] || { echo "fuzz $$t failed: see build/fuzz/$$t.log and build/fuzz/crashes/"; exit 1; }; \
	done

check-fuzz: $(addprefix build/asan/replay-,$(FUZZ_TARGETS))
	@echo "== fuzz corpora replayed (ASan+UBSan build)"
	@for t in $(FUZZ_TARGETS); do printf '%-12s ' $$t; $(ASAN_ENV) build/asan/replay-$$t fuzz/corpus/$$t || exit 1; done

build/caregrid: build/rel/caregrid
	cp $< $@.tmp && mv -f $@.tmp $@

deps:
	@scripts/install-deps

run: deps
	@$(MAKE) --no-print-directory all
	@[ -f "$(DB)" ] || build/caregrid demo --db "$(DB)"
	build/caregrid serve --db "$(DB)" --port $(PORT)

# Leaks fail the run too: a leak report makes the process exit non-zero, which every runner counts.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

check: check-style
	@scripts/install-deps --test
	@$(MAKE) --no-print-directory build/caregrid build/rel/test-unit build/asan/caregrid build/asan/test-unit
	@$(MAKE) --no-print-directory check-unit check-fuzz check-e2e check-browser

# The house limits (lines, functions, files, hand-counted parameters, strto* end checks), first because it
# takes seconds: scripts/checksrc fails on anything beyond scripts/checksrc-baseline.txt (docs/HACKING.md).
check-style:
	@echo "== style (scripts/checksrc)"
	@scripts/checksrc

check-unit: build/rel/test-unit build/asan/test-unit build/rel/caregrid build/asan/caregrid
	@echo "== unit tests (release build)"
	CAREGRID_BIN=$(CURDIR)/build/rel/caregrid build/rel/test-unit
	@echo "== unit tests (ASan+UBSan build)"
	$(ASAN_ENV) CAREGRID_BIN=$(CURDIR)/build/asan/caregrid build/asan/test-unit
	@echo "== unit tests on PostgreSQL (ASan+UBSan build; the store and domain suites use the cluster)"
	$(ASAN_ENV) CAREGRID_BIN=$(CURDIR)/build/asan/caregrid tests/e2e/on-postgresql build/asan/test-unit

# The end-to-end scripts, one a line (each runs on SQLite with both builds, then on PostgreSQL).
E2E := \
	run \
	people \
	rounds \
	journey \
	improve \
	measure-summary \
	leaders \
	servers \
	migrate \
	submissions \
	privacy \
	csrf \
	revoked \
	faults \
	crash \
	mail \
	hang \
	reminders \
	mail-limits \
	dbfile \
	differencing \
	padding \
	resources \
	aims \
	aims-edit \
	forms \
	invitations-paste \
	sso-config \
	sso \
	backup \
	audit-answers \
	retention \
	erasure \
	annotations \
	improvement-export \
	population \
	population-page \

# The single sign-on scripts start a real OpenID Provider (tests/oidc/provider.mjs, npm oidc-provider).
tests/oidc/node_modules/oidc-provider/package.json:
	npm ci --prefix tests/oidc --no-audit --no-fund

check-e2e: build/rel/caregrid build/asan/caregrid tests/oidc/node_modules/oidc-provider/package.json
	@echo "== end-to-end tests (release build)"
	@for t in $(E2E); do echo "tests/e2e/$$t build/rel/caregrid"; tests/e2e/$$t build/rel/caregrid || exit 1; done
	@echo "== end-to-end tests (ASan+UBSan build)"
	@for t in $(E2E); do echo "tests/e2e/$$t build/asan/caregrid"; $(ASAN_ENV) tests/e2e/$$t build/asan/caregrid || exit 1; done
	@echo "== end-to-end tests on PostgreSQL (ASan+UBSan build)"
	$(ASAN_ENV) tests/e2e/on-postgresql build/asan/caregrid $(addprefix tests/e2e/,$(E2E))

check-browser: build/rel/caregrid build/asan/caregrid tests/oidc/node_modules/oidc-provider/package.json
	@[ -d tests/browser/node_modules/playwright-core ] && [ -d tests/browser/node_modules/axe-core ] || npm ci --prefix tests/browser --no-audit --no-fund
	@echo "== browser tests (release build)"
	node tests/browser/run.mjs build/rel/caregrid
	@echo "== browser tests (ASan+UBSan build)"
	$(ASAN_ENV) node tests/browser/run.mjs build/asan/caregrid

# Speed and memory figures (not tests): see bench/RESULTS.md for what was measured and where.
bench: build/caregrid build/bench-scan
	@scripts/install-deps --bench
	bench/run

# The plain C scan the regional grid is compared with (bench/scan.c); not part of caregrid.
build/bench-scan: bench/scan.c
	@mkdir -p $(@D)
	@echo "  CC $@"
	@$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 -o $@ $< $(shell pkg-config --cflags --libs sqlite3)

clean:
	rm -rf build

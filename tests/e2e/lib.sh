# tests/e2e/lib.sh - what the end-to-end scripts share: a temporary directory cleaned up on exit, starting
# and stopping "caregrid serve", curl wrappers and the pass/fail count. Sourced, not run.
BIN=$(realpath "${1:?usage: $0 path/to/caregrid}")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/caregrid-e2e-XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '     %s\n' "$2"; }
# expect NAME COMMAND...: runs the command and records the outcome.
expect() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "$*"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; }

# start_server LOG ARGS...: starts "caregrid serve ARGS --port 0" and sets URL and SERVER_PID.
# free_port: a loopback port free just now (for a server whose --base-url must name its port).
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# No test waits a guessed time: each waits for what it needs to see, polled every 50 ms, with a limit far
# beyond what a loaded machine takes, so that only a test that would never pass runs into it.
# now_ms: milliseconds on the wall clock (for measuring how long a wait took, never for deciding when).
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# wait_for WHAT SECONDS COMMAND...: runs COMMAND until it succeeds, for at most SECONDS; sets WAITED_MS to how
# long it took. On giving up says WHAT it waited for and fails.
wait_for() {
	local what=$1 limit=$2 start
	shift 2
	start=$(now_ms)
	while :; do
		if "$@"; then WAITED_MS=$(( $(now_ms) - start )); return 0; fi
		if [ $(( $(now_ms) - start )) -ge $(( limit * 1000 )) ]; then
			WAITED_MS=$(( $(now_ms) - start ))
			echo "     gave up after ${limit} s waiting for $what"
			return 1
		fi
		sleep 0.05
	done
}
# A process reuses what it read of sessions, roles and the unit tree for up to a second (REUSE_MS,
# src/web/change_clock.h); a change made elsewhere is seen after that. seen_within NAME COMMAND... waits (up
# to a minute) until COMMAND holds and passes NAME if that was within the second of CHANGED_AT (set with
# now_ms when the change was made) plus 4 s for a loaded machine's requests: a cache never, or much later,
# let go fails; a slow machine does not.
WINDOW_MS=1000
SLACK_MS=4000
seen_within() {
	local name=$1 took
	shift
	if wait_for "$name" 60 "$@"; then
		took=$(( $(now_ms) - CHANGED_AT ))
		expect "$name" [ "$took" -le $((WINDOW_MS + SLACK_MS)) ]
	else
		not_ok "$name" "not seen after a minute"
	fi
}
# hold_lock: (SQLite) another process takes the write lock of $DB and keeps it until release_lock, however
# long the server's busy timeout (5 s) takes on a loaded machine; returns once a third finds it locked.
db_locked() { ! sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; }
hold_lock() {
	rm -f "$TMP/lock.fifo"; mkfifo "$TMP/lock.fifo"
	sqlite3 "$DB" < "$TMP/lock.fifo" & LOCKER=$!
	exec 7> "$TMP/lock.fifo"
	echo "BEGIN IMMEDIATE;" >&7
	wait_for "another process to hold the write lock" 60 db_locked
}
release_lock() { echo "COMMIT;" >&7; exec 7>&-; wait "$LOCKER"; }
# no_mail_queued: the outbox of $DB has nothing waiting (every message sent or failed for good).
no_mail_queued() { [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'queued'")" = 0 ]; }
# logged LOG PATTERN [N]: LOG has at least N (1) lines matching PATTERN.
logged() { [ "$(grep -c -- "$2" "$1" 2>/dev/null)" -ge "${3:-1}" ]; }

# serving LOG PID: PID is alive and LOG names its address (sets URL).
serving() {
	kill -0 "$2" 2>/dev/null || return 2
	URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$1" | head -1)
	[ -n "$URL" ]
}
start_server() {
	local log=$1; shift
	"$BIN" serve --port 0 "$@" >"$log" 2>&1 &
	PIDS+=($!)
	SERVER_PID=$!
	wait_for "the server to say where it listens" 60 serving_or_dead "$log" "$SERVER_PID" && serving "$log" "$SERVER_PID" && return 0
	echo "server did not start:"; cat "$log"
	return 1
}
# serving_or_dead LOG PID: the server listens, or has stopped (no use waiting longer).
serving_or_dead() { serving "$1" "$2"; [ $? != 1 ]; }

# fetch PATH [CURL ARGS...]: sets STATUS, HEADERS (file) and BODY (file).
fetch() {
	local path=$1; shift
	STATUS=$(curl -s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@" "$URL$path")
	BODY="$TMP/body"
	HEADERS="$TMP/headers"
}
has() { grep -q -- "$1" "$2"; }
# link_paths FILE: the path of each "link" in a JSON reply (links are handed out whole: http://host:port/s/...).
link_paths() { grep -o '"link": "[^"]*"' "$1" | cut -d'"' -f4 | sed 's#^https\{0,1\}://[^/]*##'; }
# path_of URL: the path of a whole address.
path_of() { echo "$1" | sed 's#^https\{0,1\}://[^/]*##'; }
header() { grep -i "^$1:" "$HEADERS" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
# json_field NAME FILE: the first string value of "NAME" in a JSON reply (the server indents one key a line).
json_field() { grep -o "\"$1\": \"[^\"]*\"" "$2" | head -1 | cut -d'"' -f4; }
# signin NAME EMAIL PASSWORD: signs in through the API into cookie jar $TMP/NAME.jar; sets CSRF_NAME.
signin() {
	fetch /api/session -c "$TMP/$1.jar" -H 'Content-Type: application/json' \
		--data "{\"email\": \"$2\", \"password\": \"$3\"}"
	eval "CSRF_$1=\$(json_field csrf \"\$BODY\")"
}
# as NAME METHOD PATH [JSON]: a request as NAME with their session and CSRF token.
as() {
	local who=$1 method=$2 path=$3 data=${4:-}
	local csrf_var="CSRF_$who"
	if [ -n "$data" ]; then
		fetch "$path" -b "$TMP/$who.jar" -X "$method" -H "X-CSRF-Token: ${!csrf_var}" -H 'Content-Type: application/json' --data "$data"
	else
		fetch "$path" -b "$TMP/$who.jar" -X "$method" -H "X-CSRF-Token: ${!csrf_var}"
	fi
}
lacks() { ! grep -q -- "$1" "$2"; }
# header_has NAME PATTERN: the response header NAME matches PATTERN.
header_has() { header "$1" | grep -q -- "$2"; }
# and CMD... [-- CMD...]...: every command succeeds (for one expect with several checks:
#   expect "name" and [ "$STATUS" = 200 ] -- has x "$BODY").
and() {
	local first=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do first+=("$1"); shift; done
	"${first[@]}" || return 1
	[ $# -gt 0 ] || return 0
	shift
	and "$@"
}
# on_pg: true when the suite runs against PostgreSQL (CAREGRID_TEST_PG names a server's URI; make check
# starts a throwaway cluster and sets it).
on_pg() { [ -n "${CAREGRID_TEST_PG:-}" ]; }
# On PostgreSQL every caregrid of the script shares one key file (there is no default beside a file); made by
# the first that opens a database. On SQLite each database gets its own PATH.key.
if on_pg && [ -z "${CAREGRID_KEY_FILE:-}" ]; then export CAREGRID_KEY_FILE="$TMP/postgresql.key"; fi
# test_db NAME: a new database for this script: a SQLite file in $TMP, or a new database on that server.
test_db() {
	if on_pg; then
		local name="t_$1_$$"
		psql -q "$CAREGRID_TEST_PG" -c "CREATE DATABASE $name" >/dev/null || return 1
		echo "${CAREGRID_TEST_PG%/*}/$name"
	else
		echo "$TMP/$1.db"
	fi
}
# sql QUERY: runs QUERY on the script's database $DB, printing rows as SQLite's shell does ("a|b").
sql() {
	if on_pg; then psql -qAt "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}
# form_value NAME: the value of the hidden field NAME in the last page fetched.
form_value() { grep -o "name=\"$1\" value=\"[^\"]*\"" "$BODY" | head -1 | cut -d'"' -f4; }
# answer LINK JAR GROUP SCORE: answers the whole grid survey behind LINK as one person of staff group GROUP,
# every element at SCORE, and submits it.
answer() {
	local link=$1 jar=$2 group=$3 score=$4
	fetch "$link/start" -c "$jar" -b "$jar" --data "staff_group=$group"
	for page in 1 2 3 4 5 6; do
		fetch "$link/$page" -c "$jar" -b "$jar"
		local rev form fields="" codes
		rev=$(form_value rev); form=$(form_value form)
		codes=$(grep -o 'name="score_[^"]*" value="0"' "$BODY" | cut -d'"' -f2 | sed 's/score_//')
		for c in $codes; do fields="$fields&score_$c=$score"; done
		fetch "$link/$page" -c "$jar" -b "$jar" --data "rev=$rev&form=$form&go=next$fields&energy_$page=2&comment_$(echo "$codes" | head -1)=From+$group"
	done
	fetch "$link/review" -c "$jar" -b "$jar"
	fetch "$link/submit" -c "$jar" -b "$jar" --data "rev=$(form_value rev)&form=$(form_value form)"
	# Post/Redirect/Get: a submission answers 303 to its thank-you page.
	if [ "$STATUS" = 303 ]; then fetch "$link/thanks" -c "$jar" -b "$jar"; fi
}

# ---- Mail: tests/e2e/smtp-sink takes every message and writes it to a file in $MAILDIR ----
MAILDIR=$TMP/maildir
SINK_PID=
sink_up_or_dead() { [ -s "$TMP/sink.port" ] || ! kill -0 "$SINK_PID" 2>/dev/null; }
# port_free PORT: a listener could bind loopback PORT now (as the sink does, reusing a port in TIME_WAIT).
port_free() {
	/usr/bin/python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}
# start_sink [PORT]: the SMTP sink on PORT (once it is free again, after a sink stopped) or on a free one;
# sets SMTP_PORT (empty if it did not start) and SINK_PID.
start_sink() {
	local try
	mkdir -p "$MAILDIR"
	for try in 1 2 3 4 5; do
		[ -n "${1:-}" ] && wait_for "port $1 to be free again" 60 port_free "$1"
		: > "$TMP/sink.port"
		/usr/bin/python3 "$(dirname "$0")/smtp-sink" "$MAILDIR" ${1:-} > "$TMP/sink.port" 2>>"$TMP/sink.log" &
		SINK_PID=$!
		PIDS+=($SINK_PID)
		wait_for "the SMTP sink to say its port" 60 sink_up_or_dead
		[ -s "$TMP/sink.port" ] && break
	done
	SMTP_PORT=$(cat "$TMP/sink.port")
}
stop_sink() { kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; }
# mail_to TO: the first message the sink took for TO, in MAIL.
mail_to() { MAIL=$(grep -l "^To: $1\$" "$MAILDIR"/*.eml 2>/dev/null | head -1); [ -n "$MAIL" ]; }
# arrived TO [SECONDS]: waits for a message to TO (at least a minute: mail goes through a background sender);
# its file in MAIL.
arrived() {
	local limit=${2:-60}
	[ "$limit" -ge 60 ] || limit=60
	wait_for "a message to $1" "$limit" mail_to "$1"
}
# text_of FILE: the decoded plain-text part of a message.
text_of() { /usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(next(p for p in m.walk() if p.get_content_type()=="text/plain").get_payload(decode=True).decode())' "$1"; }

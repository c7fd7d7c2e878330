# bench/lib.sh - what the benches share, sourced by each: a figure is printed only for work that is shown to
# have happened. A bench that cannot show it (a reply that is not 2xx, rows not stored, mail not delivered)
# exits 1 with a line saying what did not happen, instead of printing a rate of failures.

# A failure inside $(...) stops the command substitution too (bash leaves errexit off there by default), so
# that "x=$(f)" fails where f fails, not one command later.
shopt -s inherit_errexit

# fail WHAT...: the line saying what did not happen, and exit 1.
fail() {
	echo "${BENCH_NAME:-${0##*/}}: FAILED: $*" >&2
	exit 1
}

# serve_url LOG PID: the address a server started with --port 0 printed in LOG. Fails if the server exits
# first, or has printed none after a minute.
serve_url() {
	local url _
	for _ in $(seq 600); do
		url=$(grep -o 'http://[0-9.]*:[0-9]*' "$1" | head -1) && [ -n "$url" ] && { echo "$url"; return 0; }
		kill -0 "$2" 2>/dev/null || fail "the server exited before listening: $(tail -3 "$1")"
		sleep 0.1
	done
	fail "the server printed no address within a minute: $(tail -3 "$1")"
}

# ok WHAT CURL_ARGS...: one request by curl; prints the reply's body as it came. Fails, naming WHAT, unless
# it is 2xx.
ok() {
	local what=$1 out code
	shift
	out=$(curl -sS -w '\n%{http_code}' "$@") || fail "$what: no reply (curl $*)"
	code=${out##*$'\n'}
	out=${out%$'\n'*}
	case $code in
	2??) printf '%s' "$out" ;; # the body's own bytes
	*) fail "$what: the reply was $code, not 2xx: $(printf '%s' "$out" | tr '\n' ' ' | head -c 300)" ;;
	esac
}

# json_field NAME: a top-level member of the JSON document on standard input (a dotted path: a.0.b).
json_field() {
	python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1"
}

# sign_in URL JAR EMAIL PASSWORD: signs in, the session cookie kept in JAR; prints the CSRF token.
sign_in() {
	ok "signing in as $3" -c "$2" -H 'Content-Type: application/json' \
		--data "{\"email\": \"$3\", \"password\": \"$4\"}" "$1/api/session" | json_field csrf
}

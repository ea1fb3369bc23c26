#!/usr/bin/env bash
# The API against its own contract: serves the debug backend over fresh demo data, validates the
# OpenAPI document it serves, then lets schemathesis throw generated requests at every operation.
# Fails on any 5xx and on any response the document does not describe (status, media type, body,
# headers). Bounded: CONTRACT_EXAMPLES cases per operation per phase (default 200), one fixed seed.
#
#   scripts/contract-check.sh            # from anywhere in the repository
#   CONTRACT_EXAMPLES=500 CONTRACT_SEED=7 scripts/contract-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Versions checked with this script; a newer schemathesis may add checks or change the CLI.
SCHEMATHESIS_VERSION=4.32.5
SPEC_VALIDATOR_VERSION=0.9.0
examples=${CONTRACT_EXAMPLES:-200}
seed=${CONTRACT_SEED:-20261202}
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$PWD/$target ;; esac
tools=$target/contract-tools

if ! "$tools/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION" ||
  ! "$tools/bin/pip" show openapi-spec-validator 2>/dev/null | grep -q "^Version: $SPEC_VALIDATOR_VERSION$"; then
  echo "installing schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator $SPEC_VALIDATOR_VERSION into $tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION" \
    "openapi-spec-validator==$SPEC_VALIDATOR_VERSION"
fi

cargo build --quiet --bin uln-console
work=$(mktemp -d)
server_pid=
stop() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop EXIT
# A copy: the target directory may be shared, and another build must not swap the binary mid-run.
cp "$target/debug/uln-console" "$work/uln-console"
bin=$work/uln-console
db=sqlite://$work/contract.db
"$bin" seed --database "$db" --learners 400 --registrations 800 --seed 7 --anomaly-percent 50 >/dev/null
token=$("$bin" operator add contract-supervisor --role supervisor --database "$db")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port/api/v1
ULN_CONSOLE_LOG=warn "$bin" serve --database "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server_pid=$!

# Ready when health answers; give up after 30 s.
python3 - "$base" <<'EOF'
import sys, time, urllib.request
deadline = time.monotonic() + 30
while True:
    try:
        urllib.request.urlopen(sys.argv[1] + "/health", timeout=1)
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("the server did not start")
        time.sleep(0.1)
EOF

echo "== openapi-spec-validator"
python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
  "$base/openapi.json" >"$work/openapi.json"
"$tools/bin/openapi-spec-validator" "$work/openapi.json"

# The event stream never ends, so schemathesis cannot wait for its body; its media type is checked here.
echo "== event stream media type"
python3 - "$base/events" "$token" <<'EOF'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
with urllib.request.urlopen(request, timeout=10) as response:
    media = response.headers.get_content_type()
    if media != "text/event-stream":
        sys.exit(f"/events answered {media}")
print("text/event-stream")
EOF

# Random ids and ULNs almost never name a record, so half the generated requests take real ones
# (and their versions for If-Match) from the first queue page: amend, reject, verify and reopen
# then get past 404 into their own checks.
python3 - "$base" "$token" >"$work/schemathesis.toml" <<'EOF'
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/exceptions?limit=20",
                                 headers={"Authorization": "Bearer " + sys.argv[2]})
items = json.load(urllib.request.urlopen(request, timeout=10))["items"]
ids = [item["id"] for item in items]
versions = sorted({f'"{item["version"]}"' for item in items})
ulns = [item["uln"] for item in items if item["uln"]]
for name, values in (("records", ids), ("versions", versions), ("ulns", ulns)):
    print(f"[dictionaries.{name}]\nvalues = {json.dumps(values)}")
print("[parameters]")
print('"path.id" = { dictionary = "records", probability = 0.5 }')
print('"header.If-Match" = { dictionary = "versions", probability = 0.5 }')
print('"path.uln" = { dictionary = "ulns", probability = 0.5 }')
EOF

echo "== schemathesis ($examples cases per operation and phase, seed $seed)"
start=$SECONDS
# One worker: two in one process tripped a thread-safety bug in Hypothesis (an AST error), and
# the machine this runs on has few cores anyway. Run from the scratch directory so Hypothesis's
# example database is thrown away with it.
(cd "$work" && "$tools/bin/schemathesis" --config-file schemathesis.toml run "$base/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --exclude-path /api/v1/events \
  --phases examples,coverage,fuzzing \
  --max-examples "$examples" --seed "$seed" --workers 1 --request-timeout 10)
echo "contract: schemathesis took $((SECONDS - start)) s"
if grep -q "panicked" "$work/server.log"; then
  cat "$work/server.log"
  echo "the server panicked" >&2
  exit 1
fi

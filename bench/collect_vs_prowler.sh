#!/usr/bin/env bash
# keyaki collect + keyaki scan vs prowler aws, side by side, against the same moto account.
#
# Starts a moto server on a free port, builds the realistic account of the collector's end-to-end
# tests (tests/unit/collect/collect_world.py) in it, then times, with /usr/bin/time -v:
#   1. keyaki collect --regions us-east-1  +  keyaki scan --format json
#   2. prowler aws --region us-east-1       (installed by this script into its own venv under /tmp)
# and prints both wall times and peak memory (max RSS), and the ratios prowler / keyaki.
# If prowler cannot be installed (no network, no wheel for this Python), it says so and exits 0.
#
# Usage: bench/collect_vs_prowler.sh        (from the repository root, after `make venv`)
# Env:   PROWLER_VERSION (default 5.46.0), PROWLER_TIMEOUT seconds (default 1800), KEEP=1 keeps the work dir
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
KEYAKI="$ROOT/.venv/bin/keyaki"
MOTO="$ROOT/.venv/bin/moto_server"
PROWLER_VENV="${PROWLER_VENV:-/tmp/keyaki-bench-prowler-venv}"
PROWLER_VERSION="${PROWLER_VERSION:-5.46.0}"
PROWLER_TIMEOUT="${PROWLER_TIMEOUT:-1800}"
REGION=us-east-1
WORK="$(mktemp -d /tmp/keyaki-bench-XXXXXX)"

[ -x "$PY" ] || { echo "run \`make venv\` first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is needed for peak memory" >&2; exit 2; }

MOTO_PID=""
cleanup() {
  if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "work dir kept: $WORK"; fi
}
trap cleanup EXIT

# --- a moto server with the test account ------------------------------------------------------
PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$MOTO" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_DEFAULT_REGION=$REGION AWS_REGION=$REGION AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN || true
for _ in $(seq 100); do
  curl -fs "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1 && break
  sleep 0.1
done
PYTHONPATH="$ROOT/tests/unit/collect" "$PY" - <<'EOF'
import boto3
from collect_world import REGION, build_data, build_iam, build_network, build_services

session = boto3.Session(region_name=REGION)
facts = build_iam(session.client("iam"))
build_data(session)
build_services(session, build_network(session), facts["fn_role"])
print("moto account built")
EOF

# --- measure one command: wall seconds and max RSS (KiB) from GNU time -v ----------------------
measure() {  # measure NAME CMD... ; sets NAME_wall and NAME_rss
  local name=$1; shift
  local log="$WORK/$name.time"
  # prowler exits 3 when checks fail (findings): any exit code is measured, and reported
  /usr/bin/time -v "$@" >"$WORK/$name.out" 2>"$log" || echo "($name exited with $?; output in $WORK/$name.out)"
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
  printf -v "${name}_wall" '%s' "$wall"
  printf -v "${name}_rss" '%s' "$rss"
}

# --- keyaki: collect + scan ---------------------------------------------------------------------
measure collect "$KEYAKI" collect --out "$WORK/snapshot" --regions "$REGION" --max-attempts 2 --format json
measure scan "$KEYAKI" scan --snapshot "$WORK/snapshot" --format json --output "$WORK/findings.json"
keyaki_wall="$(echo "$collect_wall + $scan_wall" | bc -l)"
keyaki_rss=$(( collect_rss > scan_rss ? collect_rss : scan_rss ))
echo "keyaki collect: ${collect_wall}s, ${collect_rss} KiB; keyaki scan: ${scan_wall}s, ${scan_rss} KiB"

# --- prowler, in its own virtual environment ----------------------------------------------------
if [ ! -x "$PROWLER_VENV/bin/prowler" ]; then
  echo "installing prowler $PROWLER_VERSION into $PROWLER_VENV ..."
  if ! { python3 -m venv "$PROWLER_VENV" && "$PROWLER_VENV/bin/pip" install -q "prowler==$PROWLER_VERSION"; } \
      >"$WORK/prowler-install.log" 2>&1; then
    echo "prowler could not be installed (see below); only keyaki's figures are printed"
    tail -5 "$WORK/prowler-install.log"
    exit 0
  fi
fi
measure prowler timeout "$PROWLER_TIMEOUT" "$PROWLER_VENV/bin/prowler" aws --region "$REGION" \
  --output-formats json-ocsf --output-directory "$WORK/prowler" --no-banner

# --- the figures --------------------------------------------------------------------------------
echo
printf '%-28s %12s %16s\n' "" "wall (s)" "peak RSS (MiB)"
printf '%-28s %12.2f %16.1f\n' "keyaki collect + scan" "$keyaki_wall" "$(echo "$keyaki_rss / 1024" | bc -l)"
printf '%-28s %12.2f %16.1f\n' "prowler aws" "$prowler_wall" "$(echo "$prowler_rss / 1024" | bc -l)"
printf 'prowler / keyaki: %.1fx the wall time, %.1fx the peak memory\n' \
  "$(echo "$prowler_wall / $keyaki_wall" | bc -l)" "$(echo "$prowler_rss / $keyaki_rss" | bc -l)"

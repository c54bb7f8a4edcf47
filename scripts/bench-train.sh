#!/usr/bin/env bash
# Runs the training benchmarks of docs/benchmarks.md and prints one line per case.
# Usage: scripts/bench-train.sh [LASTFM_USER_ARTISTS_DAT] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
lastfm=${1:-../shared/data/lastfm-2k/user_artists.dat}
work=${2:-artifacts/bench}
mkdir -p "$work"
dotnet build Client -c Release -v quiet -nologo >/dev/null
run() { dotnet Client/bin/Release/net10.0/musicrecs.dll "$@"; }

synth="$work/synth-10m.tsv"
if [ ! -f "$synth" ]; then
  # 200,000 users, 50,000 artists, Zipf 1.0, log-normal activity with median 30 artists per user.
  run generate --users 200000 --artists 50000 --median-artists 30 --activity-sigma 1.0 --zipf 1.0 --out "$synth" >&2
fi

bench() {
  local label=$1; shift
  local json
  json=$(run bench train --threads 2 --json "$@" 2>/dev/null | tail -n 1)
  python3 -c 'import json,sys; d=json.loads(sys.argv[2]); print("%-28s per-iteration median %9.2f ms   fit %7.2f s   final loss %.6g" % (sys.argv[1], d["per_iteration_ms_median"], d["fit_seconds"], d["final_loss"]))' "$label" "$json"
}

bench "lastfm-2k k=64 cg"       --data "$lastfm" --factors 64 --solver cg
bench "lastfm-2k k=64 cholesky" --data "$lastfm" --factors 64 --solver cholesky
bench "lastfm-2k k=128 cg"      --data "$lastfm" --factors 128 --solver cg
bench "synthetic-10m k=64 cg"       --data "$synth" --factors 64 --solver cg
bench "synthetic-10m k=64 cholesky" --data "$synth" --factors 64 --solver cholesky --iterations 5

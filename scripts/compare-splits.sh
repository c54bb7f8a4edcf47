#!/usr/bin/env bash
# Built-in defaults against `tune` (validation only) and against the best setting of a grid scored on
# each split's test set, on uniform and hashed 25% splits of Last.fm user_artists.dat and on split-2026.
# Prints one table row per split. Steps whose output already exists in OUT are not rerun.
#
# usage: scripts/compare-splits.sh [OUT]    (OUT defaults to ./compare-out)
#   DATA=../shared/data/lastfm-2k  THREADS=2  SPLITS="random-101 ... split-2026"
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-compare-out}"
DATA="${DATA:-../shared/data/lastfm-2k}"
THREADS="${THREADS:-2}"
SPLITS="${SPLITS:-split-2026 hash-1 random-101 hash-2 artist-hash-3 random-102 random-103 random-104 random-105}"
GRID=(--alphas 2,4,8,16,32,64 --epsilons 1,10 --regs 50,100,200,500,1000)
mkdir -p "$OUT"
if [[ ! -f "$OUT/bin/musicrecs.dll" ]]; then
  dotnet build Client -c Release -o "$OUT/bin" >/dev/null
fi
M=(dotnet "$OUT/bin/musicrecs.dll")

ndcg() { tail -1 "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print('%.4f' % $2)"; }

for s in $SPLITS; do
  dir="$OUT/$s"
  mkdir -p "$dir"
  if [[ ! -f "$dir/test.tsv" ]]; then
    case "$s" in
      split-2026) cp "$DATA/split-2026/train.tsv" "$DATA/split-2026/test.tsv" "$dir/" ;;
      random-*) "${M[@]}" split --data "$DATA/user_artists.dat" --by random --seed "${s#random-}" --test-fraction 0.25 --out "$dir" >/dev/null 2>&1 ;;
      artist-hash-*) "${M[@]}" split --data "$DATA/user_artists.dat" --by artist-hash --seed "${s#artist-hash-}" --test-fraction 0.25 --out "$dir" >/dev/null 2>&1 ;;
      hash-*) "${M[@]}" split --data "$DATA/user_artists.dat" --by hash --seed "${s#hash-}" --test-fraction 0.25 --out "$dir" >/dev/null 2>&1 ;;
    esac
  fi
  pair=(--train "$dir/train.tsv" --test "$dir/test.tsv" --threads "$THREADS")
  [[ -s "$dir/defaults.json" ]] || "${M[@]}" evaluate "${pair[@]}" --json >"$dir/defaults.json" 2>"$dir/defaults.err"
  [[ -s "$dir/grid.out" ]] || "${M[@]}" grid "${pair[@]}" "${GRID[@]}" --csv "$dir/grid.csv" --json >"$dir/grid.out" 2>"$dir/grid.err"
  [[ -s "$dir/tune.json" ]] || "${M[@]}" tune "${pair[@]}" --json >"$dir/tune.json" 2>"$dir/tune.err"
done

printf '%-14s %9s %9s %9s %7s %7s %7s  %s\n' split defaults tuned grid-best d-best t-best t-d "tuned setting (validation NDCG@10 ± stderr)"
for s in $SPLITS; do
  dir="$OUT/$s"
  [[ -s "$dir/tune.json" ]] || { printf '%-14s (not run)\n' "$s"; continue; }
  d=$(ndcg "$dir/defaults.json" 'd["als"]["ndcg@10"]')
  t=$(ndcg "$dir/tune.json" 'd["test"]["ndcg@10"]')
  g=$(ndcg "$dir/grid.out" 'd["best_ndcg@10"]')
  chosen=$(tail -1 "$dir/tune.json" | python3 -c "import json,sys; d=json.load(sys.stdin); b=d['best']; print('%s a=%g eps=%g l=%g it=%d k=%d (%.4f ± %.4f, %d draws)' % (b['scheme'], b['alpha'], b['epsilon'], b['regularization'], b['iterations'], b['factors'], d['validation_ndcg@10'], d['validation_ndcg@10_stderr'], d['folds']))")
  python3 -c "d,t,g=$d,$t,$g; print('%-14s %9.4f %9.4f %9.4f %7.4f %7.4f %7.4f  %s' % ('$s', d, t, g, d-g, t-g, t-d, '''$chosen'''))"
done

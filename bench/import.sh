#!/usr/bin/env bash
# Import benchmark of Cổng: generate a WordPress export of POSTS posts with cong-import's
# gen_wxr example, import it with `cong import wxr` into a fresh data folder (SQLite) under
# /usr/bin/time, then import it again (every item an update); report posts/s and peak RSS of
# each run against the targets (≥ 2,000 posts/s, < 300 MB).
#
#   bench/import.sh                  # POSTS=100000
#   POSTS=10000 bench/import.sh
#
# Everything it writes goes to bench/out/import/ (gitignored); the summary is
# bench/out/import/summary.md. No server is started; every step has a bounded duration.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/out/import"

POSTS="${POSTS:-100000}"
# KEEP_FILE=1 reuses bench/out/import/posts-POSTS.xml when it exists (generation is the same
# for the same POSTS).
KEEP_FILE="${KEEP_FILE:-0}"
# RERUN=0 skips the second import (the one that updates every item).
RERUN="${RERUN:-1}"
# Upper bounds of the generation and of each import, in seconds.
GENERATE_TIMEOUT="${GENERATE_TIMEOUT:-600}"
IMPORT_TIMEOUT="${IMPORT_TIMEOUT:-1800}"
TARGET_POSTS_PER_S=2000
TARGET_RSS_MB=300

for v in POSTS KEEP_FILE RERUN GENERATE_TIMEOUT IMPORT_TIMEOUT; do
    if ! [[ "${!v}" =~ ^[0-9]+$ ]]; then
        echo "error: $v must be a whole number (got '${!v}')" >&2
        exit 2
    fi
done
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian: apt-get install time)"

mkdir -p "$OUT"
cd "$ROOT"
log "cargo build --release (cong and the gen_wxr example)"
cargo build --release --bin cong
cargo build --release -p cong-import --example gen_wxr
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/cong"

XML="$OUT/posts-$POSTS.xml"
if [ "$KEEP_FILE" = 1 ] && [ -s "$XML" ]; then
    log "reusing $XML"
else
    log "generating $POSTS posts"
    timeout "$GENERATE_TIMEOUT" cargo run --release -q -p cong-import --example gen_wxr -- "$XML" "$POSTS"
fi
XML_MB=$(($(stat -c %s "$XML") / 1000000))

DATA="$OUT/data"
rm -rf "$DATA"

# run_import NAME: imports into $DATA; sets SECONDS_TAKEN, RSS_MB, POSTS_PER_S.
run_import() {
    local name="$1" t0 t1 kb
    log "cong import wxr ($name)"
    t0=$(now_ns)
    if ! timeout "$IMPORT_TIMEOUT" /usr/bin/time -f %M -o "$OUT/$name.rss" \
        "$BIN" --data "$DATA" import wxr "$XML" >"$OUT/$name.report.txt" 2>"$OUT/$name.stderr.txt"; then
        cat "$OUT/$name.stderr.txt" >&2
        die "the $name import failed"
    fi
    t1=$(now_ns)
    kb=$(tail -n 1 "$OUT/$name.rss")
    SECONDS_TAKEN=$(awk -v ms="$(ms_between "$t0" "$t1")" 'BEGIN { printf "%.1f", ms / 1000 }')
    RSS_MB=$((kb / 1024))
    POSTS_PER_S=$(awk -v n="$POSTS" -v s="$SECONDS_TAKEN" 'BEGIN { printf "%.0f", n / s }')
    head -n 12 "$OUT/$name.report.txt"
    echo "$name: $SECONDS_TAKEN s, $POSTS_PER_S posts/s, peak RSS $RSS_MB MB"
}

run_import first
grep -q "^Article: $POSTS imported, 0 updated" "$OUT/first.report.txt" ||
    die "the first import did not report $POSTS new articles"
FIRST=("$SECONDS_TAKEN" "$POSTS_PER_S" "$RSS_MB")
DB_MB=$(du -sm "$DATA" | cut -f1)
SECOND=("-" "-" "-")
if [ "$RERUN" = 1 ]; then
    run_import rerun
    grep -q "^Article: 0 imported, $POSTS updated" "$OUT/rerun.report.txt" ||
        die "the re-run did not report $POSTS updated articles"
    SECOND=("$SECONDS_TAKEN" "$POSTS_PER_S" "$RSS_MB")
fi

speed_ok=$((FIRST[1] >= TARGET_POSTS_PER_S))
rss_ok=$((FIRST[2] < TARGET_RSS_MB))
{
    echo "# Import benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "(working tree may differ). $POSTS generated posts ($XML_MB MB WXR), SQLite, both passes,"
    echo "wall time of the whole command; peak RSS from /usr/bin/time -f %M."
    echo
    echo "| run | time s | posts/s | peak RSS MB |"
    echo "|---|---:|---:|---:|"
    echo "| first import (fresh data folder) | ${FIRST[0]} | ${FIRST[1]} | ${FIRST[2]} |"
    echo "| re-run (every item updated) | ${SECOND[0]} | ${SECOND[1]} | ${SECOND[2]} |"
    echo
    echo "- posts/s ≥ $TARGET_POSTS_PER_S (first import): $(pf "$speed_ok")"
    echo "- peak RSS < $TARGET_RSS_MB MB (first import): $(pf "$rss_ok")"
    echo "- data folder after the import: $DB_MB MB"
    echo
    echo "First import's report (head):"
    echo
    echo '```'
    head -n 12 "$OUT/first.report.txt"
    echo '```'
} >"$OUT/summary.md"
log "summary"
cat "$OUT/summary.md"

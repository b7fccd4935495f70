#!/usr/bin/env bash
# Media benchmark (issue 13), three parts, on the folder store:
#   1. a photo of about 200 KB served by Cổng from /media/up/ against nginx serving the same
#      file, same session, alternating rounds (target: at least 0.8× nginx's rate);
#   2. a 24-megapixel JPEG: from the start of its upload until its reader copies are all made
#      (target: within 5 s), median of 3 different photos;
#   3. BATCH photos uploaded one after another: until the last has its copies, with the
#      server's peak memory (target: under 500 MB) and progress printed as it goes.
#
#   bench/media.sh                       # DURATION=15 ROUNDS=3 BATCH=1000
#   DURATION=5 ROUNDS=1 BATCH=50 bench/media.sh
#
# Output: bench/out/media/ (gitignored), summary in summary.md. Only 127.0.0.1 is used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/out/media"

DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
BATCH="${BATCH:-1000}"
CONG_PORT="${CONG_PORT:-18497}"
NGINX_PORT="${NGINX_PORT:-18498}"
TARGET_RATIO=0.8
TARGET_READY_MS=5000
TARGET_RSS_MB=500
UA="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONG_URL="http://127.0.0.1:$CONG_PORT"
PASSWORD="mat-khau-cua-bang-do-anh-2026"

for v in DURATION WARMUP ROUNDS THREADS CONNECTIONS BATCH CONG_PORT NGINX_PORT; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
need_tools wrk nginx curl sqlite3
NGINX_BIN="$(command -v nginx)"
own_run media "$CONG_PORT" "$NGINX_PORT"

log "cargo build --release (and the photo maker)"
cd "$ROOT"
cargo build --release
cargo build --release --example photo
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/cong"
PHOTO="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/photo"

# ---- photos: one to serve, three of 24 megapixels, BATCH of about one megapixel
PHOTOS="$OUT/photos"
if [ "$(cat "$PHOTOS/made" 2>/dev/null || true)" != "$BATCH" ]; then
    rm -rf "$PHOTOS"
    mkdir -p "$PHOTOS"
    log "making test photos (3 of 6000×4000, $BATCH of 1200×800)"
    "$PHOTO" 1600 1067 1 "$PHOTOS/serve"
    "$PHOTO" 6000 4000 3 "$PHOTOS/big"
    "$PHOTO" 1200 800 "$BATCH" "$PHOTOS/batch"
    echo "$BATCH" >"$PHOTOS/made"
fi

DATA="$OUT/data"
rm -rf "$DATA" "$OUT/static" "$OUT"/wrk-*.txt "$OUT/cong.log" "$OUT/summary.md" "$OUT/jar"
mkdir -p "$DATA"
echo "$PASSWORD" | (cd "$OUT" && NO_COLOR=1 exec "$BIN" user add --data "$DATA" \
    --role editor --display-name "Biên tập viên đo ảnh" --password-stdin bientap) \
    >"$OUT/setup.log" 2>&1 || die "cong user add failed (see $OUT/setup.log)"

log "cong serve --listen 127.0.0.1:$CONG_PORT"
(cd "$OUT" && NO_COLOR=1 exec "$BIN" serve --data "$DATA" --listen "127.0.0.1:$CONG_PORT") \
    2>>"$OUT/cong.log" >/dev/null &
CONG_PID=$!
wait_healthy "$CONG_PID" "$CONG_URL" "$OUT/cong.log" 120
COOKIE=$(log_in "$CONG_URL" bientap "$PASSWORD" "$OUT/jar")
CSRF=$(curl -fsS -b "$COOKIE" -A "$UA" "$CONG_URL/admin/tep" |
    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$CSRF" ] || die "no CSRF token on /admin/tep"
DB="$DATA/cong.db"
# peak_mb: the server's peak memory since the last call, in MB (the peak is then reset).
peak_mb() {
    awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$CONG_PID/status"
    echo 5 >"/proc/$CONG_PID/clear_refs"
}
highest() { printf '%s\n' "$@" | sort -n | tail -n 1; }
q() { sqlite3 -readonly -batch -noheader -cmd '.timeout 10000' "$DB" "$1"; }

# upload FILE: uploads as the editor does (JSON answer); prints the new entry's id.
upload() {
    local answer
    answer=$(curl -sS -b "$COOKIE" -A "$UA" -H "Accept: application/json" \
        -H "X-CSRF-Token: $CSRF" -F "file=@$1;type=application/octet-stream" \
        "$CONG_URL/admin/tep")
    grep -oE '"id":[0-9]+' <<<"$answer" | head -n 1 | cut -d: -f2 | grep . ||
        die "upload of $1 failed: $answer"
}

# wait_ready ID: until entry ID has its copies (dies if making them failed).
wait_ready() {
    local state
    while :; do
        state=$(q "SELECT variants FROM media WHERE id = $1")
        case "$state" in
        ready) return 0 ;;
        failed) die "no copies for entry $1: $(q "SELECT variant_error FROM media WHERE id = $1")" ;;
        esac
        sleep 0.02
    done
}

# ---- 1. serving: the copy closest to 200 KB of a 1600-pixel photo
id=$(upload "$PHOTOS/serve-1.jpg")
wait_ready "$id"
stem=$(q "SELECT key FROM media WHERE id = $id")
stem="${stem%.jpg}"
SERVED=$(cd "$DATA/media/up" && for f in "$stem"-*.jpg "$stem"-*.webp; do
    echo "$(stat -c %s "$f") $f"
done | awk '{ d = $1 - 204800; if (d < 0) d = -d; print d, $2 }' | sort -n | head -n 1 | cut -d' ' -f2)
SERVED_KB=$(($(stat -c %s "$DATA/media/up/$SERVED") / 1024))
mkdir -p "$OUT/static"
# Cổng writes its files for itself alone (umask 077); nginx's workers need to read the copy.
install -m 0644 "$DATA/media/up/$SERVED" "$OUT/static/$SERVED"
start_nginx "$OUT" "$NGINX_PORT" "$SERVED"
cmp -s "$DATA/media/up/$SERVED" <(curl -fsS "$CONG_URL/media/up/$SERVED") ||
    die "cong does not serve the stored bytes"

declare -A RPS P50 P99 ERR
log "serving $SERVED ($SERVED_KB KB): wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds"
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
NGINX_R=() CONG_R=() CONG_P99=()
for r in $(seq 1 "$ROUNDS"); do
    wrk_run "nginx-$r" "http://127.0.0.1:$NGINX_PORT/$SERVED" -H "User-Agent: $UA"
    wrk_run "cong-$r" "$CONG_URL/media/up/$SERVED" -H "User-Agent: $UA"
    NGINX_R+=("${RPS[nginx-$r]}")
    CONG_R+=("${RPS[cong-$r]}")
    CONG_P99+=("${P99[cong-$r]}")
done
RSS_SERVE=$(peak_mb)

# ---- 1b. a file over the 1 MiB that is kept in memory: streamed from the folder
BIG_DOC="$OUT/streamed.pdf"
{ printf '%%PDF-1.4\n'; head -c 2250000 /dev/urandom | base64 -w 76; printf '\n%%%%EOF\n'; } >"$BIG_DOC"
id=$(upload "$BIG_DOC")
STREAMED=$(q "SELECT key FROM media WHERE id = $id")
STREAMED_KB=$(($(stat -c %s "$BIG_DOC") / 1024))
log "streaming $STREAMED ($STREAMED_KB KB) from the folder"
wrk_run streamed "$CONG_URL/media/up/$STREAMED" -H "User-Agent: $UA"
RSS_STREAM=$(peak_mb)
NGINX_MED=$(median "${NGINX_R[@]}")
CONG_MED=$(median "${CONG_R[@]}")
RATIO=$(awk -v c="$CONG_MED" -v n="$NGINX_MED" 'BEGIN { printf "%.2f", c / n }')
SERVE_OK=$(awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? 1 : 0 }')

# ---- 2. 24 megapixels: upload to copies ready
log "24-megapixel photos: upload to copies ready"
READY=()
for i in 1 2 3; do
    t0=$(now_ns)
    id=$(upload "$PHOTOS/big-$i.jpg")
    wait_ready "$id"
    READY+=("$(ms_between "$t0" "$(now_ns)")")
    echo "  big-$i.jpg ($(($(stat -c %s "$PHOTOS/big-$i.jpg") / 1024)) KB): ${READY[-1]} ms"
done
RSS_BIG=$(peak_mb)
READY_MED=$(median "${READY[@]}")
READY_MAX=$(printf '%s\n' "${READY[@]}" | sort -n | tail -n 1)
READY_OK=$(awk -v m="$READY_MAX" -v t="$TARGET_READY_MS" 'BEGIN { print (m <= t) ? 1 : 0 }')

# ---- 3. a batch, uploaded one after another while the job works through it
log "$BATCH photos of 1200×800"
t0=$(now_ns)
for i in $(seq 1 "$BATCH"); do
    upload "$PHOTOS/batch-$i.jpg" >/dev/null
    if [ $((i % 100)) = 0 ]; then
        echo "  uploaded $i/$BATCH, copies made for $(q "SELECT COUNT(*) FROM media WHERE variants = 'ready'")"
    fi
done
UPLOADED_MS=$(ms_between "$t0" "$(now_ns)")
while :; do
    left=$(q "SELECT COUNT(*) FROM media WHERE variants = 'pending'")
    [ "$left" = 0 ] && break
    echo "  waiting for copies: $left left"
    sleep 2
done
BATCH_MS=$(ms_between "$t0" "$(now_ns)")
FAILED=$(q "SELECT COUNT(*) FROM media WHERE variants = 'failed'")
RSS_BATCH=$(peak_mb)
RSS_MB=$(highest "$RSS_SERVE" "$RSS_STREAM" "$RSS_BIG" "$RSS_BATCH")
RSS_OK=$(awk -v m="$RSS_MB" -v t="$TARGET_RSS_MB" -v f="$FAILED" 'BEGIN { print (m < t && f == 0) ? 1 : 0 }')

{
    echo "# Media benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load before: $LOADAVG."
    echo
    echo "## Serving $SERVED ($SERVED_KB KB) from the folder store"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS alternating rounds."
    echo
    echo "| round | nginx req/s | Cổng req/s | Cổng p99 ms |"
    echo "|---|---:|---:|---:|"
    for r in $(seq 1 "$ROUNDS"); do
        echo "| $r | ${RPS[nginx-$r]} | ${RPS[cong-$r]} | ${P99[cong-$r]} |"
    done
    echo
    echo "- Cổng / nginx (medians): $CONG_MED / $NGINX_MED = ${RATIO}× (target ≥ ${TARGET_RATIO}×) — $(pf "$SERVE_OK")"
    echo
    echo "## Streaming $STREAMED ($STREAMED_KB KB, over the in-memory limit)"
    echo
    echo "- ${RPS[streamed]} req/s, p99 ${P99[streamed]} ms, peak memory $RSS_STREAM MB"
    echo
    echo "## A 24-megapixel JPEG, upload to reader copies ready"
    echo
    echo "- ${READY[*]} ms; median $READY_MED ms, slowest $READY_MAX ms (target ≤ $TARGET_READY_MS ms) — $(pf "$READY_OK")"
    echo
    echo "## $BATCH photos of 1200×800"
    echo
    echo "- uploaded in $UPLOADED_MS ms; all copies made $BATCH_MS ms after the first upload; $FAILED failed"
    echo "- peak memory of cong in each part: serving $RSS_SERVE MB, streaming $RSS_STREAM MB,"
    echo "  24-megapixel photos $RSS_BIG MB, batch $RSS_BATCH MB; highest $RSS_MB MB (target < $TARGET_RSS_MB MB) — $(pf "$RSS_OK")"
} >"$OUT/summary.md"
log "summary (bench/out/media/summary.md)"
cat "$OUT/summary.md"

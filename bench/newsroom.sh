#!/usr/bin/env bash
# Newsroom benchmark (issue 12): the back office's list of articles at 100,000 articles, with
# every filter, paging and a logged-in editor, under load; the target is p99 < 50 ms. nginx
# serving the same list page as a static file runs in the same session as the anchor.
#
#   bench/newsroom.sh                         # ARTICLES=100000 DURATION=15
#   ARTICLES=5000 DURATION=5 bench/newsroom.sh
#
# Output: bench/out/newsroom/ (gitignored), summary in summary.md. Only 127.0.0.1 is used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/out/newsroom"
LUA="$ROOT/bench/newsroom.lua"

ARTICLES="${ARTICLES:-100000}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-3}"
THREADS="${THREADS:-2}"
# A newsroom is a handful of people: eight requests in flight at once is already a busy one.
CONNECTIONS="${CONNECTIONS:-8}"
CONG_PORT="${CONG_PORT:-18495}"
NGINX_PORT="${NGINX_PORT:-18496}"
KEEP_DATA="${KEEP_DATA:-0}"
SAMPLES=7
TARGET_P99_MS=50
UA="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONG_URL="http://127.0.0.1:$CONG_PORT"
PASSWORD="mat-khau-cua-bang-do-hieu-nang-2026"

for v in ARTICLES DURATION WARMUP THREADS CONNECTIONS CONG_PORT NGINX_PORT KEEP_DATA; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
need_tools wrk nginx curl
NGINX_BIN="$(command -v nginx)"
own_run newsroom "$CONG_PORT" "$NGINX_PORT"

log "cargo build --release"
cd "$ROOT"
cargo build --release
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/cong"

# ---- data: ARTICLES generated articles and one editor, who also wrote a few of them
DATA="$OUT/data"
MARK="$OUT/data.articles"
rm -rf "$OUT/static" "$OUT"/wrk-*.txt "$OUT/cong.log" "$OUT/summary.md" "$OUT/jar"
if [ "$KEEP_DATA" = 1 ] && [ "$(cat "$MARK" 2>/dev/null || true)" = "$ARTICLES" ]; then
    log "reusing bench/out/newsroom/data ($ARTICLES articles; KEEP_DATA=1)"
else
    rm -rf "$DATA" "$MARK"
    mkdir -p "$DATA"
    log "cong generate --articles $ARTICLES"
    (cd "$OUT" && NO_COLOR=1 exec timeout 1800 "$BIN" generate --data "$DATA" \
        --articles "$ARTICLES") >"$OUT/generate.log" 2>&1 || {
        tail -n 30 "$OUT/generate.log" >&2
        die "cong generate failed"
    }
    echo "$PASSWORD" | (cd "$OUT" && NO_COLOR=1 exec "$BIN" user add --data "$DATA" \
        --role editor --display-name "Biên tập viên đo tải" --password-stdin bientap) \
        >>"$OUT/generate.log" 2>&1 || die "cong user add failed (see $OUT/generate.log)"
    # The search index is built before the server starts, as on a real move to Cổng: a first
    # start would otherwise build it while the list is being measured.
    (cd "$OUT" && NO_COLOR=1 exec timeout 1800 "$BIN" reindex --data "$DATA") \
        >>"$OUT/generate.log" 2>&1 || die "cong reindex failed (see $OUT/generate.log)"
    echo "$ARTICLES" >"$MARK"
fi

log "cong serve --listen 127.0.0.1:$CONG_PORT"
(cd "$OUT" && NO_COLOR=1 exec "$BIN" serve --data "$DATA" --listen "127.0.0.1:$CONG_PORT") \
    2>>"$OUT/cong.log" >/dev/null &
CONG_PID=$!
wait_healthy "$CONG_PID" "$CONG_URL" "$OUT/cong.log" 300

# ---- log in as a browser does
JAR="$OUT/jar"
COOKIE=$(log_in "$CONG_URL" bientap "$PASSWORD" "$JAR")

# ---- the paths: every filter alone and together, near and far pages, matches and misses
list=$(curl -fsS -b "$COOKIE" -A "$UA" "$CONG_URL/admin/bai-viet")
grep -q 'name="tu-khoa"' <<<"$list" || die "/admin/bai-viet does not show the filter form"
mapfile -t CATS < <(grep -oE '<option value="[0-9]+"' <<<"$list" | grep -oE '[0-9]+' | awk '!seen[$0]++' | head -n 2)
[ "${#CATS[@]}" -ge 2 ] || die "the filter form lists fewer than two categories"
ME=$(awk '/name="tac-gia"/ { on = 1 }
    on && match($0, /<option value="[0-9]+"/) { print substr($0, RSTART + 15, RLENGTH - 16); exit }' <<<"$list")
[ -n "$ME" ] || die "the filter form lists no author"
PATHS=(
    "/admin/bai-viet"
    "/admin/bai-viet?trang=2"
    "/admin/bai-viet?trang=100"
    "/admin/bai-viet?trang=1000"
    "/admin/bai-viet?trang-thai=published"
    "/admin/bai-viet?trang-thai=draft"
    "/admin/bai-viet?trang-thai=submitted"
    "/admin/bai-viet?chuyen-muc=${CATS[0]}"
    "/admin/bai-viet?chuyen-muc=${CATS[1]}&trang=20"
    "/admin/bai-viet?tac-gia=$ME"
    "/admin/bai-viet?tu-khoa=ti%C3%AAm"
    "/admin/bai-viet?tu-khoa=s%E1%BB%9Fi&trang=5"
    "/admin/bai-viet?tu-khoa=khongcotunay"
    "/admin/bai-viet?trang-thai=published&chuyen-muc=${CATS[0]}&tu-khoa=y%20t%E1%BA%BF"
)
printf '%s\n' "${PATHS[@]}" >"$OUT/paths.txt"

log "each path alone, ${SAMPLES} serial requests (median and slowest)"
declare -A MED MAX
for p in "${PATHS[@]}"; do
    code=$(curl -sS -o "$OUT/page.html" -w '%{http_code}' -b "$COOKIE" -A "$UA" "$CONG_URL$p")
    [ "$code" = 200 ] || die "GET $p answered $code"
    grep -q 'name="tu-khoa"' "$OUT/page.html" || die "GET $p is not the list of articles"
    t=()
    for _ in $(seq 1 "$SAMPLES"); do
        t+=("$(curl -sS -o /dev/null -w '%{time_total}' -b "$COOKIE" -A "$UA" "$CONG_URL$p")")
    done
    MED[$p]=$(awk -v s="$(median "${t[@]}")" 'BEGIN { printf "%.1f", s * 1000 }')
    MAX[$p]=$(printf '%s\n' "${t[@]}" | sort -g | tail -n 1 | awk '{ printf "%.1f", $1 * 1000 }')
    printf '  %-80s %6s ms  (slowest %s ms)\n' "$p" "${MED[$p]}" "${MAX[$p]}"
done

# ---- the anchor: nginx serving the first list page as it was just served
mkdir -p "$OUT/static"
curl -fsS -b "$COOKIE" -A "$UA" -o "$OUT/static/list.html" "$CONG_URL/admin/bai-viet"
start_nginx "$OUT" "$NGINX_PORT" list.html

declare -A RPS P50 P99 ERR
log "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency"
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
wrk_run nginx-static "http://127.0.0.1:$NGINX_PORT/list.html" -H "User-Agent: $UA"
wrk_run newsroom "$CONG_URL" -s "$LUA" -- "$OUT/paths.txt" "$COOKIE"
RSS_MB=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$CONG_PID/status")

OK=$(awk -v p="${P99[newsroom]}" -v t="$TARGET_P99_MS" 'BEGIN { print (p < t) ? 1 : 0 }')
[ -z "${ERR[newsroom]}" ] || OK=0
{
    echo "# Newsroom list benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "$ARTICLES generated articles, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, load before: $LOADAVG."
    echo
    echo "| run | req/s | p50 ms | p99 ms | problems |"
    echo "|---|---:|---:|---:|---|"
    for n in nginx-static newsroom; do
        echo "| $n | ${RPS[$n]} | ${P50[$n]} | ${P99[$n]} | ${ERR[$n]:-none} |"
    done
    echo
    echo "Each path alone (median and slowest of $SAMPLES serial requests, ms):"
    echo
    echo "| path | median | slowest |"
    echo "|---|---:|---:|"
    for p in "${PATHS[@]}"; do echo "| \`$p\` | ${MED[$p]} | ${MAX[$p]} |"; done
    echo
    echo "- list p99 < ${TARGET_P99_MS} ms under load: ${P99[newsroom]} ms — $(pf "$OK")"
    echo "- peak memory of cong: ${RSS_MB} MB"
} >"$OUT/summary.md"
log "summary (bench/out/newsroom/summary.md)"
cat "$OUT/summary.md"

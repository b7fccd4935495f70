#!/usr/bin/env bash
# Load benchmark of Cổng: generate content, measure cold start, compare pages with nginx
# serving the same article as a static file, check the live view counter, report peak RSS.
#
#   bench/run.sh                      # defaults: ARTICLES=10000 DURATION=15 ROUNDS=3
#   ARTICLES=2000 DURATION=5 bench/run.sh
#
# Everything it writes goes to bench/out/ (gitignored); the summary is bench/out/summary.md.
# Only 127.0.0.1 is targeted; every step has a bounded duration.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/out"

ARTICLES="${ARTICLES:-10000}"
DURATION="${DURATION:-15}"
# nginx and the Cổng article page are measured in alternating rounds and compared by their
# medians: on a shared 2-core machine one run of either can be off by a third.
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
CONG_PORT="${CONG_PORT:-18480}"
NGINX_PORT="${NGINX_PORT:-18481}"
K=100
UA="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONG_URL="http://127.0.0.1:$CONG_PORT"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"

for v in ARTICLES DURATION ROUNDS WARMUP THREADS CONNECTIONS CONG_PORT NGINX_PORT; do
    if ! [[ "${!v}" =~ ^[0-9]+$ ]]; then
        echo "error: $v must be a whole number (got '${!v}')" >&2
        exit 2
    fi
done


# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null || ! command -v curl >/dev/null; then
    log "installing wrk, nginx, curl"
    apt-get update && apt-get install -y wrk nginx curl
fi
NGINX_BIN="$(command -v nginx)"

# ---------------------------------------------------------------------------------------------
# Cleanup: stop whatever this script started, however it ends.
# ---------------------------------------------------------------------------------------------
CONG_PID=""
NGINX_PID=""


cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CONG_PID" TERM cong
    stop_pid "$NGINX_PID" QUIT nginx
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy "$CONG_PORT" && die "something already answers on 127.0.0.1:$CONG_PORT (set CONG_PORT)"
port_busy "$NGINX_PORT" && die "something already answers on 127.0.0.1:$NGINX_PORT (set NGINX_PORT)"

# ---------------------------------------------------------------------------------------------
# 1. Build
# ---------------------------------------------------------------------------------------------
log "cargo build --release"
cd "$ROOT"
cargo build --release
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/cong"
[ -x "$BIN" ] || die "no binary at $BIN"

# ---------------------------------------------------------------------------------------------
# 2. Fresh data folder + generated content
# ---------------------------------------------------------------------------------------------
rm -rf "$OUT/data" "$OUT/static" "$OUT/nginx-tmp" "$OUT"/wrk-*.txt \
    "$OUT/cong.log" "$OUT/nginx-error.log" "$OUT/nginx.conf" "$OUT/nginx.pid" "$OUT/summary.md"
mkdir -p "$OUT/data" "$OUT/static" "$OUT/nginx-tmp"
DATA="$OUT/data"

# Run cong from bench/out so that a ./cong.toml in the caller's directory is not picked up.
log "cong generate --articles $ARTICLES"
t0=$(now_ns)
(cd "$OUT" && NO_COLOR=1 exec "$BIN" generate --data "$DATA" --articles "$ARTICLES") \
    >"$OUT/generate.log" 2>&1 || {
    cat "$OUT/generate.log" >&2
    die "cong generate failed"
}
GEN_MS=$(ms_between "$t0" "$(now_ns)")
tail -n 1 "$OUT/generate.log"

# Build the search index as an operator does after a bulk load, so the server measured below
# is the serving one. (A first start that must build the index itself peaks far higher: the
# README reports it.)
log "cong reindex"
(cd "$OUT" && NO_COLOR=1 CONG_LOG=warn exec "$BIN" reindex --data "$DATA") >"$OUT/reindex.log" 2>&1 || {
    cat "$OUT/reindex.log" >&2
    die "cong reindex failed"
}
tail -n 1 "$OUT/reindex.log"
GEN_RATE=$(awk -v n="$ARTICLES" -v ms="$GEN_MS" 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }')
echo "generate: ${GEN_MS} ms (${GEN_RATE} articles/s)"

# ---------------------------------------------------------------------------------------------
# 3. Cold start
# ---------------------------------------------------------------------------------------------
log "cold start: cong serve --listen 127.0.0.1:$CONG_PORT"
t0=$(now_ns)
(cd "$OUT" && NO_COLOR=1 exec "$BIN" serve --data "$DATA" --listen "127.0.0.1:$CONG_PORT") \
    2>"$OUT/cong.log" >/dev/null &
CONG_PID=$!
wait_healthy "$CONG_PID" "$CONG_URL" "$OUT/cong.log" 30 0.01
COLD_MS=$(ms_between "$t0" "$(now_ns)")
READY_MS=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/cong.log" | grep -o 'ready_ms=[0-9]*' | head -n 1 | cut -d= -f2 || true)
READY_MS="${READY_MS:-?}"
echo "cold start: ${COLD_MS} ms from spawn to /healthz 200 (cong logged ready_ms=${READY_MS})"

# ---------------------------------------------------------------------------------------------
# 4. Pages under test
# ---------------------------------------------------------------------------------------------
log "choosing pages"
HOME_HTML="$OUT/home.html"
curl -fsS --max-time 10 -A "$UA" -o "$HOME_HTML" "$CONG_URL/" || die "GET / failed"
ARTICLE_PATH=$(grep -oE 'href="/[a-z0-9-]+/[a-z0-9-]+-[0-9]+\.html"' "$HOME_HTML" | head -n 1 |
    sed -E 's/^href="//; s/"$//' || true)
[ -n "$ARTICLE_PATH" ] || die "no article link found on the home page"
# The article's own category: certainly a category page.
CATEGORY_PATH="/$(echo "$ARTICLE_PATH" | cut -d/ -f2)/"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -A "$UA" "$CONG_URL$CATEGORY_PATH" || true)
if [ "$code" != "200" ]; then
    echo "category $CATEGORY_PATH answered $code; trying the home page's category links"
    CATEGORY_PATH=""
    for p in $(grep -oE 'href="/[a-z0-9-]+/"' "$HOME_HTML" | sed -E 's/^href="//; s/"$//' | awk '!seen[$0]++'); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -A "$UA" "$CONG_URL$p" || true)
        if [ "$code" = "200" ]; then
            CATEGORY_PATH="$p"
            break
        fi
    done
    [ -n "$CATEGORY_PATH" ] || die "no category page answering 200 found"
fi
echo "article:  $ARTICLE_PATH"
echo "category: $CATEGORY_PATH"

curl -fsS --max-time 10 -A "$UA" -o "$OUT/static/article.html" "$CONG_URL$ARTICLE_PATH" ||
    die "GET $ARTICLE_PATH failed"
chmod -R a+rX "$OUT/static"
PAGE_BYTES=$(wc -c <"$OUT/static/article.html")
HOME_BYTES=$(wc -c <"$HOME_HTML")
CATEGORY_BYTES=$(curl -fsS --max-time 10 -A "$UA" "$CONG_URL$CATEGORY_PATH" | wc -c)
echo "article page: $PAGE_BYTES bytes (saved to bench/out/static/article.html)"

# View count shown on the article page ("Lượt xem: 1.234" → 1234). Each call is one view.
view_count() {
    local n
    n=$(curl -fsS --max-time 10 -A "$UA" "$CONG_URL$ARTICLE_PATH" |
        grep -oE 'Lượt xem[^0-9<]*(<[^>]*>[^0-9<]*)*[0-9][0-9.]*' | head -n 1 |
        grep -oE '[0-9][0-9.]*$' | tr -d . || true)
    [ -n "$n" ] || die "could not read the view count (\"Lượt xem\") on $ARTICLE_PATH"
    echo "$n"
}

# ---------------------------------------------------------------------------------------------
# 5. nginx serving the saved article
# ---------------------------------------------------------------------------------------------
start_nginx "$OUT" "$NGINX_PORT" article.html

# ---------------------------------------------------------------------------------------------
# 6. Load
# ---------------------------------------------------------------------------------------------
VIEWS_BEFORE=$(view_count)


declare -A RPS P50 P99 REQS ERRS
ORDER=()
PROBLEMS=()

# bench NAME URL: warm-up run (not reported), then the measured run.
bench() {
    local name="$1" url="$2" file="$OUT/wrk-$1.txt" warm="$OUT/wrk-$1-warmup.txt" err
    ORDER+=("$name")
    echo "-- $name: $url (warm-up ${WARMUP}s, then ${DURATION}s)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "User-Agent: $UA" "$url" >"$warm" 2>&1 ||
        die "wrk warm-up failed for $name: $(cat "$warm")"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "User-Agent: $UA" "$url" >"$file" 2>&1 ||
        die "wrk failed for $name: $(cat "$file")"
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")
    P50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$file")")
    P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$file")")
    REQS[$name]=$(awk '/requests in/ { print $1; exit }' "$file")
    REQS["$name-warmup"]=$(awk '/requests in/ { print $1; exit }' "$warm")
    err=$(grep -hE 'Socket errors|Non-2xx' "$warm" "$file" | sed 's/^ *//' | paste -sd ';' - || true)
    ERRS[$name]="$err"
    printf '   %s req/s, p50 %s ms, p99 %s ms, %s requests\n' \
        "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "${REQS[$name]}"
    if [ -n "$err" ]; then
        echo "   PROBLEM: $err"
        PROBLEMS+=("$name: $err")
    fi
    if [ -n "$CONG_PID" ] && ! kill -0 "$CONG_PID" 2>/dev/null; then
        PROBLEMS+=("cong exited during the $name run")
        tail -n 50 "$OUT/cong.log" >&2
        die "cong exited during the $name run"
    fi
}

log "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency"
# Other work on the machine skews the figures: note the load before the runs.
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the runs: $LOADAVG"
ROUND_LOG=()
article_reqs=0
for r in $(seq 1 "$ROUNDS"); do
    bench "nginx-static#$r" "$NGINX_URL/article.html"
    bench "article#$r" "$CONG_URL$ARTICLE_PATH"
    article_reqs=$((article_reqs + ${REQS[article#$r]} + ${REQS[article#$r-warmup]}))
done
for name in nginx-static article; do
    rps=() p50=() p99=()
    for r in $(seq 1 "$ROUNDS"); do
        rps+=("${RPS[$name#$r]}") p50+=("${P50[$name#$r]}") p99+=("${P99[$name#$r]}")
    done
    RPS[$name]=$(median "${rps[@]}") P50[$name]=$(median "${p50[@]}") P99[$name]=$(median "${p99[@]}")
    ROUND_LOG+=("$name req/s by round: ${rps[*]}")
done
REQS[article]=$article_reqs
REQS[article-warmup]=0
bench home "$CONG_URL/"
bench category "$CONG_URL$CATEGORY_PATH"
ORDER=(nginx-static article home category)

# ---------------------------------------------------------------------------------------------
# 7. Live view count
# ---------------------------------------------------------------------------------------------
log "view count"
VIEWS_AFTER_WRK=$(view_count)
WRK_ARTICLE_REQS=$((${REQS[article]} + ${REQS[article-warmup]}))
echo "before wrk: $VIEWS_BEFORE; after wrk: $VIEWS_AFTER_WRK" \
    "(+$((VIEWS_AFTER_WRK - VIEWS_BEFORE)); wrk completed $WRK_ARTICLE_REQS article requests, plus this fetch)"

V1=$(view_count)
for _ in $(seq 1 "$K"); do
    curl -fsS --max-time 10 -A "$UA" -o /dev/null "$CONG_URL$ARTICLE_PATH"
done
V2=$(view_count)
if [ $((V2 - V1)) -eq $((K + 1)) ]; then VIEW_OK=PASS; else VIEW_OK=FAIL; fi
echo "view count: $V1 → $V2 after $K requests (+$((V2 - V1)), expected +$((K + 1))): $VIEW_OK"

# ---------------------------------------------------------------------------------------------
# 8. Peak RSS, then stop cong and check it stopped cleanly
# ---------------------------------------------------------------------------------------------
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CONG_PID/status")
RSS_MB=$(awk -v k="$HWM_KB" 'BEGIN { printf "%.1f", k / 1024 }')
echo "cong peak RSS (VmHWM): $RSS_MB MB"

log "stopping"
kill -TERM "$CONG_PID"
STOP_RC=0
for _ in $(seq 1 100); do
    kill -0 "$CONG_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$CONG_PID" 2>/dev/null; then
    PROBLEMS+=("cong did not stop within 10 s of SIGTERM")
    kill -KILL "$CONG_PID" 2>/dev/null || true
fi
wait "$CONG_PID" || STOP_RC=$?
CONG_PID=""
[ "$STOP_RC" -eq 0 ] || PROBLEMS+=("cong exited with status $STOP_RC after SIGTERM")
stop_pid "$NGINX_PID" QUIT nginx
NGINX_PID=""
echo "cong exit status after SIGTERM: $STOP_RC"

CLEAN_LOG=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/cong.log")
LOG_ISSUES=$(grep -cE ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" || true)
if [ "$LOG_ISSUES" -gt 0 ]; then
    PROBLEMS+=("cong.log has $LOG_ISSUES ERROR/WARN/panic lines")
    echo "cong.log ERROR/WARN/panic lines (first 10):"
    grep -E ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" | head -n 10
fi

# ---------------------------------------------------------------------------------------------
# 9. Summary
# ---------------------------------------------------------------------------------------------
RATIO=$(awk -v a="${RPS[article]}" -v n="${RPS[nginx-static]}" 'BEGIN { printf "%.2f", (n > 0 ? a / n : 0) }')
RATIO_OK=$(pf "$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.8) }')")
P99_MAX=$(printf '%s\n' "${P99[article]}" "${P99[home]}" "${P99[category]}" | sort -g | tail -n 1)
P99_OK=$(pf "$(awk -v p="$P99_MAX" 'BEGIN { print (p < 10) }')")
RSS_OK=$(pf "$(awk -v r="$RSS_MB" 'BEGIN { print (r < 150) }')")
COLD_OK=$(pf "$([ "$COLD_MS" -lt 1000 ] && echo 1 || echo 0)")
CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    COMMIT="$COMMIT (with uncommitted changes)"
fi

declare -A LABEL=(
    [nginx-static]="nginx static (same article file)"
    [article]="Cổng article \`$ARTICLE_PATH\`"
    [home]="Cổng home \`/\`"
    [category]="Cổng category \`$CATEGORY_PATH\`"
)
declare -A BYTES=([nginx-static]="$PAGE_BYTES" [article]="$PAGE_BYTES" [home]="$HOME_BYTES" [category]="$CATEGORY_BYTES")

{
    echo "# Cổng load benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT; $ARTICLES generated articles;" \
        "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency (after a ${WARMUP}s warm-up);" \
        "nginx and the article page: median of $ROUNDS alternating rounds."
    echo
    echo "| page | req/s | p50 ms | p99 ms | bytes |"
    echo "|---|---:|---:|---:|---:|"
    for name in "${ORDER[@]}"; do
        printf '| %s | %s | %.2f | %.2f | %s |\n' "${LABEL[$name]}" "${RPS[$name]}" \
            "${P50[$name]}" "${P99[$name]}" "${BYTES[$name]}"
    done
    echo
    echo "- Cổng article / nginx static: **${RATIO}×** (medians)"
    printf -- '- %s\n' "${ROUND_LOG[@]}"
    echo "- article page size: $PAGE_BYTES bytes"
    echo "- generate $ARTICLES articles: $GEN_MS ms ($GEN_RATE articles/s)"
    echo "- cold start: $COLD_MS ms spawn → /healthz 200 (logged ready_ms=$READY_MS)"
    echo "- peak RSS (VmHWM) of cong: $RSS_MB MB"
    echo "- view count: $VIEWS_BEFORE before wrk, $VIEWS_AFTER_WRK after" \
        "($WRK_ARTICLE_REQS article requests by wrk); $V1 → $V2 after $K requests" \
        "(+$((V2 - V1)), expected +$((K + 1)))"
    echo "- machine: $(nproc) cores, $CPU_MODEL (wrk and the servers share them); load average before the runs: $LOADAVG"
    echo
    echo "## Targets"
    echo
    echo "- article ≥ 0.8× nginx static: ${RATIO}× — $RATIO_OK"
    printf -- '- p99 < 10 ms at %s connections (article %.2f, home %.2f, category %.2f ms): %s\n' \
        "$CONNECTIONS" "${P99[article]}" "${P99[home]}" "${P99[category]}" "$P99_OK"
    echo "- peak RSS < 150 MB: $RSS_MB MB — $RSS_OK"
    echo "- cold start < 1 s: $COLD_MS ms — $COLD_OK"
    echo "- view count live (+$((K + 1)) after $K requests and one fetch): +$((V2 - V1)) — $VIEW_OK"
    echo
    if [ "${#PROBLEMS[@]}" -eq 0 ]; then
        echo "No errors: no non-2xx responses, no socket errors, no ERROR/WARN in cong.log, clean shutdown."
    else
        echo "## Problems"
        echo
        printf -- '- %s\n' "${PROBLEMS[@]}"
    fi
} >"$OUT/summary.md"

log "summary (bench/out/summary.md)"
echo
cat "$OUT/summary.md"

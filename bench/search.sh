#!/usr/bin/env bash
# Search benchmark of Cổng (issue 5): generate articles, time the index build (cong reindex),
# then load the search page and the search API with wrk rotating through a mix of queries;
# report requests/s, p50/p99 latency and the server's peak RSS against the targets.
#
#   bench/search.sh                       # defaults: ARTICLES=100000 DURATION=20
#   ARTICLES=5000 DURATION=5 bench/search.sh
#
# Everything it writes goes to bench/out/search/ (gitignored); the summary is
# bench/out/search/summary.md. Only 127.0.0.1 is targeted; every step has a bounded duration.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/out/search"
LUA="$ROOT/bench/search.lua"
QUERIES="$ROOT/bench/search-queries.txt"

ARTICLES="${ARTICLES:-100000}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
CONG_PORT="${CONG_PORT:-18490}"
# Per-query runs (one fixed query each) that show where the time goes; BREAKDOWN=0 skips them.
BREAKDOWN="${BREAKDOWN:-1}"
BREAKDOWN_DURATION="${BREAKDOWN_DURATION:-5}"
# KEEP_DATA=1 reuses bench/out/search/data when it was generated with the same ARTICLES
# (saves the generation step when re-running); the index is rebuilt and timed in any case.
KEEP_DATA="${KEEP_DATA:-0}"
# Upper bounds of the two offline steps, in seconds.
GENERATE_TIMEOUT="${GENERATE_TIMEOUT:-1800}"
REINDEX_TIMEOUT="${REINDEX_TIMEOUT:-900}"
# Serial requests per query (no load) for the service-time table; the median is reported.
SAMPLES=5
UA="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONG_URL="http://127.0.0.1:$CONG_PORT"
# Queries of the mix that must find nothing; every other query must find something.
NO_HIT=("xyzabc" "quantum blockchain")

for v in ARTICLES DURATION WARMUP THREADS CONNECTIONS CONG_PORT BREAKDOWN BREAKDOWN_DURATION \
    KEEP_DATA GENERATE_TIMEOUT REINDEX_TIMEOUT; do
    if ! [[ "${!v}" =~ ^[0-9]+$ ]]; then
        echo "error: $v must be a whole number (got '${!v}')" >&2
        exit 2
    fi
done


# Percent-encodes a query byte by byte (UTF-8 → %XX, space → %20, '"' → %22), like search.lua.
urlencode() {
    local LC_ALL=C s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
        [A-Za-z0-9._~-]) out+="$c" ;;
        *)
            printf -v c '%%%02X' "'$c"
            out+="$c"
            ;;
        esac
    done
    printf '%s' "$out"
}

# ---------------------------------------------------------------------------------------------
# Tools, query mix
# ---------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
    log "installing wrk, curl"
    apt-get update && apt-get install -y wrk curl
fi
[ -r "$LUA" ] || die "missing $LUA"
[ -r "$QUERIES" ] || die "missing $QUERIES"
mapfile -t QLIST < <(sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//' "$QUERIES" | grep -vE '^(#|$)')
[ "${#QLIST[@]}" -ge 30 ] || die "the query mix has ${#QLIST[@]} queries; it needs at least 30"

# ---------------------------------------------------------------------------------------------
# Cleanup: stop whatever this script started, however it ends.
# ---------------------------------------------------------------------------------------------
CONG_PID=""


cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CONG_PID" TERM cong
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One run at a time: a second one would delete this one's files and share its data folder.
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock -n 9 || die "another bench/search.sh is running (lock bench/out/search.lock)"

port_busy "$CONG_PORT" && die "something already answers on 127.0.0.1:$CONG_PORT (set CONG_PORT)"

# ---------------------------------------------------------------------------------------------
# 1. Build
# ---------------------------------------------------------------------------------------------
log "cargo build --release"
cd "$ROOT"
cargo build --release
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/cong"
[ -x "$BIN" ] || die "no binary at $BIN"
"$BIN" --help | grep -qE '^ +reindex ' ||
    die "$BIN has no 'reindex' command (cong --help lists: $("$BIN" --help | awk '/^Commands:/ { on = 1; next } on && NF { printf "%s ", $1 } /^$/ { on = 0 }'))"

# ---------------------------------------------------------------------------------------------
# 2. Data folder with ARTICLES generated articles
# ---------------------------------------------------------------------------------------------
mkdir -p "$OUT"
DATA="$OUT/data"
MARK="$OUT/data.articles" # ARTICLES of the data folder, for KEEP_DATA=1
rm -f "$OUT"/wrk-*.txt "$OUT"/cong.log "$OUT"/reindex.log "$OUT"/summary.md "$OUT"/checks.tsv
if [ "$KEEP_DATA" = 1 ] && [ -d "$DATA" ] && [ "$(cat "$MARK" 2>/dev/null || true)" = "$ARTICLES" ]; then
    log "reusing bench/out/search/data ($ARTICLES generated articles; KEEP_DATA=1)"
    GEN_MS="" GEN_RATE=""
else
    rm -rf "$DATA" "$MARK" "$OUT/generate.log"
    mkdir -p "$DATA"
    # Run cong from bench/out/search so that a ./cong.toml in the caller's directory is not used.
    log "cong generate --articles $ARTICLES"
    t0=$(now_ns)
    (cd "$OUT" && NO_COLOR=1 exec timeout "$GENERATE_TIMEOUT" "$BIN" generate --data "$DATA" \
        --articles "$ARTICLES") >"$OUT/generate.log" 2>&1 || {
        tail -n 30 "$OUT/generate.log" >&2
        die "cong generate failed (or took over ${GENERATE_TIMEOUT}s)"
    }
    GEN_MS=$(ms_between "$t0" "$(now_ns)")
    echo "$ARTICLES" >"$MARK"
    tail -n 1 "$OUT/generate.log"
    GEN_RATE=$(awk -v n="$ARTICLES" -v ms="$GEN_MS" 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }')
    echo "generate: ${GEN_MS} ms (${GEN_RATE} articles/s)"
fi
DB_MB=$(du -sk --exclude='*index*' "$DATA" | awk '{ printf "%.0f", $1 / 1024 }')

# ---------------------------------------------------------------------------------------------
# 3. Index build: cong reindex (wall clock, and its peak RSS when GNU time is there)
# ---------------------------------------------------------------------------------------------
log "cong reindex"
# GNU time outside timeout: its figure covers timeout's child, and timeout stops cong itself.
TIME_CMD=()
[ -x /usr/bin/time ] && TIME_CMD=(/usr/bin/time -f 'reindex-max-rss-kb=%M' -o "$OUT/reindex.time")
rm -f "$OUT/reindex.time"
t0=$(now_ns)
(cd "$OUT" && NO_COLOR=1 exec "${TIME_CMD[@]}" timeout "$REINDEX_TIMEOUT" "$BIN" reindex \
    --data "$DATA") >"$OUT/reindex.log" 2>&1 || {
    tail -n 30 "$OUT/reindex.log" >&2
    die "cong reindex failed (or took over ${REINDEX_TIMEOUT}s)"
}
REINDEX_MS=$(ms_between "$t0" "$(now_ns)")
INDEXED_LINE=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/reindex.log" | grep -E 'indexed [0-9]+ articles' | tail -n 1 || true)
INDEXED_N=$(grep -oE 'indexed [0-9]+' <<<"$INDEXED_LINE" | grep -oE '[0-9]+' || true)
INDEXED_MS=$(grep -oE 'in [0-9.]+ ?ms' <<<"$INDEXED_LINE" | grep -oE '[0-9.]+' || true)
REINDEX_RSS_MB=$(grep -oE 'reindex-max-rss-kb=[0-9]+' "$OUT/reindex.time" 2>/dev/null |
    awk -F= '{ printf "%.0f", $2 / 1024 }' || true)
# The index is the folder holding tantivy's meta.json.
INDEX_DIR=$(find "$DATA" -name meta.json -printf '%h\n' 2>/dev/null | head -n 1 || true)
INDEX_MB=""
[ -n "$INDEX_DIR" ] && INDEX_MB=$(du -sk "$INDEX_DIR" | awk '{ printf "%.0f", $1 / 1024 }')
echo "reindex: ${REINDEX_MS} ms wall clock; cong says: ${INDEXED_LINE:-(no 'indexed N articles' line)}"
echo "index: ${INDEX_DIR:-?} (${INDEX_MB:-?} MB); reindex peak RSS: ${REINDEX_RSS_MB:-?} MB"
[ -n "$INDEXED_N" ] || die "cong reindex did not print 'indexed N articles in X ms' (see bench/out/search/reindex.log)"
[ "$INDEXED_N" -ge "$ARTICLES" ] || die "cong reindex indexed $INDEXED_N articles, fewer than the $ARTICLES generated"

# ---------------------------------------------------------------------------------------------
# 4. Serve
# ---------------------------------------------------------------------------------------------
api_total() { # api_total QUERY → the "total" of /api/search, or nothing
    curl -fsS --max-time 10 -A "$UA" "$CONG_URL/api/search?q=$(urlencode "$1")&limit=10" 2>/dev/null |
        grep -oE '"total" *: *[0-9]+' | head -n 1 | grep -oE '[0-9]+$' || true
}

# start_cong SEARCH_CACHE_MIB: serves the data folder with that much memory for recent search
# results (0: every search runs in the index); sets CONG_PID, COLD_MS, SEARCH_READY_MS.
start_cong() {
    local t0 deadline prev t
    log "cong serve --listen 127.0.0.1:$CONG_PORT (cache.search_mib = $1)"
    t0=$(now_ns)
    (cd "$OUT" && NO_COLOR=1 CONG_CACHE__SEARCH_MIB="$1" exec "$BIN" serve --data "$DATA" \
        --listen "127.0.0.1:$CONG_PORT") 2>>"$OUT/cong.log" >/dev/null &
    CONG_PID=$!
    wait_healthy "$CONG_PID" "$CONG_URL" "$OUT/cong.log" 120
    COLD_MS=$(ms_between "$t0" "$(now_ns)")
    echo "ready: ${COLD_MS} ms from spawn to /healthz 200"
    # The index was built offline, so search should answer at once; should the server still be
    # catching up (outbox, rebuild at start), wait until the hit count of a common query settles.
    deadline=$(($(date +%s) + 180))
    prev=""
    while :; do
        t=$(api_total "y tế")
        if [ -n "$t" ] && [ "$t" -gt 0 ] && [ "$t" = "$prev" ]; then break; fi
        [ "$(date +%s)" -lt "$deadline" ] ||
            die "the hit count of 'y tế' did not settle within 180 s (last: '${t}'; see bench/out/search/cong.log)"
        kill -0 "$CONG_PID" 2>/dev/null || die "cong serve exited"
        prev="$t"
        sleep 1
    done
    SEARCH_READY_MS=$(ms_between "$t0" "$(now_ns)")
    echo "search answers: 'y tế' has $t hits (stable), ${SEARCH_READY_MS} ms after spawn"
}

# stop_cong: SIGTERM, then checks that cong stopped within 10 s with status 0.
stop_cong() {
    local rc=0
    kill -TERM "$CONG_PID"
    for _ in $(seq 1 100); do
        kill -0 "$CONG_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$CONG_PID" 2>/dev/null; then
        PROBLEMS+=("cong did not stop within 10 s of SIGTERM")
        kill -KILL "$CONG_PID" 2>/dev/null || true
    fi
    wait "$CONG_PID" || rc=$?
    CONG_PID=""
    [ "$rc" -eq 0 ] || PROBLEMS+=("cong exited with status $rc after SIGTERM")
    echo "cong exit status after SIGTERM: $rc"
}

# The index's own cost first: a server that keeps no results, so each request searches.
PROBLEMS=()
start_cong 0

# ---------------------------------------------------------------------------------------------
# 5. Checks: every query of the mix, on both endpoints, one at a time (no load)
# ---------------------------------------------------------------------------------------------
log "checking the ${#QLIST[@]} queries of the mix (status, hits; median of $SAMPLES serial requests)"
declare -A HITS PAGE_MS API_MS PAGE_BYTES
printf 'query\thits\tpage_ms\tapi_ms\tpage_bytes\n' >"$OUT/checks.tsv"
for q in "${QLIST[@]}"; do
    enc=$(urlencode "$q")
    # JSON API
    body=$(curl -sS --max-time 10 -A "$UA" -w '\n%{http_code}' "$CONG_URL/api/search?q=$enc&limit=10") ||
        die "GET /api/search?q=$enc failed"
    code=$(tail -n 1 <<<"$body")
    [ "$code" = 200 ] || die "GET /api/search?q=$enc ($q) answered $code: $(head -c 300 <<<"$body")"
    total=$(grep -oE '"total" *: *[0-9]+' <<<"$body" | head -n 1 | grep -oE '[0-9]+$' || true)
    [ -n "$total" ] || die "GET /api/search?q=$enc ($q): no \"total\" in $(head -c 300 <<<"$body")"
    grep -q '"results"' <<<"$body" || die "GET /api/search?q=$enc ($q): no \"results\" in the JSON"
    HITS[$q]=$total
    # Search page
    code=$(curl -sS --max-time 10 -A "$UA" -o "$OUT/page.html" -w '%{http_code}' "$CONG_URL/tim-kiem?q=$enc") ||
        die "GET /tim-kiem?q=$enc failed"
    [ "$code" = 200 ] || die "GET /tim-kiem?q=$enc ($q) answered $code"
    PAGE_BYTES[$q]=$(wc -c <"$OUT/page.html")
    # Service times, serial
    pt=() at=()
    for _ in $(seq 1 "$SAMPLES"); do
        pt+=("$(curl -sS --max-time 10 -A "$UA" -o /dev/null -w '%{time_total}' "$CONG_URL/tim-kiem?q=$enc")")
        at+=("$(curl -sS --max-time 10 -A "$UA" -o /dev/null -w '%{time_total}' "$CONG_URL/api/search?q=$enc&limit=10")")
    done
    PAGE_MS[$q]=$(awk -v s="$(median "${pt[@]}")" 'BEGIN { printf "%.2f", s * 1000 }')
    API_MS[$q]=$(awk -v s="$(median "${at[@]}")" 'BEGIN { printf "%.2f", s * 1000 }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$q" "$total" "${PAGE_MS[$q]}" "${API_MS[$q]}" "${PAGE_BYTES[$q]}" >>"$OUT/checks.tsv"
    no_hit=0
    for z in "${NO_HIT[@]}"; do [ "$q" = "$z" ] && no_hit=1; done
    if [ "$no_hit" = 1 ] && [ "$total" != 0 ]; then
        PROBLEMS+=("'$q' should find nothing but has $total hits")
    elif [ "$no_hit" = 0 ] && [ "$total" = 0 ]; then
        PROBLEMS+=("'$q' finds nothing")
    fi
done
column -t -s $'\t' "$OUT/checks.tsv" 2>/dev/null || cat "$OUT/checks.tsv"
# The issue's own examples must work before measuring anything.
[ "${HITS[tiem chung]:-0}" -gt 0 ] || die "'tiem chung' has no hits in /api/search"
[ "${HITS[tiêm chủng]:-0}" -gt 0 ] || die "'tiêm chủng' has no hits in /api/search"
curl -fsS --max-time 10 -A "$UA" "$CONG_URL/tim-kiem?q=tiem%20chung" | grep -qi 'chủng' ||
    die "/tim-kiem?q=tiem%20chung shows no 'chủng': the results page does not list the matches"
for p in "${PROBLEMS[@]}"; do echo "PROBLEM: $p"; done

# ---------------------------------------------------------------------------------------------
# 6. Load
# ---------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$CONG_PID/stat"; }

declare -A RPS P50 P90 P99 PMAX REQS ERRS CPU
# run_wrk NAME SECONDS WARMUP_SECONDS URL [-- LUA_ARGS...]: a warm-up run (not reported), then
# the measured run; with LUA_ARGS the URL's path is ignored and the Lua script makes the paths.
run_wrk() {
    local name="$1" secs="$2" warm="$3" url="$4" file="$OUT/wrk-$1.txt" wfile="$OUT/wrk-$1-warmup.txt"
    local err c0 c1 t0 t1
    shift 4
    local script=()
    [ "$#" -gt 0 ] && script=(-s "$LUA" "$url" "$@") || script=("$url")
    if [ "$warm" -gt 0 ]; then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${warm}s" -H "User-Agent: $UA" "${script[@]}" >"$wfile" 2>&1 ||
            die "wrk warm-up failed for $name: $(cat "$wfile")"
    fi
    c0=$(cpu_ticks) t0=$(now_ns)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency -H "User-Agent: $UA" "${script[@]}" >"$file" 2>&1 ||
        die "wrk failed for $name: $(cat "$file")"
    c1=$(cpu_ticks) t1=$(now_ns)
    # CPU used by cong during the run, in % of one core (200% = both cores of a 2-core machine).
    CPU[$name]=$(awk -v c="$((c1 - c0))" -v hz="$CLK_TCK" -v ns="$((t1 - t0))" \
        'BEGIN { printf "%.0f", c / hz / (ns / 1e9) * 100 }')
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")
    P50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$file")")
    P90[$name]=$(to_ms "$(awk '$1 == "90%" { print $2; exit }' "$file")")
    P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$file")")
    PMAX[$name]=$(to_ms "$(awk '$1 == "Latency" { print $4; exit }' "$file")")
    REQS[$name]=$(awk '/requests in/ { print $1; exit }' "$file")
    local files=("$file")
    [ "$warm" -gt 0 ] && files+=("$wfile")
    err=$(grep -hE 'Socket errors|Non-2xx' "${files[@]}" |
        sed 's/^ *//' | paste -sd ';' - || true)
    ERRS[$name]="$err"
    printf '   %-28s %6s req/s  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  cong CPU %s%%  %s requests\n' \
        "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "${PMAX[$name]}" "${CPU[$name]}" "${REQS[$name]}"
    if [ -n "$err" ]; then
        echo "   PROBLEM: $err"
        PROBLEMS+=("$name: $err")
    fi
    if ! kill -0 "$CONG_PID" 2>/dev/null; then
        tail -n 50 "$OUT/cong.log" >&2
        die "cong exited during the $name run"
    fi
}

log "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s bench/search.lua (${#QLIST[@]} queries, after a ${WARMUP}s warm-up)"
# Other work on the machine skews the figures: note the load before the runs.
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the runs: $LOADAVG"
run_wrk page-uncached "$DURATION" "$WARMUP" "$CONG_URL" -- "$QUERIES" '/tim-kiem?q={q}'

BD_ORDER=()
declare -A BD_LABEL
if [ "$BREAKDOWN" = 1 ]; then
    log "breakdown: one fixed URL at a time, ${BREAKDOWN_DURATION}s each (after a 1 s warm-up)"
    # name|query|what it shows
    for spec in \
        "healthz||baseline: /healthz (no search, no page)" \
        "q-1-syllable|bệnh|1 syllable, very common" \
        "q-common|y tế|2 syllables, very common" \
        "q-3-folded|sot xuat huyet|3 syllables without diacritics" \
        "q-6-folded|phong chong dich benh mua dong|6 syllables without diacritics" \
        "q-phrase|\"tiêm chủng mở rộng\"|quoted phrase" \
        "q-rare|Khau Phìn|rare (1 sample article in 48)" \
        "q-no-hit|xyzabc|no hit"; do
        IFS='|' read -r name q what <<<"$spec"
        if [ "$name" = healthz ]; then
            url="$CONG_URL/healthz"
            BD_LABEL[$name]="$what"
        else
            url="$CONG_URL/tim-kiem?q=$(urlencode "$q")"
            [ -n "${HITS[$q]:-}" ] || HITS[$q]=$(api_total "$q")
            BD_LABEL[$name]="\`$q\` — $what (${HITS[$q]:-?} hits)"
        fi
        BD_ORDER+=("$name")
        run_wrk "$name" "$BREAKDOWN_DURATION" 1 "$url"
    done
    # The same 1-syllable query through the API, to separate search from page rendering.
    BD_LABEL[api-1-syllable]="\`bệnh\` via /api/search?limit=10 (JSON, no page)"
    BD_ORDER+=(api-1-syllable)
    run_wrk api-1-syllable "$BREAKDOWN_DURATION" 1 "$CONG_URL/api/search?q=$(urlencode bệnh)&limit=10"
    # ... and with a single result: the difference is what the other nine cost (looking them
    # up in the database, their stored fields and snippets).
    BD_LABEL[api-1-syllable-limit1]="\`bệnh\` via /api/search?limit=1 (one result)"
    BD_ORDER+=(api-1-syllable-limit1)
    run_wrk api-1-syllable-limit1 "$BREAKDOWN_DURATION" 1 "$CONG_URL/api/search?q=$(urlencode bệnh)&limit=1"
fi

UNCACHED_HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CONG_PID/status")
log "stopping"
stop_cong

# ---------------------------------------------------------------------------------------------
# 7. As configured by default: recent results kept in memory until the index changes
# ---------------------------------------------------------------------------------------------
start_cong 16
run_wrk page "$DURATION" "$WARMUP" "$CONG_URL" -- "$QUERIES" '/tim-kiem?q={q}'
run_wrk api "$DURATION" "$WARMUP" "$CONG_URL" -- "$QUERIES" '/api/search?q={q}&limit=10'
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CONG_PID/status")
[ "$UNCACHED_HWM_KB" -gt "$HWM_KB" ] && HWM_KB=$UNCACHED_HWM_KB
RSS_MB=$(awk -v k="$HWM_KB" 'BEGIN { printf "%.1f", k / 1024 }')
echo "cong peak RSS (VmHWM, larger of the two servers): $RSS_MB MB"
log "stopping"
stop_cong

for f in reindex.log cong.log; do
    CLEAN_LOG=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$f")
    LOG_ISSUES=$(grep -cE ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" || true)
    if [ "$LOG_ISSUES" -gt 0 ]; then
        # Counted by kind: level, target and the first words of the message.
        kinds=$(grep -E ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" |
            sed -E 's/^[0-9T:.Z-]+ +//' | cut -c1-70 | sort | uniq -c | sort -rn |
            awk '{ n = $1; $1 = ""; printf "%s%d × `%s…`", (NR > 1 ? "; " : ""), n, substr($0, 2) }')
        PROBLEMS+=("$f has $LOG_ISSUES ERROR/WARN/panic lines: $kinds")
        echo "$f: ERROR/WARN/panic lines (first 5):"
        grep -E ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" | head -n 5
    fi
done

# ---------------------------------------------------------------------------------------------
# 8. Summary
# ---------------------------------------------------------------------------------------------
BUILD_OK=$(pf "$([ "$REINDEX_MS" -lt 120000 ] && echo 1 || echo 0)")
P99_OK=$(pf "$(awk -v p="${P99[page]}" 'BEGIN { print (p < 25) }')")
RPS_OK=$(pf "$([ "${RPS[page]}" -ge 1000 ] && echo 1 || echo 0)")
CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    COMMIT="$COMMIT (with uncommitted changes)"
fi
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
row() { # row LABEL NAME
    printf '| %s | %s | %.2f | %.2f | %.2f | %.2f | %s%% | %s |\n' "$1" "${RPS[$2]}" "${P50[$2]}" \
        "${P90[$2]}" "${P99[$2]}" "${PMAX[$2]}" "${CPU[$2]}" "${ERRS[$2]:-none}"
}

{
    echo "# Cổng search benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT; $ARTICLES generated articles" \
        "(${INDEXED_N} indexed); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency" \
        "(after a ${WARMUP}s warm-up) rotating through ${#QLIST[@]} queries (\`bench/search-queries.txt\`)."
    echo
    echo "| run | req/s | p50 ms | p90 ms | p99 ms | max ms | cong CPU | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    row "search page \`/tim-kiem?q=…\` (query mix)" page
    row "JSON \`/api/search?q=…&limit=10\` (query mix)" api
    row "search page, result cache off (\`cache.search_mib = 0\`)" page-uncached
    echo
    if [ -n "$GEN_MS" ]; then
        echo "- generate $ARTICLES articles: $(secs "$GEN_MS") s ($GEN_RATE articles/s)"
    else
        echo "- generate: skipped (KEEP_DATA=1 reused the data folder)"
    fi
    echo "- index build (\`cong reindex\`, wall clock): **$(secs "$REINDEX_MS") s**;" \
        "$INDEXED_N articles, ${INDEXED_MS:-?} ms by cong's own count; peak RSS ${REINDEX_RSS_MB:-?} MB"
    echo "- index size: ${INDEX_MB:-?} MB (\`${INDEX_DIR#"$ROOT/"}\`); rest of the data folder: $DB_MB MB"
    echo "- serve: /healthz 200 after $COLD_MS ms; search answering after $SEARCH_READY_MS ms"
    echo "- peak RSS (VmHWM) of \`cong serve\`: $RSS_MB MB"
    echo "- cong CPU: share of one core used by the server during the run (wrk takes the rest)"
    echo "- machine: $(nproc) cores, $CPU_MODEL (wrk and the server share them); load average before the runs: $LOADAVG"
    echo
    echo "## Targets"
    echo
    echo "- index build < 2 min: $(secs "$REINDEX_MS") s — $BUILD_OK"
    printf -- '- search page p99 < 25 ms at %s connections: %.2f ms — %s\n' "$CONNECTIONS" "${P99[page]}" "$P99_OK"
    echo "- search page ≥ 1,000 queries/s: ${RPS[page]} — $RPS_OK"
    printf -- '- with the result cache off (every request searches the index): %s queries/s, p99 %.2f ms\n' \
        "${RPS[page-uncached]}" "${P99[page-uncached]}"
    if [ "$BREAKDOWN" = 1 ]; then
        echo
        echo "## Breakdown: one fixed URL at a time (${BREAKDOWN_DURATION}s each), result cache off"
        echo
        echo "| run | req/s | p50 ms | p90 ms | p99 ms | max ms | cong CPU | errors |"
        echo "|---|---:|---:|---:|---:|---:|---:|---|"
        for name in "${BD_ORDER[@]}"; do row "${BD_LABEL[$name]}" "$name"; done
    fi
    echo
    echo "## Queries of the mix, one at a time without load, result cache off"
    echo
    echo "Median of $SAMPLES serial requests each (curl \`time_total\`, a new connection per request)."
    echo
    echo "| query | hits | page ms | API ms | page bytes |"
    echo "|---|---:|---:|---:|---:|"
    for q in "${QLIST[@]}"; do
        # shellcheck disable=SC2016 # the backquotes are markdown
        printf '| `%s` | %s | %s | %s | %s |\n' "$q" "${HITS[$q]}" "${PAGE_MS[$q]}" "${API_MS[$q]}" "${PAGE_BYTES[$q]}"
    done
    echo
    if [ "${#PROBLEMS[@]}" -eq 0 ]; then
        echo "No errors: every query answered 200 with the expected hits or none, no non-2xx responses," \
            "no socket errors, no ERROR/WARN in the logs, clean shutdown."
    else
        echo "## Problems"
        echo
        printf -- '- %s\n' "${PROBLEMS[@]}"
    fi
} >"$OUT/summary.md"

log "summary (bench/out/search/summary.md)"
echo
cat "$OUT/summary.md"

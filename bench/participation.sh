#!/usr/bin/env bash
# Participation benchmark of Cổng: accepted ratings, poll votes and comments per second under
# CLIENTS concurrent readers on SQLite, then the article page's rate with and without a rating
# load beside it; every accepted write is checked against the database.
#
#   bench/participation.sh                # defaults: CLIENTS=32 DURATION=20 READ_DURATION=10 ROUNDS=5
#   DURATION=5 ROUNDS=1 bench/participation.sh
#
# Everything it writes goes to bench/out/participation/ (gitignored); the summary is
# bench/out/participation/summary.md. Only 127.0.0.1 is targeted; every step has a bounded
# duration. It exits with status 1 when the database does not hold exactly the writes the load
# generator was told were accepted (a lost or doubled write), otherwise 0: read the PASS/FAIL
# lines for the targets.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/out/participation"

CLIENTS="${CLIENTS:-32}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-3}"
# Read-under-write check: wrk on an article page alone, then with READ_WRITERS rating clients
# beside it, in ROUNDS alternating pairs; the median of the pairs' ratios is the figure (one run
# on a shared 2-core machine can be off by a third).
READ_DURATION="${READ_DURATION:-10}"
READ_WRITERS="${READ_WRITERS:-16}"
# Ratings per second those clients send together (0: as fast as the server takes them, which
# on 2 shared cores also measures how the CPU is split between the server, wrk and the
# generator rather than whether writes hold up reads).
READ_WRITE_RATE="${READ_WRITE_RATE:-1000}"
# READ_PIN=1 runs the read check with the server on CPU 0 and wrk and the writers on CPU 1, so
# the ratio is the share of the server's read capacity left while it takes the writes; shared
# cores also measure how the scheduler splits them between three busy programs.
READ_PIN="${READ_PIN:-1}"
ROUNDS="${ROUNDS:-5}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
CONG_PORT="${CONG_PORT:-18500}"
# Longest wait for a quiet machine before each measured run (see wait_quiet).
QUIET_WAIT="${QUIET_WAIT:-60}"
UA="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONG_URL="http://127.0.0.1:$CONG_PORT"
RATINGS_TARGET=2000
READ_RATIO_TARGET=0.8

for v in CLIENTS DURATION WARMUP READ_DURATION READ_WRITERS READ_WRITE_RATE READ_PIN ROUNDS THREADS CONNECTIONS CONG_PORT QUIET_WAIT; do
    if ! [[ "${!v}" =~ ^[0-9]+$ ]] || { [ "${!v}" -eq 0 ] && [ "$v" != QUIET_WAIT ] && [ "$v" != READ_WRITE_RATE ] && [ "$v" != READ_PIN ]; }; then
        echo "error: $v must be a positive whole number (got '${!v}')" >&2
        exit 2
    fi
done

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v sqlite3 >/dev/null; then
    log "installing wrk, curl, sqlite3"
    apt-get update && apt-get install -y wrk curl sqlite3
fi

# ---------------------------------------------------------------------------------------------
# Cleanup: stop whatever this script started, however it ends.
# ---------------------------------------------------------------------------------------------
CONG_PID=""
LOAD_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$LOAD_PID" TERM participation_load
    stop_pid "$CONG_PID" TERM cong
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One run at a time: a second one would delete this one's files and share its data folder.
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock -n 9 || die "another bench/participation.sh is running (lock bench/out/participation.lock)"

port_busy "$CONG_PORT" && die "something already answers on 127.0.0.1:$CONG_PORT (set CONG_PORT)"

# ---------------------------------------------------------------------------------------------
# 1. Build
# ---------------------------------------------------------------------------------------------
log "cargo build --release; cargo build --release --example participation_load"
cd "$ROOT"
cargo build --release
cargo build --release --example participation_load
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/cong"
LOAD="$TARGET/release/examples/participation_load"
[ -x "$BIN" ] || die "no binary at $BIN"
[ -x "$LOAD" ] || die "no load generator at $LOAD"

# ---------------------------------------------------------------------------------------------
# 2. Fresh data folder; the first start seeds the sample portal
# ---------------------------------------------------------------------------------------------
rm -rf "$OUT/data" "$OUT"/*.txt "$OUT"/*.log "$OUT/summary.md" "$OUT/home.html"
mkdir -p "$OUT/data"
DATA="$OUT/data"
DB="$DATA/cong.db"

# All the load comes from 127.0.0.1, so the per-IP limits (meant for one person or one abuser
# per address) would refuse nearly all of it: they are off (0). The load generator answers a
# form the moment it has its token, which the minimum form age (a bot trap: people take
# seconds to fill a form) would refuse: it is 0 too. Comments are held for moderation, as a
# cautious agency would run the site, so the comment figure includes no page-cache churn.
log "cong serve --listen 127.0.0.1:$CONG_PORT (fresh data folder: seeds the sample portal)"
t0=$(now_ns)
(cd "$OUT" && NO_COLOR=1 \
    CONG_PARTICIPATION__MIN_FORM_SECS=0 \
    CONG_PARTICIPATION__RATINGS_PER_IP_HOUR=0 \
    CONG_PARTICIPATION__COMMENTS_PER_IP_HOUR=0 \
    CONG_PARTICIPATION__VOTES_PER_IP_HOUR=0 \
    CONG_PARTICIPATION__MODERATION=hold_all \
    exec "$BIN" serve --data "$DATA" --listen "127.0.0.1:$CONG_PORT") 2>"$OUT/cong.log" >/dev/null &
CONG_PID=$!
wait_healthy "$CONG_PID" "$CONG_URL" "$OUT/cong.log" 120
echo "ready: $(ms_between "$t0" "$(now_ns)") ms from spawn to /healthz 200"

curl -fsS --max-time 10 -A "$UA" -o "$OUT/home.html" "$CONG_URL/" || die "GET / failed"
ARTICLE_PATH=$(grep -oE 'href="/[a-z0-9-]+/[a-z0-9-]+-[0-9]+\.html"' "$OUT/home.html" | head -n 1 |
    sed -E 's/^href="//; s/"$//' || true)
[ -n "$ARTICLE_PATH" ] || die "no article link found on the home page"
ARTICLE_COUNT=$(grep -oE 'href="/[a-z0-9-]+/[a-z0-9-]+-[0-9]+\.html"' "$OUT/home.html" | sort -u | wc -l)
grep -q 'action="/tham-do/' "$OUT/home.html" || die "no poll form (action=\"/tham-do/ID\") on the home page"
echo "article page for the read check: $ARTICLE_PATH ($ARTICLE_COUNT article links on the home page)"

# ---------------------------------------------------------------------------------------------
# 3. Database figures (read-only, while the server runs: SQLite in WAL mode allows it)
# ---------------------------------------------------------------------------------------------
q() { sqlite3 -readonly -batch -noheader -cmd '.timeout 10000' "$DB" "$1"; }
# One line of every figure an accepted write changes.
db_figures() {
    q "SELECT (SELECT COUNT(*) FROM ratings), (SELECT COALESCE(SUM(stars), 0) FROM ratings),
              (SELECT COALESCE(SUM(rating_count), 0) FROM articles),
              (SELECT COALESCE(SUM(rating_total), 0) FROM articles),
              (SELECT COUNT(*) FROM poll_votes), (SELECT COALESCE(SUM(votes), 0) FROM poll_options),
              (SELECT COUNT(*) FROM comments)" | tr '|' ' '
}
option_votes() { q "SELECT id || ':' || votes FROM poll_options ORDER BY id" | paste -sd, -; }
# What the seed put there (sample ratings or votes, if any): the checks compare increases.
INITIAL_FIGURES=$(db_figures)
echo "database before the load (ratings, stars, rating_count, rating_total, poll_votes, option votes, comments): $INITIAL_FIGURES"

# ---------------------------------------------------------------------------------------------
# 4. Write load
# ---------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$CONG_PID/stat"; }
# Busy time of the whole machine (user, nice, system, irq, softirq, steal), in clock ticks.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# The machine is shared (builds, other services): before each measured run, wait up to
# QUIET_WAIT seconds for a second in which it is under 25% busy, so the runs measure Cổng.
wait_quiet() {
    local deadline=$(($(date +%s) + QUIET_WAIT)) m0 m1 busy
    while :; do
        m0=$(machine_ticks)
        sleep 1
        m1=$(machine_ticks)
        busy=$(((m1 - m0) * 100 / CLK_TCK))
        [ "$busy" -lt 25 ] && return 0
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "   (the machine is still ${busy}% busy after ${QUIET_WAIT}s of waiting; measuring anyway)"
            return 0
        fi
    done
}
PROBLEMS=()
DB_OK=1
# Prefix of the client commands (wrk, the generator): empty, or a CPU pinning (read check).
CLIENT_CPU=()
declare -A ACC ACC_S REQ_S ERRS ESTAT P50 P99 CPU GCPU OCPU KIND NCLIENTS SECS

field() { grep -oE "(^| )$2=[^ ]*" <<<"$1" | head -n 1 | cut -d= -f2; }

# start_load NAME KIND CLIENTS SECONDS: starts the generator in the background (LOAD_PID).
start_load() {
    local name="$1" kind="$2" clients="$3" secs="$4"
    BEFORE_FIGURES=$(db_figures)
    BEFORE_OPTIONS=$(option_votes)
    LOAD_C0=$(cpu_ticks) LOAD_M0=$(machine_ticks) LOAD_T0=$(now_ns)
    # The generator's own CPU (GNU time, when installed): on 2 shared cores it is CPU the
    # server did not get.
    local timed=()
    [ -x /usr/bin/time ] && timed=(/usr/bin/time -f 'load-cpu=%P' -o "$OUT/load-$name.time")
    # The tag marks this run's comments in the database; PACE (ratings/s) paces the run.
    local pace=()
    [ "${PACE:-0}" -gt 0 ] && pace=(env "PACE_PER_S=$PACE")
    "${pace[@]}" "${CLIENT_CPU[@]}" "${timed[@]}" "$LOAD" "$CONG_URL" "$kind" "$clients" "$secs" "bench-$name-$$" >"$OUT/load-$name.txt" 2>&1 &
    LOAD_PID=$!
}

# finish_load NAME KIND CLIENTS: waits for the generator, parses its line, checks the database.
finish_load() {
    local name="$1" kind="$2" clients="$3" line c1 m1 t1 after
    local r0 s0 rc0 rt0 v0 o0 r1 s1 rc1 rt1 v1 o1 want got
    wait "$LOAD_PID" || die "participation_load $name failed: $(tail -n 5 "$OUT/load-$name.txt")"
    LOAD_PID=""
    c1=$(cpu_ticks) m1=$(machine_ticks) t1=$(now_ns)
    line=$(grep -E '^kind=' "$OUT/load-$name.txt" | tail -n 1 || true)
    [ -n "$line" ] || die "participation_load $name printed no summary: $(tail -n 5 "$OUT/load-$name.txt")"
    KIND[$name]="$kind"
    NCLIENTS[$name]="$clients"
    SECS[$name]=$(field "$line" secs)
    ACC[$name]=$(field "$line" accepted)
    ACC_S[$name]=$(awk -v v="$(field "$line" accepted_per_s)" 'BEGIN { printf "%.0f", v }')
    REQ_S[$name]=$(awk -v v="$(field "$line" req_per_s)" 'BEGIN { printf "%.0f", v }')
    ERRS[$name]=$(field "$line" errors)
    ESTAT[$name]=$(field "$line" error_statuses)
    P50[$name]=$(field "$line" p50_ms)
    P99[$name]=$(field "$line" p99_ms)
    CPU[$name]=$(awk -v c="$((c1 - LOAD_C0))" -v hz="$CLK_TCK" -v ns="$((t1 - LOAD_T0))" \
        'BEGIN { printf "%.0f", c / hz / (ns / 1e9) * 100 }')
    GCPU[$name]=$(grep -oE 'load-cpu=[0-9]+' "$OUT/load-$name.time" 2>/dev/null | cut -d= -f2 || true)
    # Everything else: what the machine was busy with besides cong and the generator (for the
    # rounds beside wrk, wrk too).
    OCPU[$name]=$(awk -v m="$((m1 - LOAD_M0))" -v hz="$CLK_TCK" -v ns="$((t1 - LOAD_T0))" -v c="${CPU[$name]}" \
        -v g="${GCPU[$name]:-0}" 'BEGIN { o = m / hz / (ns / 1e9) * 100 - c - g; printf "%.0f", (o < 0 ? 0 : o) }')
    GCPU[$name]="${GCPU[$name]:-?}"
    printf '   %-16s %6s accepted/s  %6s req/s  p50 %7s ms  p99 %7s ms  errors %s (%s)  CPU cong %s%% generator %s%% others %s%%\n' \
        "$name" "${ACC_S[$name]}" "${REQ_S[$name]}" "${P50[$name]}" "${P99[$name]}" "${ERRS[$name]}" \
        "${ESTAT[$name]}" "${CPU[$name]}" "${GCPU[$name]}" "${OCPU[$name]}"
    [ "${ERRS[$name]}" = 0 ] || PROBLEMS+=("$name: ${ERRS[$name]} errors (${ESTAT[$name]})")

    # Every accepted write is in the database, once: the generator's counts against the
    # changes of the figures since the run began.
    after=$(db_figures)
    read -r r0 s0 rc0 rt0 v0 o0 _ <<<"$BEFORE_FIGURES"
    read -r r1 s1 rc1 rt1 v1 o1 _ <<<"$after"
    local acc="${ACC[$name]}" checks=()
    case "$kind" in
    rating)
        # Fresh readers only: each accepted rating is a new row, none replaces another.
        want="rows +$acc, rating_count +$acc, stars +$(field "$line" stars_sum)"
        got="rows +$((r1 - r0)), rating_count +$((rc1 - rc0)), stars +$((s1 - s0)) (rating_total +$((rt1 - rt0)))"
        [ "$((r1 - r0))" = "$acc" ] && [ "$((rc1 - rc0))" = "$acc" ] &&
            [ "$((s1 - s0))" = "$(field "$line" stars_sum)" ] && [ "$((rt1 - rt0))" = "$((s1 - s0))" ] ||
            checks+=("ratings")
        ;;
    vote)
        want="poll_votes +$acc, option votes +$acc ($(field "$line" option_votes))"
        got="poll_votes +$((v1 - v0)), option votes +$((o1 - o0))"
        [ "$((v1 - v0))" = "$acc" ] && [ "$((o1 - o0))" = "$acc" ] || checks+=("votes")
        # Per option: the increase of each counter is what the generator counted for it.
        local id n b a kv
        local -A before_o=() after_o=()
        for kv in ${BEFORE_OPTIONS//,/ }; do before_o[${kv%%:*}]=${kv#*:}; done
        for kv in $(option_votes | tr , ' '); do after_o[${kv%%:*}]=${kv#*:}; done
        for id in "${!after_o[@]}"; do
            n=$(grep -oE "(^|,)$id:[0-9]+" <<<"$(field "$line" option_votes)" | cut -d: -f2 || true)
            b=${before_o[$id]:-0} a=${after_o[$id]}
            [ "$((a - b))" = "${n:-0}" ] || checks+=("option $id +$((a - b)), generator ${n:-0}")
        done
        ;;
    comment)
        local tagged pending
        tagged=$(q "SELECT COUNT(*) FROM comments WHERE body LIKE '%bench-$name-$$-%'")
        pending=$(q "SELECT COUNT(*) FROM comments WHERE body LIKE '%bench-$name-$$-%' AND status = 'pending'")
        want="$acc comments of this run, all pending"
        got="$tagged comments of this run ($pending pending)"
        [ "$tagged" = "$acc" ] && [ "$pending" = "$acc" ] || checks+=("comments")
        ;;
    esac
    # Writes of the other kinds must not have moved.
    case "$kind" in
    rating) [ "$v1" = "$v0" ] || checks+=("poll_votes moved") ;;
    *) [ "$r1" = "$r0" ] || checks+=("ratings moved") ;;
    esac
    if [ "${#checks[@]}" -eq 0 ]; then
        echo "   database: $got — matches"
        DBCHECK[$name]="✓ $got"
    else
        echo "   database: expected $want; found $got — MISMATCH (${checks[*]})"
        DBCHECK[$name]="✗ expected $want; found $got"
        PROBLEMS+=("$name: the database does not hold the accepted writes: expected $want; found $got")
        DB_OK=0
    fi
    if ! kill -0 "$CONG_PID" 2>/dev/null; then
        tail -n 50 "$OUT/cong.log" >&2
        die "cong exited during the $name run"
    fi
}
declare -A DBCHECK

run_load() { # run_load NAME KIND CLIENTS SECONDS
    wait_quiet
    start_load "$@"
    finish_load "$1" "$2" "$3"
}

LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the runs: $LOADAVG"
log "write load: $CLIENTS clients, ${DURATION}s per kind (after a ${WARMUP}s rating warm-up)"
ORDER=(warmup ratings votes comments)
run_load warmup rating "$CLIENTS" "$WARMUP"
run_load ratings rating "$CLIENTS" "$DURATION"
run_load votes vote "$CLIENTS" "$DURATION"
run_load comments comment "$CLIENTS" "$DURATION"

# ---------------------------------------------------------------------------------------------
# 5. Reading under write load
# ---------------------------------------------------------------------------------------------
# A returning reader's page view: wrk sends one valid reader cookie (taken from a page answer),
# as a browser that has been on the site does.
READER_COOKIE=$(curl -sS -D - -o /dev/null --max-time 10 -A "$UA" "$CONG_URL$ARTICLE_PATH" |
    grep -i '^set-cookie: *cong_r=' | head -n 1 | sed -E 's/^[Ss]et-[Cc]ookie: *//; s/;.*//' | tr -d '\r' || true)
[ -n "$READER_COOKIE" ] || die "the article page set no cong_r cookie"
WRK_ARGS=(-t"$THREADS" -c"$CONNECTIONS" --latency -H "User-Agent: $UA" -H "Cookie: $READER_COOKIE")

declare -A WRPS WP50 WP99 WCPU CCPU OTHER
# run_wrk NAME SECONDS [GENERATOR_CPU%]: one wrk run; besides its figures, the CPU the server,
# wrk and everything else (builds, other services; the generator's share given as the third
# argument is taken out) used meanwhile, in % of one core. A busy machine skews the ratio.
run_wrk() {
    local name="$1" file="$OUT/wrk-$1.txt" err m0 m1 c0 c1 t0 t1 timed=()
    [ -x /usr/bin/time ] && timed=(/usr/bin/time -f 'wrk-cpu=%P' -o "$OUT/wrk-$name.time")
    m0=$(machine_ticks) c0=$(cpu_ticks) t0=$(now_ns)
    "${CLIENT_CPU[@]}" "${timed[@]}" wrk "${WRK_ARGS[@]}" -d"$2s" "$CONG_URL$ARTICLE_PATH" >"$file" 2>&1 || die "wrk failed for $name: $(cat "$file")"
    m1=$(machine_ticks) c1=$(cpu_ticks) t1=$(now_ns)
    CCPU[$name]=$(awk -v c="$((c1 - c0))" -v hz="$CLK_TCK" -v ns="$((t1 - t0))" 'BEGIN { printf "%.0f", c / hz / (ns / 1e9) * 100 }')
    WCPU[$name]=$(grep -oE 'wrk-cpu=[0-9]+' "$OUT/wrk-$name.time" 2>/dev/null | cut -d= -f2 || true)
    OTHER[$name]=$(awk -v m="$((m1 - m0))" -v hz="$CLK_TCK" -v ns="$((t1 - t0))" -v c="${CCPU[$name]}" \
        -v w="${WCPU[$name]:-0}" -v g="${3:-0}" 'BEGIN { o = m / hz / (ns / 1e9) * 100 - c - w - g; printf "%.0f", (o < 0 ? 0 : o) }')
    WCPU[$name]="${WCPU[$name]:-?}"
    WRPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")
    WP50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$file")")
    WP99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$file")")
    err=$(grep -hE 'Socket errors|Non-2xx' "$file" | sed 's/^ *//' | paste -sd ';' - || true)
    [ -z "$err" ] || PROBLEMS+=("wrk $name: $err")
    printf '   %-16s %6s page req/s  p50 %7.2f ms  p99 %7.2f ms  CPU cong %s%% wrk %s%% others %s%%  %s\n' \
        "$name" "${WRPS[$name]}" "${WP50[$name]}" "${WP99[$name]}" "${CCPU[$name]}" "${WCPU[$name]}" \
        "${OTHER[$name]}" "${err:-no errors}"
}

if [ "$READ_WRITE_RATE" -gt 0 ]; then
    WRITE_LOAD="$READ_WRITERS rating clients sending $READ_WRITE_RATE ratings/s together"
else
    WRITE_LOAD="$READ_WRITERS rating clients sending as fast as the server takes them"
fi
log "read check: wrk -t$THREADS -c$CONNECTIONS -d${READ_DURATION}s $ARTICLE_PATH, alone and beside $WRITE_LOAD ($ROUNDS rounds)"
PINNED=0
if [ "$READ_PIN" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    # Every thread of the running server onto CPU 0; the clients start on CPU 1.
    taskset -a -p -c 0 "$CONG_PID" >/dev/null
    CLIENT_CPU=(taskset -c 1)
    PINNED=1
    echo "   server on CPU 0, wrk and the writers on CPU 1"
fi
"${CLIENT_CPU[@]}" wrk "${WRK_ARGS[@]}" -d"${WARMUP}s" "$CONG_URL$ARTICLE_PATH" >"$OUT/wrk-warmup.txt" 2>&1 || die "wrk warm-up failed"
ALONE=() LOADED=() DURING=() RATIOS=() QUIET_RATIOS=()
declare -A RRATIO
for round in $(seq 1 "$ROUNDS"); do
    wait_quiet
    run_wrk "alone-$round" "$READ_DURATION"
    ALONE+=("${WRPS[alone-$round]}")
    # The writers start a second before wrk and stop a second after it, so wrk sees the load
    # throughout; their rate is over their whole run. The generator's CPU is known only at its
    # end, so the loaded run's "others" is computed once it is.
    PACE="$READ_WRITE_RATE" start_load "mixed-$round" rating "$READ_WRITERS" "$((READ_DURATION + 2))"
    sleep 1
    run_wrk "loaded-$round" "$READ_DURATION"
    finish_load "mixed-$round" rating "$READ_WRITERS"
    g="${GCPU[mixed-$round]}"
    o="${OTHER[loaded-$round]}"
    [ "$g" = "?" ] || OTHER[loaded-$round]=$((o > g ? o - g : 0))
    ORDER+=("mixed-$round")
    LOADED+=("${WRPS[loaded-$round]}")
    DURING+=("${ACC_S[mixed-$round]}")
    # Each round compares two runs a few seconds apart: slow drifts of the machine cancel out.
    RRATIO[$round]=$(awk -v a="${WRPS[alone-$round]}" -v b="${WRPS[loaded-$round]}" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
    RATIOS+=("${RRATIO[$round]}")
    # A round where other processes took over a quarter of a core in either run is disturbed.
    if [ "${OTHER[alone-$round]}" -le 25 ] && [ "${OTHER[loaded-$round]}" -le 25 ]; then
        QUIET_RATIOS+=("${RRATIO[$round]}")
    else
        RRATIO[$round]="${RRATIO[$round]} (disturbed)"
    fi
done
ALONE_MED=$(median "${ALONE[@]}")
LOADED_MED=$(median "${LOADED[@]}")
DURING_MED=$(median "${DURING[@]}")
# The target figure: the median ratio of the undisturbed rounds, or of all when none was.
if [ "${#QUIET_RATIOS[@]}" -gt 0 ]; then
    RATIO=$(median "${QUIET_RATIOS[@]}")
    RATIO_OF="the ${#QUIET_RATIOS[@]} undisturbed rounds of $ROUNDS"
else
    RATIO=$(median "${RATIOS[@]}")
    RATIO_OF="all $ROUNDS rounds, every one disturbed by other processes"
    PROBLEMS+=("every read round was disturbed by other processes (over 25% of a core): the ratio is unreliable")
fi
echo "page req/s: alone $ALONE_MED, under rating load $LOADED_MED; ratio $RATIO (median of $RATIO_OF); ratings/s meanwhile $DURING_MED"
if [ "$PINNED" = 1 ]; then
    taskset -a -p -c "0-$(($(nproc) - 1))" "$CONG_PID" >/dev/null
    CLIENT_CPU=()
    READ_CPUS="the server on CPU 0 alone, wrk and the writers on CPU 1"
else
    READ_CPUS="the server, wrk and the writers sharing all $(nproc) CPUs"
fi

# ---------------------------------------------------------------------------------------------
# 6. Stop, then the whole run against the database once more
# ---------------------------------------------------------------------------------------------
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CONG_PID/status")
log "stopping"
kill -TERM "$CONG_PID"
rc=0
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

# After the stop, the totals of all runs: every rating a new row, every vote a poll_votes row,
# every comment a row; and the counters on articles and poll options agree with the rows.
SUM_RATINGS=0 SUM_VOTES=0 SUM_COMMENTS=0
for name in "${ORDER[@]}"; do
    case "${KIND[$name]}" in
    rating) SUM_RATINGS=$((SUM_RATINGS + ACC[$name])) ;;
    vote) SUM_VOTES=$((SUM_VOTES + ACC[$name])) ;;
    comment) SUM_COMMENTS=$((SUM_COMMENTS + ACC[$name])) ;;
    esac
done
read -r R0 _ _ _ V0 _ _ <<<"$INITIAL_FIGURES"
read -r R_ROWS _ _ _ V_ROWS _ _ <<<"$(db_figures)"
R_ROWS=$((R_ROWS - R0)) V_ROWS=$((V_ROWS - V0))
C_ROWS=$(q "SELECT COUNT(*) FROM comments WHERE body LIKE '%bench-%-$$-%'")
BAD_ARTICLES=$(q "SELECT COUNT(*) FROM articles a WHERE rating_total <> (SELECT COALESCE(SUM(stars), 0)
    FROM ratings r WHERE r.article_id = a.id) OR rating_count <> (SELECT COUNT(*) FROM ratings r WHERE r.article_id = a.id)")
FINAL="ratings rows +$R_ROWS (accepted $SUM_RATINGS), poll_votes rows +$V_ROWS (accepted $SUM_VOTES), comments $C_ROWS (accepted $SUM_COMMENTS), articles with totals off their rows: $BAD_ARTICLES"
echo "after the stop: $FINAL"
if [ "$R_ROWS" != "$SUM_RATINGS" ] || [ "$V_ROWS" != "$SUM_VOTES" ] || [ "$C_ROWS" != "$SUM_COMMENTS" ] ||
    [ "$BAD_ARTICLES" != 0 ]; then
    PROBLEMS+=("after the stop the database does not match the accepted writes: $FINAL")
    DB_OK=0
fi

CLEAN_LOG=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/cong.log")
LOG_ISSUES=$(grep -cE ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" || true)
if [ "$LOG_ISSUES" -gt 0 ]; then
    PROBLEMS+=("cong.log has $LOG_ISSUES ERROR/WARN/panic lines (first: $(grep -m1 -E ' (ERROR|WARN) |panicked' <<<"$CLEAN_LOG" | cut -c1-200))")
fi

# ---------------------------------------------------------------------------------------------
# 7. Summary
# ---------------------------------------------------------------------------------------------
RATINGS_OK=$(pf "$([ "${ACC_S[ratings]}" -ge "$RATINGS_TARGET" ] && [ "${ERRS[ratings]}" = 0 ] && echo 1 || echo 0)")
READ_OK=$(pf "$(awk -v r="$RATIO" -v t="$READ_RATIO_TARGET" 'BEGIN { print (r >= t) }')")
DB_PF=$(pf "$DB_OK")
CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    COMMIT="$COMMIT (with uncommitted changes)"
fi
label() {
    case "$1" in
    warmup) echo "ratings, warm-up" ;;
    ratings) echo "**ratings** (\`POST /danh-gia/ID\`)" ;;
    votes) echo "**poll votes** (\`POST /tham-do/ID\`)" ;;
    comments) echo "**comments** (\`POST /binh-luan/ID\`, held)" ;;
    mixed-*) echo "ratings beside wrk, round ${1#mixed-}" ;;
    esac
}

{
    echo "# Cổng participation benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT; SQLite; sample portal ($ARTICLE_COUNT articles" \
        "linked from the home page, one single-choice poll); \`examples/participation_load.rs\`."
    echo
    echo "| run | clients | s | accepted | accepted/s | HTTP req/s | errors | p50 ms | p99 ms | CPU cong/generator/others | database |"
    echo "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|"
    for name in "${ORDER[@]}"; do
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s/%s/%s | %s |\n' "$(label "$name")" \
            "${NCLIENTS[$name]}" "${SECS[$name]}" "${ACC[$name]}" "${ACC_S[$name]}" "${REQ_S[$name]}" \
            "$([ "${ERRS[$name]}" = 0 ] && echo 0 || echo "${ERRS[$name]} (${ESTAT[$name]})")" \
            "${P50[$name]}" "${P99[$name]}" "${CPU[$name]}" "${GCPU[$name]}" "${OCPU[$name]}" "${DBCHECK[$name]}"
    done
    echo
    echo "- accepted: POSTs answered 200 with \`\"ok\":true\`; latencies are of those POSTs. HTTP" \
        "req/s also counts the form-token fetches (one per new reader, or after a refusal)."
    echo "- ratings: each client is a succession of fresh readers, each rating every article linked" \
        "from the home page ($ARTICLE_COUNT) once in a random order, so **every accepted rating is a new row** (none is a re-rating); a new" \
        "reader is one token fetch without a cookie, then the token each answer returns is used."
    echo "- poll votes: a reader votes once, so **each vote is a fresh reader**: a token fetch without" \
        "a cookie (which mints the reader) and the vote — two requests per vote."
    echo "- comments: one reader per client, moderation \`hold_all\` (each stored as pending)."
    echo "- per-IP limits 0 and \`min_form_secs = 0\`: all the load comes from 127.0.0.1 and answers" \
        "forms instantly, which those limits exist to refuse."
    echo "- CPU: % of one core (200% = both cores) used during the run by the server, by the load" \
        "generator (one thread) and by everything else on the machine (wrk, for the rounds beside it;" \
        "a build running alongside shows there and skews the run)."
    echo "- **machine: $(nproc) cores ($CPU_MODEL) shared by the server, the load generator and wrk**;" \
        "load average before the runs: $LOADAVG. Peak RSS of \`cong serve\`: $(awk -v k="$HWM_KB" 'BEGIN { printf "%.1f", k / 1024 }') MB."
    echo
    echo "## Reading under write load"
    echo
    echo "\`wrk -t$THREADS -c$CONNECTIONS -d${READ_DURATION}s --latency\` on \`$ARTICLE_PATH\` (one of the" \
        "articles being rated; with a returning reader's cookie), alone, then beside $WRITE_LOAD;" \
        "$READ_CPUS; $ROUNDS alternating rounds. The target figure is the median of the rounds'" \
        "ratios (each compares two runs seconds apart), leaving out the rounds disturbed by other" \
        "processes (over 25% of a core in either run) unless all were."
    echo "CPU in % of one core: cong / wrk / everything else on the machine (other than the load" \
        "generator; a build running alongside shows here and skews the round)."
    echo
    echo "| round | page req/s alone | p99 ms | CPU cong/wrk/others | page req/s under load | p99 ms | CPU cong/wrk/others | ratio | ratings/s meanwhile |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for round in $(seq 1 "$ROUNDS"); do
        printf '| %s | %s | %.2f | %s/%s/%s | %s | %.2f | %s/%s/%s | %s | %s |\n' "$round" \
            "${WRPS[alone-$round]}" "${WP99[alone-$round]}" \
            "${CCPU[alone-$round]}" "${WCPU[alone-$round]}" "${OTHER[alone-$round]}" \
            "${WRPS[loaded-$round]}" "${WP99[loaded-$round]}" \
            "${CCPU[loaded-$round]}" "${WCPU[loaded-$round]}" "${OTHER[loaded-$round]}" \
            "${RRATIO[$round]}" "${ACC_S[mixed-$round]}"
    done
    echo "| **median** | **$ALONE_MED** | | | **$LOADED_MED** | | | **$RATIO** | **$DURING_MED** |"
    echo
    echo "## Targets"
    echo
    echo "- ratings ≥ $RATINGS_TARGET accepted/s at $CLIENTS clients with zero errors:" \
        "${ACC_S[ratings]}/s, ${ERRS[ratings]} errors — $RATINGS_OK"
    echo "- article page beside $WRITE_LOAD ≥ ${READ_RATIO_TARGET}× its rate alone: $RATIO (median of" \
        "$RATIO_OF) — $READ_OK (medians of the rates, all rounds: $LOADED_MED / $ALONE_MED)"
    echo "- every accepted write in the database, once (per run, and all runs after the stop): $DB_PF"
    echo "- poll votes: ${ACC_S[votes]}/s; comments: ${ACC_S[comments]}/s (no target; reported)"
    echo "- after the stop: $FINAL"
    echo
    if [ "${#PROBLEMS[@]}" -eq 0 ]; then
        echo "No errors: no refused or failed request, no non-2xx page, clean shutdown, no ERROR/WARN in cong.log."
    else
        echo "## Problems"
        echo
        printf -- '- %s\n' "${PROBLEMS[@]}"
    fi
} >"$OUT/summary.md"

log "summary (bench/out/participation/summary.md)"
echo
cat "$OUT/summary.md"
[ "$DB_OK" = 1 ] || die "the database does not hold exactly the accepted writes (see Problems)"

# Shell helpers shared by the benchmark scripts (sourced, not run).

log() { printf '\n==> %s\n' "$*"; }

die() {
    echo "error: $*" >&2
    exit 1
}

now_ns() { date +%s%N; }

# Milliseconds between two now_ns readings.
ms_between() { echo $((($2 - $1) / 1000000)); }

stop_pid() { # stop_pid PID SIGNAL NAME
    local pid="$1" sig="$2" name="$3" i
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do # up to 10 s
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "warning: $name (pid $pid) did not stop within 10 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

port_busy() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Converts a wrk duration (123.45us, 1.23ms, 1.02s, 1.5m) to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/)      { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /m$/)  { sub(/m$/, "", v);  printf "%.3f", v * 60000 }
        else if (v ~ /s$/)  { sub(/s$/, "", v);  printf "%.3f", v * 1000 }
        else                { printf "nan" }
    }'
}

pf() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }

# wait_healthy PID URL LOG SECONDS [POLL]: waits until URL/healthz answers 200; dies (with the
# end of LOG) if the process PID exits first, or after SECONDS.
wait_healthy() {
    local pid="$1" url="$2" logfile="$3" deadline=$(($(date +%s) + $4)) poll="${5:-0.05}" code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url/healthz" 2>/dev/null || true)
        [ "$code" = "200" ] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 50 "$logfile" >&2
            die "cong serve exited before answering /healthz"
        fi
        [ "$(date +%s)" -lt "$deadline" ] || die "cong did not answer /healthz within $4 s"
        sleep "$poll"
    done
}

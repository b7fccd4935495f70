#!/usr/bin/env bash
# Scans a running portal with sqlmap and wapiti; see security/README.md.
#
#   CONG_BIN=target/release/cong security/scan.sh
#
# Exits 0 when no scanner reports anything above "info", 1 when one does, 2 when the scan
# itself could not run.
set -euo pipefail

# The body is one { } block: bash reads it whole before running it, so editing this file while
# a scan runs cannot make the running scan execute a shifted copy of it.
{
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
CONG_BIN=${CONG_BIN:-$ROOT/target/release/cong}
OUT=${SCAN_OUT:-$HERE/out}
VENV=${SCAN_VENV:-$HERE/.venv}
SQLMAP=${SQLMAP:-$VENV/bin/sqlmap}
WAPITI=${WAPITI:-$VENV/bin/wapiti}
MITMDUMP=${MITMDUMP:-$VENV/bin/mitmdump}
PYTHON=${SCAN_PYTHON:-$VENV/bin/python}
TESTDATA=${SCAN_TESTDATA:-$ROOT/../shared/testdata}
STEPS=${SCAN_STEPS:-probes sqlmap-public sqlmap-admin wapiti-public wapiti-admin}
RUNS=${SCAN_RUNS:-} # a regex on run names (sqlmap:search, wapiti:admin): repeat only those
SQLMAP_LEVEL=${SQLMAP_LEVEL:-3}
SQLMAP_RISK=${SQLMAP_RISK:-2}
# The scanned portal runs on SQLite: payloads for other databases (MySQL, Oracle, MSSQL...)
# would only triple the time. Empty tests them all.
SQLMAP_DBMS=${SQLMAP_DBMS-SQLite}
WAPITI_MODULES=${WAPITI_MODULES:-backup,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,ldap,methods,permanentxss,redirect,shellshock,spring4shell,sql,timesql,xss,xxe}
WAPITI_DEPTH=${WAPITI_DEPTH:-3}
WAPITI_MAX_FILES_PER_DIR=${WAPITI_MAX_FILES_PER_DIR:-10}
# Each wapiti module stops after this long on a scan, so a stuck one cannot hold the rest up.
# On the 2-core machine the slowest, timesql, needs about 13 minutes for the public site.
WAPITI_MAX_ATTACK_SECS=${WAPITI_MAX_ATTACK_SECS:-900}
LIB=$HERE/lib

die() {
  echo "scan: $*" >&2
  exit 2
}

[[ -x $CONG_BIN ]] || die "no cong binary at $CONG_BIN (set CONG_BIN; building it is up to you)"
for tool in "$SQLMAP" "$WAPITI" "$MITMDUMP" "$PYTHON"; do
  [[ -x $tool ]] || die "$tool missing: run security/install.sh (or set SQLMAP/WAPITI/MITMDUMP/SCAN_PYTHON)"
done
command -v curl >/dev/null || die "curl missing"

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cong-scan.XXXXXX")
DATA=$WORK/data
PORT=${SCAN_PORT:-$(free_port)}
PROXY_PORT=${SCAN_PROXY_PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
SERVER_PID=
PROXY_PID=

cleanup() {
  local rc=$?
  set +e
  # Each process was started by this script; stop it by its own id.
  for pid in $PROXY_PID $SERVER_PID; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  if [[ -n ${SCAN_KEEP:-} ]]; then
    echo "scan: kept the data folder and work files in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only what this script writes: OUT may be a folder the caller keeps other things in.
rm -rf "$OUT/sqlmap" "$OUT/wapiti" "$OUT/summary.md" "$OUT/server-died.txt"
mkdir -p "$OUT/sqlmap" "$OUT/wapiti" "$DATA"
: >"$OUT/timings.tsv"
SCAN_START=$(date +%s)

# --- the portal --------------------------------------------------------------------------

# Anti-flood rules are switched off so they do not hide the code behind them from the
# scanners: the comment timer, the per-address write limits. Comments are published at once
# so a stored payload shows on the article page, where wapiti's permanentxss module looks.
# 127.0.0.1 is a trusted proxy so the scan can give each log-in attempt its own address
# (X-Forwarded-For), or the per-address log-in lock would stop the log-in form's tests.
CFG=$WORK/cong.toml
cat >"$CFG" <<EOF
sample_content = true
trusted_proxies = ["127.0.0.1"]

# As deployed behind a TLS proxy: cookies are Secure and HSTS is on, and the scanners judge
# that. Clients here speak plain HTTP, so the script sends cookies itself.
[site]
base_url = "https://127.0.0.1:$PORT"

[participation]
moderation = "publish"
min_form_secs = 0
ratings_per_ip_hour = 0
comments_per_ip_hour = 0
votes_per_ip_hour = 0
EOF
cp "$CFG" "$OUT/cong.toml"

cong() { "$CONG_BIN" --config "$CFG" --data "$DATA" "$@"; }

echo "scan: binary $CONG_BIN, data $DATA, $BASE"
"$CONG_BIN" --version >"$OUT/cong-version.txt" 2>&1 || true
cong migrate >"$OUT/setup.log" 2>&1 || die "migrate failed, see $OUT/setup.log"

# Started directly, not through cong(), so $! is the server itself and cleanup can stop it.
CONG_LOG=${CONG_LOG:-info} "$CONG_BIN" --config "$CFG" --data "$DATA" serve --listen "127.0.0.1:$PORT" \
  >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server stopped, see $OUT/server.log"
  sleep 0.1
done
curl -fsS -o /dev/null "$BASE/healthz" || die "no answer on $BASE/healthz after 60 s"

# Imported sites give the legacy addresses (?p=, ?page_id=, index.php?nv=&op=) something to
# resolve, so those parameters reach the store and the URL-scheme code, not just a 404. They
# are imported beside the running server, which has loaded the sample portal by now: into a
# database that is not empty it would load none.
IMPORTED=
if [[ -f $TESTDATA/wordpress/importer-small-export.xml && -f $TESTDATA/nukeviet/nukeviet-egov-sample-data.sql ]]; then
  cong import wxr "$TESTDATA/wordpress/importer-small-export.xml" >>"$OUT/setup.log" 2>&1 ||
    die "WordPress import failed, see $OUT/setup.log"
  cong import nukeviet "$TESTDATA/nukeviet/nukeviet-egov-sample-data.sql" >>"$OUT/setup.log" 2>&1 ||
    die "NukeViet import failed, see $OUT/setup.log"
  IMPORTED=1
else
  echo "scan: no test data under $TESTDATA; legacy addresses are scanned without imported sites" >&2
fi

# --- accounts and sessions ---------------------------------------------------------------

secret() { "$PYTHON" -c 'import secrets; print("Scan-" + secrets.token_hex(8))'; }
ADMIN=scan-admin ADMIN_PW=$(secret)
TWOFA=scan-2fa TWOFA_PW=$(secret)
VICTIM=scan-victim VICTIM_PW=$(secret)
printf '%s\n' "$ADMIN_PW" | cong user add --role admin --password-stdin "$ADMIN" >>"$OUT/setup.log" 2>&1
printf '%s\n' "$TWOFA_PW" | cong user add --role admin --password-stdin "$TWOFA" >>"$OUT/setup.log" 2>&1
printf '%s\n' "$VICTIM_PW" | cong user add --role author --password-stdin "$VICTIM" >>"$OUT/setup.log" 2>&1

# 198.18.0.0/15 is set aside for benchmarking: the script's own log-ins each come from one
# of these, so a lock the scanners earn for 127.0.0.1 never shuts the script out.
scan_address() { echo "198.18.$((RANDOM % 256)).$((RANDOM % 254 + 1))"; }

field() { # NAME < html: the value of the first input named NAME
  grep -o "name=\"$1\" value=\"[^\"]*\"" | sed -n 1p | sed 's/.*value="//; s/"$//'
}

jar_cookie() { # JAR NAME
  awk -v n="$2" '($0 !~ /^# / && $6 == n) { v = $7 } END { print v }' "$1"
}

# Logs NAME in with curl, as a browser would: the log-in page first (it sets the reader
# cookie and prints the single-use token), then the form. Sets COOKIES ("cong_r=…;
# cong_phien=…"), CSRF, and LOGIN_PAGE (the answer, for the second step).
login() {
  local name=$1 password=$2 jar=$WORK/jar.$1 xff token status reader session
  rm -f "$jar"
  xff=$(scan_address)
  token=$(curl -sS -c "$jar" -H "X-Forwarded-For: $xff" "$BASE/admin/login" | field token)
  [[ -n $token ]] || die "no token on the log-in page"
  # The cookies are Secure (base_url is https): curl would not send them back over plain
  # HTTP from its jar, so they go by hand.
  reader=$(jar_cookie "$jar" cong_r)
  status=$(curl -sS -o "$WORK/login.html" -w '%{http_code}' -c "$jar" -b "cong_r=$reader" \
    -H "X-Forwarded-For: $xff" --data-urlencode "token=$token" \
    --data-urlencode "name=$name" --data-urlencode "password=$password" "$BASE/admin/login")
  LOGIN_PAGE=$WORK/login.html
  COOKIES="cong_r=$reader"
  # A log-in waiting for its second step: the browser's cookie (the field of older binaries).
  PENDING_COOKIE=$(jar_cookie "$jar" cong_2b || true)
  session=$(jar_cookie "$jar" cong_phien)
  CSRF=
  if [[ -n $session ]]; then
    COOKIES="$COOKIES; cong_phien=$session"
    CSRF=$(curl -sS -b "$COOKIES" "$BASE/admin/" | field csrf)
    [[ -n $CSRF ]] || die "logged in as $name but /admin/ shows no csrf field"
  elif [[ $status != 200 ]]; then
    die "log-in as $name answered $status"
  fi
}

# Turn on two-factor log-in for scan-2fa, so the second log-in step can be scanned too.
# (`current` is sent in case the binary asks for the password to start an enrolment.)
TWOFA_SECRET=
login "$TWOFA" "$TWOFA_PW"
enrol=$(curl -sS -b "$COOKIES" --data-urlencode "csrf=$CSRF" --data-urlencode "current=$TWOFA_PW" \
  "$BASE/admin/tai-khoan/totp-bat-dau")
TWOFA_SECRET=$(grep -o 'class="totp-secret">[A-Z2-7]*<' <<<"$enrol" | sed 's/.*>\([A-Z2-7]*\)</\1/' || true)
if [[ -n $TWOFA_SECRET ]]; then
  code=$("$PYTHON" "$LIB/congscan.py" totp "$TWOFA_SECRET")
  status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$COOKIES" --data-urlencode "csrf=$CSRF" \
    --data-urlencode "code=$code" --data-urlencode "current=$TWOFA_PW" "$BASE/admin/tai-khoan/totp-xac-nhan")
  [[ $status == 200 ]] || TWOFA_SECRET=
fi
[[ -n $TWOFA_SECRET ]] || echo "scan: could not turn on two-factor log-in for $TWOFA; the second step is not scanned" >&2

login "$ADMIN" "$ADMIN_PW"
# scan-victim was made last, so it has the highest id on the page.
VICTIM_ID=$(curl -sS -b "$COOKIES" "$BASE/admin/nguoi-dung" |
  grep -o 'action="/admin/nguoi-dung/[0-9]*/' | grep -o '[0-9]\+' | sort -n | tail -1 || true)
[[ -n $VICTIM_ID ]] || die "could not find $VICTIM's id on /admin/nguoi-dung"

# The newsroom (binaries that have it): a draft to save, move and compare in the scan.
DRAFT_ID= CATEGORY_ID=
CATEGORY_ID=$(curl -sS -b "$COOKIES" "$BASE/admin/bai-viet/moi" |
  grep -o '<option value="[0-9]*"' | grep -o '[0-9]\+' | head -1 || true)
if [[ -n $CATEGORY_ID ]]; then
  DRAFT_ID=$(curl -sS -o /dev/null -w '%{redirect_url}' -b "$COOKIES" --data-urlencode "csrf=$CSRF" \
    --data-urlencode "title=Bài thử của đợt quét" --data-urlencode "category=$CATEGORY_ID" \
    --data-urlencode "body=<p>Nội dung thử.</p>" "$BASE/admin/bai-viet" |
    grep -o '/admin/bai-viet/[0-9]*' | grep -o '[0-9]\+' || true)
fi

# --- what there is to scan, read from the running portal ---------------------------------

fetch() { curl -sS "$BASE$1"; }
HOME_HTML=$(fetch /)
ARTICLE_PATH=$(fetch /sitemap.xml | grep -o "<loc>[^<]*-[0-9]*\.html</loc>" | sed -n 1p | sed 's#<loc>[a-z]*://[^/]*##; s#</loc>##')
[[ -n $ARTICLE_PATH ]] || die "no article in /sitemap.xml"
CATEGORY=$(cut -d/ -f2 <<<"$ARTICLE_PATH")
ARTICLE_FILE=$(cut -d/ -f3 <<<"$ARTICLE_PATH")
ARTICLE_ID=$(grep -o '[0-9]*\.html$' <<<"$ARTICLE_FILE" | sed 's/\.html//')
ARTICLE_SLUG=${ARTICLE_FILE%-"$ARTICLE_ID".html}
ARTICLE_HTML=$(fetch "$ARTICLE_PATH")
TAG=$(grep -o 'href="/tag/[^/"]*/"' <<<"$ARTICLE_HTML$HOME_HTML" | sed -n 1p | sed 's#href="/tag/##; s#/"##' || true)
PAGE_SLUG=$(grep -o 'href="/trang/[^"]*"' <<<"$HOME_HTML" | sed -n 1p | sed 's#href="/trang/##; s#"##' || true)
POLL_ID=$(grep -o 'action="/tham-do/[0-9]*"' <<<"$HOME_HTML" | sed -n 1p | grep -o '[0-9]\+' || true)
POLL_OPTION=$(grep -o 'name="option" value="[0-9]*"' <<<"$HOME_HTML" | sed -n 1p | grep -o '[0-9]\+' || true)
[[ -n $TAG && -n $PAGE_SLUG && -n $POLL_ID && -n $POLL_OPTION ]] ||
  die "the sample portal lacks a tag, page or poll (tag '$TAG', page '$PAGE_SLUG', poll '$POLL_ID')"

# One published comment, so the reply field (parent_id) has something real to point at.
read -r reader token < <("$PYTHON" "$LIB/congscan.py" fresh "$BASE" comment)
curl -sS -o /dev/null -b "cong_r=$reader" --data-urlencode "token=$token" \
  --data-urlencode "name=Người đọc" --data-urlencode "email=doc-gia@example.com" \
  --data-urlencode "body=Cảm ơn bài viết." "$BASE/binh-luan/$ARTICLE_ID"
PARENT_ID=$(fetch "$ARTICLE_PATH" | grep -o 'id="y-kien-[0-9]*"' | sed -n 1p | grep -o '[0-9]\+' || true)
[[ -n $PARENT_ID ]] || die "the comment posted during setup did not show on $ARTICLE_PATH"

# Old addresses: one of each shape the importers answer, taken from the legacy table.
legacy() { # SQL LIKE pattern -> one listed path
  "$PYTHON" - "$DATA/cong.db" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = db.execute("SELECT path FROM legacy_paths WHERE path LIKE ? ORDER BY path LIMIT 1", (sys.argv[2],)).fetchone()
print(row[0] if row else "")
PY
}
LEGACY_P=/?p=1 LEGACY_PAGE_ID=/?page_id=2 LEGACY_NV="/index.php?language=vi&nv=news&op=tin-tuc"
if [[ -n $IMPORTED && -f $DATA/cong.db ]]; then
  LEGACY_P=$(legacy '/?p=%')
  LEGACY_PAGE_ID=$(legacy '/?page_id=%')
  LEGACY_NV=$(legacy '/index.php?language=vi&nv=news&op=%.html')
  [[ -n $LEGACY_NV ]] || LEGACY_NV=$(legacy '/index.php?language=vi&nv=%&op=%')
  [[ -n $LEGACY_P && -n $LEGACY_PAGE_ID && -n $LEGACY_NV ]] || die "the imports left no legacy addresses to scan"
fi

cat >"$OUT/targets.txt" <<EOF
base            $BASE
article         $ARTICLE_PATH (id $ARTICLE_ID, category $CATEGORY)
comment         $PARENT_ID (reply target)
tag             $TAG
page            $PAGE_SLUG
poll            $POLL_ID (option $POLL_OPTION)
legacy          $LEGACY_P  $LEGACY_PAGE_ID  $LEGACY_NV
accounts        $ADMIN (admin), $TWOFA (admin, two-factor: ${TWOFA_SECRET:+on}), $VICTIM (author, id $VICTIM_ID)
EOF

# --- boundary values ---------------------------------------------------------------------

# Neither scanner sends huge or negative numbers where a page number or id goes; an overflow
# there is a server error (a panic in a debug build). Every numeric parameter gets the edges of
# the integer types; any 5xx answer is a finding.
if [[ " $STEPS " == *" probes "* ]]; then
  login "$ADMIN" "$ADMIN_PW"
  : >"$OUT/probes.tsv"
  for n in 0 -1 2147483648 4294967296 9223372036854775807 -9223372036854775808 18446744073709551616; do
    for path in "/tim-kiem?q=y+te&trang=$n" "/api/search?q=y+te&limit=$n" "/$CATEGORY/trang-$n/" \
      "/tag/$TAG/trang-$n/" "/tham-do/$n" "/$CATEGORY/$ARTICLE_SLUG-$n.html" "/?p=$n" "/?page_id=$n" \
      "/?cat=$n&paged=$n" "/index.php?language=vi&nv=news&op=tin-tuc/page-$n" \
      "/admin/nhat-ky?trang=$n" "/admin/nhat-ky?tu=$n-01-01&den=$n-12-31"; do
      # No answer at all (a dropped connection) reads as 000.
      status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$COOKIES" --max-time 30 "$BASE$path") || status=000
      printf '%s\t%s\n' "$status" "$path" >>"$OUT/probes.tsv"
    done
  done
fi

# --- sqlmap ------------------------------------------------------------------------------

timed() { # NAME COMMAND...: runs it, records how long it took
  local name=$1 start rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  printf '%s\t%s\t%s\n' "$name" "$(($(date +%s) - start))" "$rc" >>"$OUT/timings.tsv"
  echo "scan: $name took $(($(date +%s) - start)) s (exit $rc)"
}

# Every run tests its own parameters. Headers and cookies reach the same code on every route,
# so User-Agent and Referer are tested in the search run only and the cookies in one run each
# (rating-token, audit); SKIP adds the run's own parameters to leave alone.
sqlmap_run() { # NAME SQLMAP-ARGS...
  local name=$1 skip=${SKIP-User-Agent,Referer,cong_r,cong_phien}
  shift
  [[ -z $RUNS || sqlmap:$name =~ $RUNS ]] || return 0
  # A form's answer is compared as sent (its status and page), not after following its
  # redirect: sqlmap would re-send the POST to a page that only takes GET.
  local posted=
  [[ " $* " == *" --data "* ]] && posted=--ignore-redirects
  # --skip-waf: the portal has no WAF; sqlmap takes the 403 of a bad token for one and then
  # switches to "bypass" tampering. --text-only: every page carries fresh form tokens and live
  # counters, so sqlmap found no page stable and diffed whole pages, 90 s a parameter on a
  # busy machine; the text alone is what differs when a query changes. --eval runs the scan's
  # own lib/congscan.py, which sqlmap wants said out loud (SQLMAP_UNSAFE_EVAL).
  SQLMAP_UNSAFE_EVAL=1 timed "sqlmap:$name" "$SQLMAP" --batch --level="$SQLMAP_LEVEL" --risk="$SQLMAP_RISK" \
    --flush-session --disable-coloring --timeout=30 --retries=1 --skip-waf --text-only $posted \
    ${skip:+--skip="$skip"} ${SQLMAP_DBMS:+--dbms="$SQLMAP_DBMS"} \
    --output-dir="$OUT/sqlmap/data" "$@" >"$OUT/sqlmap/$name.log" 2>&1 </dev/null
}

# sqlmap's --eval runs before every request: a new reader and a fresh single-use token for it.
fresh_eval() { # PURPOSE
  echo "import sys; sys.path.insert(0, '$LIB'); import congscan; cong_r, token = congscan.fresh('$BASE', '$1')"
}

reader_form() { # NAME PATH PURPOSE DATA: the form's fields, then its token on its own
  local name=$1 path=$2 purpose=$3 data=$4 reader token
  SKIP=User-Agent,Referer,cong_r,token sqlmap_run "$name" -u "$BASE$path" --data "$data" \
    --cookie "cong_r=x" --drop-set-cookie --eval "$(fresh_eval "$purpose")"
  read -r reader token < <("$PYTHON" "$LIB/congscan.py" fresh "$BASE" "$purpose")
  local params=token
  [[ $name == rating ]] && params=token,cong_r
  # Below level 4 sqlmap leaves fields named like anti-CSRF tokens alone.
  SKIP=User-Agent,Referer sqlmap_run "$name-token" -u "$BASE$path" --data "${data/token=x/token=$token}" \
    --cookie "cong_r=$reader" --drop-set-cookie -p "$params" --level=4
}

if [[ " $STEPS " == *" sqlmap-public "* ]]; then
  SKIP= sqlmap_run search -u "$BASE/tim-kiem?q=y+te&chuyen-muc=$CATEGORY&tu=2020-01-01&den=2030-12-31&sap-xep=moi-nhat&trang=1"
  sqlmap_run api-search -u "$BASE/api/search?q=tiem+chung&limit=5"
  sqlmap_run form-token -u "$BASE/api/form-token?for=rating"
  # Path segments: '*' marks where sqlmap injects.
  sqlmap_run category-path -u "$BASE/$CATEGORY*/trang-2*/"
  sqlmap_run tag-path -u "$BASE/tag/$TAG*/trang-2*/"
  sqlmap_run article-path -u "$BASE/$CATEGORY*/$ARTICLE_SLUG-$ARTICLE_ID*.html"
  sqlmap_run page-path -u "$BASE/trang/$PAGE_SLUG*"
  sqlmap_run poll-path -u "$BASE/tham-do/$POLL_ID*"
  sqlmap_run legacy-wp-post -u "$BASE$LEGACY_P"
  sqlmap_run legacy-wp-page -u "$BASE$LEGACY_PAGE_ID"
  sqlmap_run legacy-wp-archive -u "$BASE/?cat=1&paged=2&feed=rss2"
  sqlmap_run legacy-wp-tag -u "$BASE/?tag=$TAG&paged=2"
  sqlmap_run legacy-nukeviet -u "$BASE$LEGACY_NV"
  reader_form rating "/danh-gia/$ARTICLE_ID" rating "token=x&stars=4"
  reader_form comment "/binh-luan/$ARTICLE_ID" comment \
    "token=x&parent_id=$PARENT_ID&name=Nguyen+Van+An&email=an%40example.com&body=Bai+viet+rat+huu+ich&website="
  reader_form vote "/tham-do/$POLL_ID" vote "token=x&option=$POLL_OPTION"
  # The log-in form, for names that do not exist: no account is locked by the run, and each
  # attempt comes from its own address (lib/sqlmap_tamper/scan_address.py). 401 and 429 are
  # the form's answers to compare, not reasons for sqlmap to stop or back off.
  # The name is made unique per request too (unless it is the field under test), or the
  # per-name lock would answer every test of the password field.
  SKIP=User-Agent,Referer,cong_r,token sqlmap_run login -u "$BASE/admin/login" \
    --data "token=x&name=nobody-here&password=not-the-password" \
    --cookie "cong_r=x" --drop-set-cookie \
    --eval "$(fresh_eval login); name = congscan.unique(name, 'nobody-here')" \
    --tamper="$LIB/sqlmap_tamper/scan_address.py" --ignore-code=401,429
  read -r reader token < <("$PYTHON" "$LIB/congscan.py" fresh "$BASE" login)
  SKIP=User-Agent,Referer sqlmap_run login-token -u "$BASE/admin/login" --data "token=$token&name=nobody-here&password=not-the-password" \
    --cookie "cong_r=$reader" --drop-set-cookie -p token --level=4 --tamper="$LIB/sqlmap_tamper/scan_address.py" \
    --ignore-code=401,429
  if [[ -n $TWOFA_SECRET ]]; then
    # A pending log-in is good for a few minutes (on some binaries for a few codes only):
    # the code field comes first so it is tested while the pending log-in still stands.
    login "$TWOFA" "$TWOFA_PW"
    pending=$(field pending <"$LOGIN_PAGE" || true)
    if [[ -n $PENDING_COOKIE ]]; then
      # Held on the server under the browser's cookie, five codes at most: sqlmap's later
      # requests see the refusal page, which is what an attacker past five codes sees too.
      sqlmap_run login-second-step -u "$BASE/admin/login/ma" --data "code=123456" \
        --cookie "$COOKIES; cong_2b=$PENDING_COOKIE" --drop-set-cookie \
        --tamper="$LIB/sqlmap_tamper/scan_address.py" --ignore-code=401,403,429
    elif [[ -n $pending ]]; then
      sqlmap_run login-second-step -u "$BASE/admin/login/ma" --data "code=123456&pending=$pending" \
        --cookie "$COOKIES" --drop-set-cookie --tamper="$LIB/sqlmap_tamper/scan_address.py" --ignore-code=401,429
    else
      echo "scan: $TWOFA's log-in showed no second step; not scanned" >&2
    fi
  fi
fi

# Back office: each run logs in afresh (a session ends after 30 idle minutes), and sends the
# session's csrf field. Log-out is not scanned: its first request would end the session that
# every other request of the run needs.
admin_run() { # NAME SQLMAP-ARGS...
  local name=$1
  shift
  [[ -z $RUNS || sqlmap:$name =~ $RUNS ]] || return 0
  login "$ADMIN" "$ADMIN_PW"
  sqlmap_run "$name" --cookie "$COOKIES" --drop-set-cookie "${@//csrf=CSRF/csrf=$CSRF}"
  # A run whose session died part-way tested the log-in page from then on.
  curl -sS -o /dev/null -w '%{http_code}\n' -b "$COOKIES" "$BASE/admin/" >"$OUT/sqlmap/$name.session"
}

if [[ " $STEPS " == *" sqlmap-admin "* ]]; then
  SKIP=User-Agent,Referer admin_run audit -u "$BASE/admin/nhat-ky?nguoi=$ADMIN&hanh_dong=login&tu=2020-01-01&den=2030-12-31&trang=1"
  admin_run user-create -u "$BASE/admin/nguoi-dung" \
    --data "csrf=CSRF&name=scan-new&display_name=Scan+New&role=author&password=Scan-New-Password-1"
  # khoa and mo-khoa take only csrf (tested in the csrf run): their id is what is left.
  admin_run user-lock -u "$BASE/admin/nguoi-dung/$VICTIM_ID*/khoa" --data "csrf=CSRF"
  admin_run user-reset -u "$BASE/admin/nguoi-dung/$VICTIM_ID/dat-lai-mat-khau" \
    --data "csrf=CSRF&password=Scan-Reset-Password-1"
  admin_run user-path -u "$BASE/admin/nguoi-dung/$VICTIM_ID*/mo-khoa*" --data "csrf=CSRF"
  # A wrong current password: the right one would change it and strand the next request.
  admin_run account-password -u "$BASE/admin/tai-khoan/mat-khau" \
    --data "csrf=CSRF&current=not-the-password&new=Scan-Other-Password-1"
  admin_run account-totp-start -u "$BASE/admin/tai-khoan/totp-bat-dau" --data "csrf=CSRF&current=not-the-password"
  admin_run account-totp-confirm -u "$BASE/admin/tai-khoan/totp-xac-nhan" --data "csrf=CSRF&code=123456"
  admin_run account-totp-off -u "$BASE/admin/tai-khoan/totp-tat" --data "csrf=CSRF&current=not-the-password"
  admin_run account-path -u "$BASE/admin/tai-khoan/totp-xac-nhan*" --data "csrf=CSRF&code=123456"
  if [[ -n $DRAFT_ID ]]; then
    # The newsroom (on the scan's own draft: the reader's article has no revisions): the list's filters, a new article, a save, the workflow steps, revisions.
    SKIP=User-Agent,Referer admin_run articles \
      -u "$BASE/admin/bai-viet?trang-thai=draft&chuyen-muc=$CATEGORY_ID&tac-gia=1&tu-khoa=tiem&trang=1"
    ARTICLE_FORM="title=Bai+quet&slug=&lead=Tom+tat&body=%3Cp%3ENoi+dung%3C%2Fp%3E&image_url=&image_alt=&category=$CATEGORY_ID&other_categories=$CATEGORY_ID&tags=a%2Cb&byline=Scan&source=Nguon&publish_at=2026-12-08T09%3A00&allow_comments=1"
    admin_run article-create -u "$BASE/admin/bai-viet" --data "csrf=CSRF&$ARTICLE_FORM"
    admin_run article-save -u "$BASE/admin/bai-viet/$DRAFT_ID" --data "csrf=CSRF&revision=1&$ARTICLE_FORM"
    admin_run article-step -u "$BASE/admin/bai-viet/$DRAFT_ID*/tra-lai" --data "csrf=CSRF&note=Ghi+chu"
    SKIP=User-Agent,Referer admin_run article-revision -u "$BASE/admin/bai-viet/$DRAFT_ID/phien-ban/1*"
  fi
  admin_run ping -u "$BASE/admin/ping" --data "csrf=CSRF" -p csrf --level=4
  # The csrf field itself (one check, csrf_ok, serves every back-office form); level 4 because
  # below it sqlmap leaves fields named like anti-CSRF tokens alone.
  admin_run csrf -u "$BASE/admin/nguoi-dung" \
    --data "csrf=CSRF&name=scan-csrf&display_name=Scan&role=author&password=Scan-New-Password-1" -p csrf --level=4
fi

# --- wapiti ------------------------------------------------------------------------------

# Wapiti goes through lib/fresh_tokens_addon.py (mitmproxy), which gives every reader-form and
# log-in POST a fresh token (the `token` field itself is left to sqlmap), and once the admin
# scan starts, the back-office session.
if [[ " $STEPS " == *" wapiti-"* ]]; then
  SCAN_BASE=$BASE SCAN_SESSION_FILE=$WORK/admin-session "$MITMDUMP" --listen-host 127.0.0.1 --listen-port "$PROXY_PORT" --set confdir="$WORK/mitm" \
    -q -s "$LIB/fresh_tokens_addon.py" >"$OUT/wapiti/proxy.log" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null -x "http://127.0.0.1:$PROXY_PORT" "$BASE/healthz" 2>/dev/null && break
    sleep 0.2
  done
  curl -fsS -o /dev/null -x "http://127.0.0.1:$PROXY_PORT" "$BASE/healthz" || die "the scan proxy did not start"
fi

wapiti_run() { # NAME URL WAPITI-ARGS...
  local name=$1 url=$2
  shift 2
  [[ -z $RUNS || wapiti:$name =~ $RUNS ]] || return 0
  timed "wapiti:$name" "$WAPITI" -u "$url" --scope folder -m "$WAPITI_MODULES" -l 2 \
    -d "$WAPITI_DEPTH" --max-files-per-dir "$WAPITI_MAX_FILES_PER_DIR" --max-attack-time "$WAPITI_MAX_ATTACK_SECS" \
    -p "http://127.0.0.1:$PROXY_PORT" --skip token --flush-session \
    --store-session "$WORK/wapiti-$name" --store-config "$WORK/wapiti-config" \
    -f json -o "$OUT/wapiti/$name.json" -dr 1 --no-bugreport -v 1 "$@" \
    >"$OUT/wapiti/$name.log" 2>&1 </dev/null
}

if [[ " $STEPS " == *" wapiti-public "* ]]; then
  # Start points: what a crawl of the root folder could miss once it holds the per-folder
  # page count (the full search form, legacy addresses, the log-in page).
  wapiti_run public "$BASE/" -s "$BASE$ARTICLE_PATH" \
    -s "$BASE/tim-kiem?q=y+te&chuyen-muc=$CATEGORY&tu=2020-01-01&den=2030-12-31&sap-xep=moi-nhat&trang=1" \
    -s "$BASE/api/search?q=y+te&limit=5" -s "$BASE$LEGACY_P" -s "$BASE$LEGACY_PAGE_ID" -s "$BASE$LEGACY_NV" \
    -s "$BASE/?cat=1&paged=2" -s "$BASE/admin/login"
fi

if [[ " $STEPS " == *" wapiti-admin "* ]]; then
  login "$ADMIN" "$ADMIN_PW"
  WAPITI_COOKIES=$COOKIES
  printf '%s\n' "$COOKIES" >"$WORK/admin-session"
  # Not crawled: log-out (ends the session), locking and resetting users (the admin's own row
  # has these buttons too). sqlmap covers those forms against scan-victim.
  wapiti_run admin "$BASE/admin/" --drop-set-cookie \
    -s "$BASE/admin/nhat-ky?nguoi=$ADMIN&hanh_dong=login&tu=2020-01-01&den=2030-12-31&trang=1" \
    -s "$BASE/admin/tai-khoan" -s "$BASE/admin/nguoi-dung" \
    -x "$BASE/admin/logout" -x "$BASE/admin/nguoi-dung/*/khoa" -x "$BASE/admin/nguoi-dung/*/mo-khoa" \
    -x "$BASE/admin/nguoi-dung/*/dat-lai-mat-khau" --skip csrf
  # The session the crawler used must have lived through it, or it scanned the log-in page.
  status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$WAPITI_COOKIES" "$BASE/admin/nguoi-dung")
  echo "wapiti-admin session after the scan: HTTP $status" >"$OUT/wapiti/admin-session.txt"
fi

# --- summary -----------------------------------------------------------------------------

printf 'total\t%s\t0\n' "$(($(date +%s) - SCAN_START))" >>"$OUT/timings.tsv"
kill -0 "$SERVER_PID" 2>/dev/null || echo "scan: the server died during the scan" >"$OUT/server-died.txt"
"$PYTHON" "$LIB/summarize.py" "$OUT"
exit
}

"""Reads the raw scanner output under OUT and prints (and writes OUT/summary.md) what was found.

What fails the scan (exit 1):
- boundary values (probes.tsv, curl): a 5xx answer, or no answer, to a huge or negative number.
- sqlmap: an injection point sqlmap confirmed ("is vulnerable", "identified the following
  injection point"); an HTTP 5xx answer seen during a run (a server error under attack input
  is a bug, and can hide an injection); a run that did not finish its tests or tested nothing;
  a back-office run whose session was gone at its end.
- wapiti: any entry in "vulnerabilities" or "anomalies" of level 1 (low) or more; a scan that
  did not write its report; an admin scan whose session was gone at the end.
Info only (listed, not failing): wapiti's level-0 entries and its "additionals"/"infos";
sqlmap's heuristic hints ("might be injectable", "might be vulnerable to XSS / file inclusion"),
which a person checks by hand, and which are not findings until sqlmap confirms them.
"""

import collections
import json
import os
import re
import sys

LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}

# Confirmed by sqlmap. "appears to be ... injectable" is only provisional: sqlmap goes on to
# check it and may drop it ("false positive or unexploitable injection point detected").
INJECTABLE = re.compile(
    r"(parameter '([^']+)' is vulnerable"
    r"|identified the following injection point)"
)
PROVISIONAL = re.compile(r"(\S*\s?parameter '[^']+') appears to be '([^']+)' injectable")
DROPPED = "false positive or unexploitable injection point detected"
TESTED = re.compile(r"testing for SQL injection on (.*?)parameter '([^']+)'")
HEURISTIC = re.compile(r"heuristic \((basic|XSS|FI)\) test shows that (.*?parameter '[^']+') (might (?!not )[^\n]*)")
HTTP_CODE = re.compile(r"^(\d{3}) \(([^)]*)\) - (\d+) times?", re.M)
FINISHED = re.compile(
    r"(all tested parameters do not appear to be injectable"
    r"|identified the following injection point"
    r"|do not appear to be injectable)"
)
ABORTED = re.compile(r"\[CRITICAL\] (unable to connect|connection refused|.*connection.*timed out|target URL.*not.*respond)", re.I)


ANSI = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|\([A-Z])")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return ANSI.sub("", f.read())


def timings(out):
    t = {}
    path = os.path.join(out, "timings.tsv")
    if os.path.exists(path):
        for line in read(path).splitlines():
            name, secs, rc = line.split("\t")
            t[name] = (int(secs), int(rc))
    return t


def sqlmap_results(out, times):
    runs = []
    folder = os.path.join(out, "sqlmap")
    for fname in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if not fname.endswith(".log"):
            continue
        name = fname[:-4]
        if f"sqlmap:{name}" not in times:
            continue
        text = read(os.path.join(folder, fname))
        tested = []
        for m in TESTED.finditer(text):
            p = f"{m.group(1)}{m.group(2)}"
            if p not in tested:
                tested.append(p)
        injectable = sorted({m.group(0) for m in INJECTABLE.finditer(text)})
        hints = sorted({f"{m.group(1)}: {m.group(2)} {m.group(3)}" for m in HEURISTIC.finditer(text)})
        provisional = sorted({f"{m.group(1)}: {m.group(2)}" for m in PROVISIONAL.finditer(text)})
        dropped = text.count(DROPPED)
        if provisional:
            hints.append(f"provisionally injectable, then dropped by sqlmap's own check {dropped} time(s): "
                         + "; ".join(provisional))
        codes = {}
        block = text.split("HTTP error codes detected during run:", 1)
        if len(block) == 2:
            for m in HTTP_CODE.finditer(block[1]):
                codes[m.group(1)] = (m.group(2), int(m.group(3)))
        server_errors = {c: v for c, v in codes.items() if c.startswith("5")}
        finished = bool(FINISHED.search(text)) and not ABORTED.search(text)
        secs, rc = times.get(f"sqlmap:{name}", (None, None))
        problems = []
        if injectable:
            problems += [f"high: {i}" for i in injectable]
        if server_errors:
            problems += [f"low: HTTP {c} ({v[0]}) {v[1]} times" for c, v in server_errors.items()]
        if not finished:
            problems.append("error: the run did not finish its tests (see the log)")
        elif not tested:
            problems.append("error: the run tested no parameter")
        session = os.path.join(folder, f"{name}.session")
        if os.path.exists(session) and read(session).strip() != "200":
            problems.append(f"error: the run's back-office session was gone at its end (HTTP {read(session).strip()})")
        runs.append(dict(name=name, tested=tested, injectable=injectable, hints=hints,
                         codes=codes, problems=problems, secs=secs, rc=rc))
    return runs


def wapiti_results(out, times):
    scans = []
    folder = os.path.join(out, "wapiti")
    for name in ("public", "admin"):
        secs, rc = times.get(f"wapiti:{name}", (None, None))
        if secs is None:
            continue
        path = os.path.join(folder, f"{name}.json")
        scan = dict(name=name, secs=secs, rc=rc, counts=collections.Counter(), findings=[],
                    infos=[], problems=[], crawled=None)
        if not os.path.exists(path):
            scan["problems"].append("error: wapiti wrote no report (see its log)")
            scans.append(scan)
            continue
        log = os.path.join(folder, f"{name}.log")
        capped = read(log).count("Max attack time was reached") if os.path.exists(log) else 0
        scan["capped"] = capped
        report = json.loads(read(path))
        scan["crawled"] = report.get("infos", {}).get("crawled_pages_nbr")
        for group in ("vulnerabilities", "anomalies", "additionals"):
            for category, entries in (report.get(group) or {}).items():
                for e in entries:
                    level = int(e.get("level", 0))
                    where = f"{e.get('method', '')} {e.get('path', '')}"
                    if e.get("parameter"):
                        where += f" [{e['parameter']}]"
                    item = dict(group=group, category=category, level=level, where=where,
                                info=(e.get("info") or "").strip().replace("\n", " ")[:300],
                                module=e.get("module", ""))
                    scan["counts"][(group, LEVELS.get(level, str(level)))] += 1
                    if group != "additionals" and level >= 1:
                        scan["findings"].append(item)
                    else:
                        scan["infos"].append(item)
        if scan["findings"]:
            scan["problems"] += [f"{LEVELS[f['level']]}: {f['category']} at {f['where']}" for f in scan["findings"]]
        if name == "admin":
            session = os.path.join(folder, "admin-session.txt")
            text = read(session) if os.path.exists(session) else ""
            if "HTTP 200" not in text:
                scan["problems"].append(f"error: the crawler's session did not survive ({text.strip() or 'not checked'})")
        scans.append(scan)
    return scans


def render(out):
    times = timings(out)
    sq = sqlmap_results(out, times)
    wa = wapiti_results(out, times)
    lines = ["# Scan summary", ""]
    if os.path.exists(os.path.join(out, "server-died.txt")):
        lines += ["**The server died during the scan** (see server.log).", ""]
    total = times.get("total", (None,))[0]
    if total is not None:
        lines += [f"Total time: {total} s ({total / 60:.1f} min).", ""]

    lines += ["## sqlmap", "",
              "| run | parameters tested | result | HTTP codes | time (s) |",
              "|---|---|---|---|---:|"]
    for r in sq:
        result = "; ".join(r["problems"]) or "nothing found"
        codes = ", ".join(f"{c}×{v[1]}" for c, v in sorted(r["codes"].items())) or "-"
        lines.append(f"| {r['name']} | {', '.join(r['tested']) or '-'} | {result} | {codes} | {r['secs']} |")
    sq_counts = collections.Counter()
    for r in sq:
        for p in r["problems"]:
            sq_counts[p.split(":", 1)[0]] += 1
        sq_counts["info"] += len(r["hints"])
    lines += ["", "sqlmap by severity: " + (", ".join(f"{k} {v}" for k, v in sorted(sq_counts.items())) or "none"), ""]
    hints = [(r["name"], h) for r in sq for h in r["hints"]]
    if hints:
        lines += ["Heuristic hints (info; check by hand):", ""]
        lines += [f"- {name}: {h}" for name, h in hints]
        lines.append("")

    lines += ["## wapiti", ""]
    for s in wa:
        counts = ", ".join(f"{g} {lvl} {n}" for (g, lvl), n in sorted(s["counts"].items())) or "nothing"
        lines += [f"### {s['name']} ({s['secs']} s, {s['crawled']} pages crawled)", "", f"By group and level: {counts}.", ""]
        if s.get("capped"):
            lines += [f"{s['capped']} module(s) stopped at the per-module time cap (WAPITI_MAX_ATTACK_SECS).", ""]
        if s["findings"]:
            lines += ["Above info:", ""]
            lines += [f"- {LEVELS[f['level']]} · {f['category']} · {f['where']} · {f['info']}" for f in s["findings"]]
            lines.append("")
        seen = collections.Counter((i["group"], i["category"]) for i in s["infos"])
        if seen:
            lines += ["Info:", ""]
            lines += [f"- {g} · {c} × {n}" for (g, c), n in sorted(seen.items())]
            lines.append("")
        other = [p for p in s["problems"] if p.startswith("error")]
        lines += [f"- {p}" for p in other]
        if other:
            lines.append("")

    probes = os.path.join(out, "probes.tsv")
    probe_failures = []
    if os.path.exists(probes):
        rows = [line.split("\t", 1) for line in read(probes).splitlines() if "\t" in line]
        probe_failures = [f"low: HTTP {code} at {path}" for code, path in rows
                          if code.startswith("5") or code == "000"]
        codes = collections.Counter(code for code, _ in rows)
        lines += ["## Boundary values", "",
                  f"{len(rows)} requests; answers: " + ", ".join(f"{c}×{n}" for c, n in sorted(codes.items())) + ".", ""]
        lines += [f"- {p}" for p in probe_failures]
        if probe_failures:
            lines.append("")

    failures = [(f"sqlmap {r['name']}", p) for r in sq for p in r["problems"]]
    failures += [("boundary values", p) for p in probe_failures]
    failures += [(f"wapiti {s['name']}", p) for s in wa for p in s["problems"]]
    if os.path.exists(os.path.join(out, "server-died.txt")):
        failures.append(("server", "died during the scan"))
    lines += ["## Verdict", ""]
    if failures:
        lines += [f"FAIL: {len(failures)} item(s) above info:", ""]
        lines += [f"- {who}: {p}" for who, p in failures]
    else:
        lines.append("PASS: nothing above info.")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    return text, bool(failures)


if __name__ == "__main__":
    text, failed = render(sys.argv[1])
    print(text)
    sys.exit(1 if failed else 0)

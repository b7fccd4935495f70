#!/usr/bin/env python3
"""Cuts fuzz seeds out of the shared test files, in place, at run time.

The shared files are other people's work and stay out of this repository, so the seeds made
from them are written under fuzz/target/seeds/ (never committed) each time the suite runs:

  wxr       small exports whole; big ones as the channel header plus a few items at a time
  nukeviet  per module, the CREATE TABLE statements and the first rows of each INSERT
  html      post bodies from the exports

Usage: seeds.py TESTDATA_DIR OUT_DIR
"""

import re
import sys
from pathlib import Path

SMALL = 64 * 1024
ITEMS_PER_SLICE = 3
ROWS_PER_INSERT = 3
LONGEST_STRING = 400
BODY_LIMIT = 16 * 1024


def write(out: Path, name: str, text: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text, encoding="utf-8")


def wxr_seeds(wordpress: Path, out: Path) -> int:
    n = 0
    for f in sorted(wordpress.glob("*.xml")):
        text = f.read_text(encoding="utf-8", errors="replace")
        if len(text) <= SMALL:
            write(out, f.name, text)
            n += 1
            continue
        first = text.find("<item>")
        if first < 0:
            continue
        header = text[:first]
        items = re.findall(r"<item>.*?</item>", text[first:], flags=re.S)
        for i in range(0, len(items), ITEMS_PER_SLICE):
            chunk = "\n".join(items[i : i + ITEMS_PER_SLICE])
            if len(header) + len(chunk) > SMALL:
                continue
            write(out, f"{f.stem}-{i // ITEMS_PER_SLICE}.xml", f"{header}{chunk}\n</channel>\n</rss>\n")
            n += 1
    return n


def html_seeds(wordpress: Path, out: Path) -> int:
    n = 0
    for f in sorted(wordpress.glob("*.xml")):
        text = f.read_text(encoding="utf-8", errors="replace")
        bodies = re.findall(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", text, flags=re.S)
        for i, body in enumerate(b for b in bodies if b.strip()):
            write(out, f"{f.stem}-{i}.html", body[:BODY_LIMIT])
            n += 1
    return n


def statements(sql: str):
    """Splits a dump into statements at semicolons outside quotes and comments."""
    start, i, quote = 0, 0, None
    while i < len(sql):
        c = sql[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
        elif sql.startswith("--", i) or c == "#":
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i)
            i = len(sql) if end < 0 else end + 1
        elif c == ";":
            yield strip_comments(sql[start : i + 1])
            start = i + 1
        i += 1


def strip_comments(statement: str) -> str:
    """The statement without the comment lines before it."""
    lines = statement.strip().splitlines()
    while lines and (lines[0].startswith("--") or lines[0].startswith("/*") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def first_rows(insert: str) -> str:
    """The INSERT with its first few value tuples, long strings cut short."""
    at = insert.upper().find("VALUES")
    if at < 0:
        return insert
    head, rest = insert[: at + 6], insert[at + 6 :]
    rows, depth, quote, begin, i = [], 0, None, None, 0
    while i < len(rest) and len(rows) < ROWS_PER_INSERT:
        c = rest[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c == "'":
            quote = c
        elif c == "(":
            if depth == 0:
                begin = i
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and begin is not None:
                rows.append(rest[begin : i + 1])
        i += 1
    cut = [re.sub(r"'((?:[^'\\]|\\.){%d})(?:[^'\\]|\\.)+'" % LONGEST_STRING, r"'\1'", r) for r in rows]
    return head + "\n" + ",\n".join(cut) + ";"


def table_of(statement: str):
    m = re.match(r"(?:CREATE TABLE(?: IF NOT EXISTS)?|INSERT INTO)\s+`?(\w+)`?", statement, flags=re.I)
    return m.group(1) if m else None


def nukeviet_seeds(nukeviet: Path, out: Path) -> int:
    n = 0
    for f in sorted(nukeviet.glob("*.sql")):
        sql = f.read_text(encoding="utf-8", errors="replace")
        creates, inserts = {}, {}
        for s in statements(sql):
            t = table_of(s)
            if not t:
                continue
            if s.upper().startswith("CREATE"):
                creates[t] = s
            else:
                inserts.setdefault(t, []).append(first_rows(s))
        # One seed per module (prefix_lang_module_*), with the site-wide tables it needs.
        common = [t for t in creates if re.fullmatch(r"[a-z0-9]+_config|[a-z0-9]+_[a-z]{2}_modules", t)]
        families = {}
        for t in creates:
            if re.search(r"_\d+$", t):
                continue  # per-category copies of a module's rows: the importer skips them
            parts = t.split("_")
            key = "_".join(parts[:3]) if len(parts) > 3 else t
            families.setdefault(key, []).append(t)
        for key, tables in sorted(families.items()):
            chosen = list(dict.fromkeys(common + tables))
            body = []
            for t in chosen:
                body.append(creates[t])
                body.extend(inserts.get(t, [])[:1])
            text = "\n\n".join(body) + "\n"
            if len(text) <= SMALL:
                write(out, f"{f.stem}-{key}.sql", text)
                n += 1
    return n


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    made = {
        "wxr": wxr_seeds(data / "wordpress", out / "wxr"),
        "html": html_seeds(data / "wordpress", out / "html"),
        "nukeviet": nukeviet_seeds(data / "nukeviet", out / "nukeviet"),
    }
    print("seeds from the shared test files: " + ", ".join(f"{k} {v}" for k, v in made.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

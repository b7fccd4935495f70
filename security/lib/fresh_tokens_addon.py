"""mitmproxy add-on that wapiti's requests go through (see scan.sh).

Wapiti keeps the form token it saw while crawling and sends it with every attack, so without
this all but the first attack on a reader form stop at the "replayed form" refusal. Here:

- pages going to wapiti get every token replaced by one placeholder, so the poll form that sits
  in every page's sidebar is one form to the crawler, not one per page;
- each POST to a reader form or the log-in form that sends that placeholder back (a replay of
  the form as crawled) gets a new reader cookie and a fresh token; any other token value is
  left alone, so wapiti's CSRF check, which sends a wrong token, sees the server refuse it;
- when scan.sh has written a back-office session to SCAN_SESSION_FILE, every /admin request
  carries it (wapiti's own cookie options did not reach this server in our tests);
- each log-in POST comes from its own made-up address (X-Forwarded-For, believed because the
  scan's config trusts 127.0.0.1 as a proxy), so the per-address log-in lock does not stop the
  attack after 30 tries, nor lock out the scan's own log-ins.
"""

import os
import random
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import congscan  # noqa: E402

BASE = os.environ["SCAN_BASE"]
SESSION_FILE = os.environ.get("SCAN_SESSION_FILE", "")
# Long and random like a real token, so wapiti's "easy to predict" check judges the real kind.
PLACEHOLDER = "scan" + secrets.token_hex(24)
_TOKEN_VALUE = re.compile(rb'(<input[^>]*name="token"[^>]*value=")[^"]*(")')


def scan_address():
    # 198.18.0.0/15 is set aside for benchmarking (RFC 2544): no real client has it.
    return f"198.{random.randint(18, 19)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


class FreshTokens:
    def request(self, flow):
        req = flow.request
        if SESSION_FILE and req.path.startswith("/admin") and os.path.exists(SESSION_FILE):
            with open(SESSION_FILE) as f:
                for pair in f.read().strip().split(";"):
                    name, _, value = pair.strip().partition("=")
                    if name:
                        req.cookies[name] = value
        purpose = congscan.purpose_of(req.path.split("?", 1)[0])
        if req.method != "POST" or purpose is None:
            return
        if req.urlencoded_form.get("token") != PLACEHOLDER:
            return
        try:
            cookie, token = congscan.fresh(BASE, purpose)
        except Exception as e:  # a failed fetch leaves the request as the scanner made it
            print(f"fresh_tokens: {e}", file=sys.stderr)
            return
        form = req.urlencoded_form
        form["token"] = token
        req.cookies[congscan.READER_COOKIE] = cookie
        if purpose == "login":
            req.headers["X-Forwarded-For"] = scan_address()

    def response(self, flow):
        resp = flow.response
        if resp is None or "text/html" not in resp.headers.get("content-type", ""):
            return
        body = resp.get_content(strict=False)
        if body and b'name="token"' in body:
            resp.set_content(_TOKEN_VALUE.sub(rb"\1" + PLACEHOLDER.encode() + rb"\2", body))


addons = [FreshTokens()]

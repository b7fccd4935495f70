"""Helpers for security/scan.sh, shared by sqlmap (--eval), the mitmproxy add-on and the script.

Every reader form of the portal carries a single-use token bound to the reader cookie, and a
reader may vote once per poll. A scanner that replays the token it saw while crawling only ever
reaches the "replayed form" refusal, so the payloads never get to the code behind the form. These
helpers hand each attack request a fresh reader and a fresh token, as a real attacker would.

Standard library only: it runs inside sqlmap's and mitmproxy's interpreters.
"""

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import struct
import sys
import time
import urllib.request

# Purposes /api/form-token knows; the log-in form's token only comes with the log-in page.
READER_PURPOSES = ("rating", "comment", "vote")
READER_COOKIE = "cong_r"

_TOKEN_INPUT = re.compile(r'<input[^>]*name="token"[^>]*value="([^"]*)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _reader_cookie(headers):
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        if name.strip() == READER_COOKIE:
            return rest.split(";", 1)[0]
    return None


def fresh(base, purpose, reader=None):
    """(reader cookie value, token) for a new form of `purpose`.

    Without `reader` the server makes a new reader, so rules that allow one action per reader
    (one vote per poll) never stand between the scanner and the code it is testing.
    """
    base = base.rstrip("/")
    url = f"{base}/admin/login" if purpose == "login" else f"{base}/api/form-token?for={purpose}"
    req = urllib.request.Request(url, headers={"User-Agent": "cong-security-scan"})
    if reader:
        req.add_header("Cookie", f"{READER_COOKIE}={reader}")
    with _opener.open(req, timeout=30) as resp:
        body = resp.read().decode("utf-8", "replace")
        cookie = _reader_cookie(resp.headers) or reader
    if purpose == "login":
        m = _TOKEN_INPUT.search(body)
        token = html.unescape(m.group(1)) if m else ""
    else:
        token = json.loads(body).get("token", "")
    if not cookie or not token:
        raise RuntimeError(f"no fresh {purpose} token from {url}")
    return cookie, token


def unique(value, placeholder):
    """`placeholder` made unique for this request; any other value (a payload) as it is."""
    if value != placeholder:
        return value
    return f"{placeholder}-{secrets.token_hex(4)}"


def purpose_of(path):
    """The form purpose of a POST path, or None for paths whose token is not single-use."""
    if path.startswith("/danh-gia/"):
        return "rating"
    if path.startswith("/binh-luan/"):
        return "comment"
    if path.startswith("/tham-do/"):
        return "vote"
    if path.rstrip("/") == "/admin/login":
        return "login"
    return None


def totp(secret, at=None):
    """RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


if __name__ == "__main__":
    # Command-line use from scan.sh: `congscan.py totp SECRET`, `congscan.py fresh BASE PURPOSE`.
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "totp":
        print(totp(sys.argv[2]))
    elif cmd == "fresh":
        cookie, token = fresh(sys.argv[2], sys.argv[3])
        print(cookie, token)
    else:
        sys.exit("usage: congscan.py totp SECRET | fresh BASE PURPOSE")

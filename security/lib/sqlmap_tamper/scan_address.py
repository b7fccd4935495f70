"""sqlmap tamper script: each request comes from its own made-up client address.

Used on the log-in forms only. The scan's config trusts 127.0.0.1 as a proxy, so the portal
believes X-Forwarded-For; without this the per-address lock (30 failures in 15 minutes) would
stop sqlmap after 30 requests and the rest of the run would test only the "locked" page.
"""

import random

from lib.core.enums import PRIORITY

__priority__ = PRIORITY.NORMAL


def dependencies():
    pass


def tamper(payload, **kwargs):
    # 198.18.0.0/15 is set aside for benchmarking (RFC 2544): no real client has it.
    headers = kwargs.get("headers", {})
    headers["X-Forwarded-For"] = "198.%d.%d.%d" % (
        random.randint(18, 19),
        random.randint(0, 255),
        random.randint(1, 254),
    )
    return payload

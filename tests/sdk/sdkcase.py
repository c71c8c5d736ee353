"""A vector case read the way a web framework hands a request to an SDK: shared by
crosscheck.py and the per-family SDK modules (sdk_*.py)."""

from __future__ import annotations

import base64


def body_bytes(case: dict) -> bytes:
    """The raw body."""
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    return case["body"].encode("utf-8")


def header(case: dict, name: str) -> str | None:
    """The first value of a header, as frameworks' `headers.get` returns it."""
    for key, value in case["headers"]:
        if key.lower() == name.lower():
            return value
    return None

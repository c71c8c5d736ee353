#!/usr/bin/env python3
"""Every case of tests/vectors/ through the *installed* hooksig: accepted cases must verify with
the expected scheme, rejected ones must fail with the expected code. Run by the install checks
(scripts/dist/install_check.sh, sdist_check.sh) from a folder outside the checkout, so
`import hooksig` finds only the installed package. Standard library and hooksig only."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import hooksig

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"


def main() -> int:
    if not hooksig.__file__ or sys.prefix not in hooksig.__file__:
        print(f"vector smoke: hooksig comes from {hooksig.__file__}, not from {sys.prefix}", file=sys.stderr)
        return 1
    failures, total, accepted = [], 0, 0
    for path in sorted(VECTORS.glob("*.json")):
        data = json.loads(path.read_text())
        for case in data["cases"]:
            total += 1
            body = base64.b64decode(case["body_base64"]) if "body_base64" in case else case["body"].encode()
            expect = case["expect"]
            # The option only where a case sets it (issue 12's `allow_unsigned_body=True`).
            extra = {"allow_unsigned_body": True} if case.get("allow_unsigned_body") else {}
            try:
                verified = hooksig.verify(
                    data["provider"], case["secrets"], method=case["method"], url=case.get("url"),
                    headers=case["headers"], body=body, now=case["now"], tolerance=case.get("tolerance"), **extra,
                )
            except ValueError as error:
                got = f"rejected {getattr(error, 'code', type(error).__name__)}"
            except TypeError as error:
                got = f"raised TypeError: {error}"
            else:
                got = f"accepted {verified.scheme}"
                accepted += 1
            wanted = f"accepted {expect['scheme']}" if expect["ok"] else f"rejected {expect['code']}"
            if got != wanted:
                failures.append(f"{case['id']}: {got}, expected {wanted}")
    for failure in failures:
        print("vector smoke FAILED:", failure, file=sys.stderr)
    print(f"vector smoke (Python {sys.version.split()[0]}, hooksig {hooksig.__version__} from {Path(hooksig.__file__).parent}): "
          f"{total} cases, {accepted} accepted, {total - accepted} rejected, {len(failures)} wrong")
    return 1 if failures or total < 100 else 0


if __name__ == "__main__":
    sys.exit(main())

"""Every case of tests/vectors/ through the Python package: the same outcomes as the Rust
core and the official SDKs."""

from __future__ import annotations

from typing import Any

import pytest

import hooksig
from conftest import case_body, load_cases

CASES = load_cases()
MISUSE = {"invalid_secret", "unknown_provider", "invalid_argument", "raw_body_unavailable"}


def check(case: dict[str, Any], call: Any) -> None:
    expect = case["expect"]
    if expect["ok"]:
        verified = call()
        assert verified.provider == case["provider"]
        assert verified.scheme == expect["scheme"]
        assert verified.header == expect["header"]
        assert verified.secret_index == expect["secret_index"]
        covers = verified.covers
        assert (covers.body, covers.url, covers.timestamp) == (
            expect["covers"]["body"],
            expect["covers"]["url"],
            expect["covers"]["timestamp"],
        )
        # Retell signs its timestamp; Ranked sends one unsigned, still checked and reported.
        if case["provider"] in ("retell", "ranked"):
            assert isinstance(verified.timestamp, float)
        else:
            assert verified.timestamp is None
        return
    code = expect["code"]
    expected_class = hooksig.ConfigurationError if code in MISUSE else hooksig.WebhookVerificationError
    with pytest.raises(expected_class) as caught:
        call()
    assert caught.value.code == code
    assert caught.value.status == (500 if code in MISUSE else 413 if code == "body_too_large" else 401)
    assert isinstance(caught.value, hooksig.HooksigError) and isinstance(caught.value, ValueError)
    for secret in case["secrets"]:
        if len(secret) >= 4:
            assert secret not in str(caught.value), "a message shows a secret"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_verify(case: dict[str, Any]) -> None:
    check(
        case,
        lambda: hooksig.verify(
            case["provider"],
            case["secrets"],
            method=case["method"],
            url=case.get("url"),
            headers=case["headers"],
            body=case_body(case),
            now=case["now"],
            tolerance=case.get("tolerance"),
            allow_unsigned_body=case.get("allow_unsigned_body", False),
        ),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_verifier_with_other_input_types(case: dict[str, Any]) -> None:
    """The same case through `Verifier`, headers as a dict of lists and the body as a
    memoryview, secrets as bytes: conversions must not change any decision."""

    def call() -> hooksig.Verified:
        verifier = hooksig.Verifier(
            case["provider"],
            [s.encode() for s in case["secrets"]],
            tolerance=case.get("tolerance"),
            allow_unsigned_body=case.get("allow_unsigned_body", False),
        )
        assert verifier.allows_unsigned_body is case.get("allow_unsigned_body", False)
        headers: dict[str, list[str]] = {}
        for name, value in case["headers"]:
            headers.setdefault(name, []).append(value)
        return verifier.verify(
            method=case["method"],
            url=case.get("url"),
            headers=headers,
            body=memoryview(case_body(case)),
            now=case["now"],
        )

    check(case, call)


def test_corpus_is_complete() -> None:
    assert {c["provider"] for c in CASES} == set(hooksig.PROVIDERS)
    assert len(CASES) >= 170

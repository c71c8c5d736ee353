"""Every case of tests/vectors/ (every provider's file) through the Python package: the same
outcomes as the Rust core and the official SDKs; and the same again with each provider given
as a user-defined spec, the one `describe` returns for it."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

import hooksig
from conftest import case_body, load_cases, vector_files

CASES = load_cases()


@functools.cache
def spec(provider: str) -> dict[str, Any]:
    return hooksig.describe(provider)


def signs_a_timestamp(provider: str, scheme: str) -> bool:
    """Whether the scheme reads a timestamp (signed or not), so a result reports one."""
    [found] = [s for s in spec(provider)["schemes"] if s["id"] == scheme]
    return "timestamp" in found


def error_class(code: str) -> type[hooksig.HooksigError]:
    cls = getattr(hooksig, "".join(word.capitalize() for word in code.split("_")) + "Error")
    assert isinstance(cls, type) and issubclass(cls, hooksig.HooksigError)
    return cls


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
        # A scheme with a timestamp reports it (Ranked's unsigned one too); others none.
        if signs_a_timestamp(case["provider"], verified.scheme):
            assert isinstance(verified.timestamp, float)
        else:
            assert verified.timestamp is None
        return
    code = expect["code"]
    with pytest.raises(error_class(code)) as caught:
        call()
    error = caught.value
    assert error.code == code
    misuse = isinstance(error, hooksig.ConfigurationError)
    assert misuse != isinstance(error, hooksig.WebhookVerificationError)
    assert error.status == (500 if misuse else 413 if code == "body_too_large" else 401)
    assert isinstance(error, hooksig.HooksigError) and isinstance(error, ValueError)
    for secret in case["secrets"]:
        if len(secret) >= 4:
            assert secret not in str(error), "a message shows a secret"


def verify_case(case: dict[str, Any], provider: Any) -> hooksig.Verified:
    return hooksig.verify(
        provider,
        case["secrets"],
        method=case["method"],
        url=case.get("url"),
        headers=case["headers"],
        body=case_body(case),
        now=case["now"],
        tolerance=case.get("tolerance"),
        allow_unsigned_body=case.get("allow_unsigned_body", False),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_verify(case: dict[str, Any]) -> None:
    check(case, lambda: verify_case(case, case["provider"]))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_described_spec_gives_the_same_outcome(case: dict[str, Any]) -> None:
    """The provider handed back as a user-defined spec (its `describe`) decides every case as
    the built-in does: same ok/code, scheme, header, secret index and coverage."""
    custom = spec(case["provider"])
    check(case, lambda: verify_case(case, custom))

    def through_a_verifier() -> hooksig.Verified:
        # Its JSON text this time; a configuration error raises here, as in the one-shot call.
        verifier = hooksig.Verifier(json.dumps(custom), case["secrets"], tolerance=case.get("tolerance"),
                                    allow_unsigned_body=case.get("allow_unsigned_body", False))
        assert verifier.provider == case["provider"]
        return verifier.verify(
            method=case["method"], url=case.get("url"), headers=case["headers"], body=case_body(case), now=case["now"]
        )

    check(case, through_a_verifier)


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
    """One file per provider, every provider has a file, each file has cases, and every
    rejection code a request can earn from a provider's rules is exercised somewhere."""
    files = {path.stem for path in vector_files()}
    assert files == set(hooksig.PROVIDERS)
    by_provider: dict[str, int] = {}
    for case in CASES:
        assert case["id"].split("/")[0] == case["provider"]
        by_provider[case["provider"]] = by_provider.get(case["provider"], 0) + 1
    assert set(by_provider) == set(hooksig.PROVIDERS)
    assert all(count >= 5 for count in by_provider.values()), by_provider
    assert len(CASES) >= 1000

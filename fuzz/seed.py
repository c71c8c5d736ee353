"""Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from tests/vectors/, in the
targets' input format: fields cut at NUL bytes, headers as `Name:value`. Standard library, and
the registry as `cargo run --example registry` prints it (which target runs which provider:
its canonicaliser, else its first scheme's signature format; the specs for `custom_spec`).

    python3 fuzz/seed.py
"""

import hashlib
import json
import subprocess
from base64 import b64decode
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"

# Forwarding-header shapes for the URL policy: base, scheme, host, target, headers.
PUBLIC_URL_SEEDS = [
    ["https://example.com", "http", "10.0.0.5:8000", "/hooks/twilio?id=1",
     "X-Forwarded-Proto:https", "X-Forwarded-Host:example.com"],
    ["https://example.com/prefix", "https", "[::1]:8443", "/a%20b?x=%FF",
     "Forwarded:for=1.2.3.4;proto=https;host=example.org, for=5.6.7.8;proto=http"],
    ["http://h:1", "HTTP", "example.com:443", "/", "X-Forwarded-Port:8443",
     "X-Forwarded-Proto:https,http"],
]


def write(target: str, content: bytes) -> None:
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(content).hexdigest()).write_bytes(content)


def registry() -> dict[str, dict]:
    """Every built-in provider's spec (as `describe` gives it), by id."""
    printed = subprocess.run(
        ["cargo", "run", "--quiet", "--locked", "-p", "hooksig", "--example", "registry"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {spec["id"]: spec for spec in json.loads(printed)["providers"]}


def target_of(spec: dict) -> str:
    """The fuzz target that runs this provider: what `registry_where` selects in each."""
    if spec.get("canonicaliser"):
        return f"canon_{spec['canonicaliser']}"
    return f"engine_{spec['schemes'][0]['signature']['format']['kind']}"


def main() -> None:
    specs = registry()
    count = 0
    for path in sorted((ROOT / "tests" / "vectors").glob("*.json")):
        vectors = json.loads(path.read_text())
        provider = vectors["provider"]
        spec = specs[provider]
        spec_json = json.dumps(spec, separators=(",", ":")).encode()
        for case in vectors["cases"]:
            body = (b64decode(case["body_base64"]) if "body_base64" in case
                    else case.get("body", "").encode())
            url = case.get("url", "").encode()
            headers = [f"{name}:{value}".encode() for name, value in case["headers"]]
            write(target_of(spec), b"\0".join([provider.encode(), url, body, *headers]))
            write("custom_spec", b"\0".join([spec_json, url, body, *headers]))
            if url:
                write("url", url)
            if any(name.lower() == "content-type" and "form" in value
                   for name, value in case["headers"]):
                write("form", body)
            count += 1
    for seed in PUBLIC_URL_SEEDS:
        write("public_url", "\0".join(seed).encode())
    print(f"seeded fuzz/corpus/ from {count} vectors of {len(specs)} providers")


if __name__ == "__main__":
    main()

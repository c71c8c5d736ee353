"""The end-to-end benchmark's FastAPI app: one 1 KB Retell webhook endpoint per verifier.

/hooksig uses the hooksig.fastapi dependency; /verifier a hooksig.Verifier called in the
handler, as /sdk calls retell-sdk's verify and /stdlib the hand-written recipe.
Each answers 200 {"ok": true}, or 401. Secret from E2E_SECRET.
"""

import hashlib
import hmac
import os
import time

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from retell.lib.webhook_auth import verify as retell_verify

import hooksig
import hooksig.fastapi

SECRET = os.environ["E2E_SECRET"]
app = FastAPI()
OK = {"ok": True}


@app.post("/hooksig")
async def with_hooksig(
    verified: hooksig.Verified = Depends(hooksig.fastapi.webhook("retell", secret=SECRET)),
) -> dict[str, bool]:
    return OK


VERIFIER = hooksig.Verifier("retell", SECRET)


@app.post("/verifier")
async def with_verifier(request: Request) -> object:
    try:
        VERIFIER.verify(headers=request.headers, body=await request.body())
    except hooksig.WebhookVerificationError as error:
        return JSONResponse({"error": error.code}, status_code=401)
    return OK


@app.post("/sdk")
async def with_sdk(request: Request) -> object:
    body = await request.body()
    if not retell_verify(body.decode(), SECRET, request.headers.get("x-retell-signature", "")):
        return JSONResponse({"error": "signature_mismatch"}, status_code=401)
    return OK


@app.post("/stdlib")
async def with_stdlib(request: Request) -> object:
    body = await request.body()
    try:
        parts = dict(p.split("=", 1) for p in request.headers["x-retell-signature"].split(","))
        fresh = abs(time.time() * 1000 - int(parts["v"])) <= 300_000
        digest = hmac.new(SECRET.encode(), body + parts["v"].encode(), hashlib.sha256).hexdigest()
        genuine = fresh and hmac.compare_digest(digest, parts["d"])
    except (KeyError, ValueError):
        genuine = False
    if not genuine:
        return JSONResponse({"error": "signature_mismatch"}, status_code=401)
    return OK

"""Reference server for bench/axon.py, run in a venv with bittensor >= 11, fastapi and uvicorn.

A bare FastAPI app that verifies btauth/1 with the real ``bittensor.http_auth`` and echoes.
usage: python _axon_bare.py PORT HOTKEY_URI   (prints "ready" once listening)
"""

import asyncio
import json
import sys

import bittensor as bt
import uvicorn
from bittensor.sp_core import Keypair
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

port, uri = int(sys.argv[1]), sys.argv[2]
me = Keypair.create_from_uri(uri).ss58_address
nonces = bt.http_auth.InMemoryNonceStore()
app = FastAPI()


@app.post("/Echo")
async def echo(request: Request) -> Response:
    body = await request.body()
    try:
        bt.http_auth.verify(dict(request.headers), body, method="POST", path="/Echo", self_hotkey_ss58=me,
                            nonce_store=nonces)
    except bt.http_auth.AuthError as err:
        return Response(str(err), status_code=401)
    data = json.loads(body)
    data["echoed"] = data.get("text")
    return JSONResponse(data)


async def main() -> None:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", access_log=False))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    print("ready", flush=True)
    await task


asyncio.run(main())

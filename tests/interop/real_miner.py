"""Run inside a venv with the real bittensor (>= 11): a bare miner that verifies with bt.http_auth.

usage: python real_miner.py PORT MINER_URI
Answers POST /Echo with {"text": ..., "echoed": TEXT.upper()} after verifying the request;
prints "ready" once listening.
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

import bittensor as bt
from bittensor.sp_core import Keypair

port, uri = int(sys.argv[1]), sys.argv[2]
me = Keypair.create_from_uri(uri).ss58_address


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_POST(self):  # noqa: N802 - the stdlib's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            caller = bt.http_auth.verify(dict(self.headers), body, method="POST", path=self.path, self_hotkey_ss58=me)
        except bt.http_auth.AuthError as err:
            self.send_response(401)
            self.end_headers()
            self.wfile.write(str(err).encode())
            return
        data = json.loads(body)
        data["echoed"] = data["text"].upper() + " / caller " + caller.hotkey_ss58
        out = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


server = HTTPServer(("127.0.0.1", port), Handler)
print("ready", flush=True)
server.serve_forever()

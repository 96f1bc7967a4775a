"""Run inside a venv with the real bittensor (>= 11): act as a v11 validator calling one axon.

usage: python real_validator.py URL MINER_HOTKEY_SS58 VALIDATOR_URI
Prints the HTTP status and the response body.
"""

import json
import sys
import urllib.error
import urllib.request

import bittensor as bt
from bittensor.sp_core import Keypair

url, miner, uri = sys.argv[1:4]
keypair = Keypair.create_from_uri(uri)
body = json.dumps({"text": "from a real v11 validator"}).encode()
path = "/" + url.rsplit("/", 1)[1]
headers = bt.http_auth.sign(keypair, method="POST", path=path, body=body, receiver_ss58=miner)
req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", **headers})
try:
    with urllib.request.urlopen(req, timeout=10) as resp:
        print(resp.status)
        print(resp.read().decode())
except urllib.error.HTTPError as err:
    print(err.code)
    print(err.read().decode())

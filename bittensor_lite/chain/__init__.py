"""The local chain: a one-process Substrate-compatible node running the subnet runtime.

Start it with ``bittensor-lite chain start`` (or :func:`start_local_chain` from Python), then
reach it with ``bl.connect("local")``, ``bl.connect("ws://127.0.0.1:9944")``, substrate-interface
or the real bittensor SDK. See ``node`` (blocks, pool), ``rpc`` (JSON-RPC), ``metadata``
(runtime metadata V14), ``codec`` (SCALE, signatures), ``storage`` and ``store`` (SQLite).
"""

from __future__ import annotations

from bittensor_lite.chain.process import LocalChain, chain_answers, start_local_chain

__all__ = ["LocalChain", "chain_answers", "start_local_chain"]

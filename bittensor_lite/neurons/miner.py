"""A miner: an axon that answers a synapse with your ``forward`` and says where it lives on chain."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bittensor_lite.axon import Axon, synapse_type_of
from bittensor_lite.neurons.metrics import NeuronMetrics


class Miner:
    """Serve ``forward`` on subnet ``netuid`` as ``wallet``'s hotkey (which must be registered)."""

    def __init__(self, wallet: Any, subtensor: Any, netuid: int, forward: Callable[[Any], Any], *,
                 ip: str = "127.0.0.1", port: int = 8091, inprocess: bool = True, metrics_port: int | None = None):
        self.wallet, self.subtensor, self.netuid = wallet, subtensor, netuid
        self.inprocess = inprocess
        self.metrics = NeuronMetrics("miner", wallet.hotkey.ss58_address)
        self.metrics_port = metrics_port
        self._forward = forward
        self.axon = Axon(wallet, port=port, ip=ip, metagraph=subtensor.metagraph(netuid, lite=True))
        self.axon.attach(self._instrumented(forward), synapse=synapse_type_of(forward))

    def _instrumented(self, forward: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``forward`` wrapped to count requests and time them for Prometheus."""

        def wrapped(synapse: Any) -> Any:
            started = time.perf_counter()
            try:
                out = forward(synapse)
                self.metrics.requests.labels(status="ok").inc()
                return out
            except Exception:
                self.metrics.requests.labels(status="error").inc()
                raise
            finally:
                self.metrics.latency.observe(time.perf_counter() - started)

        return wrapped

    @property
    def uid(self) -> int | None:
        """This miner's UID on the subnet (None if not registered)."""
        return self.subtensor.get_uid_for_hotkey_on_subnet(self.wallet.hotkey.ss58_address, self.netuid)

    def start(self) -> Miner:
        """Start the axon and publish its address on chain (``serve_axon``)."""
        if self.uid is None:
            from bittensor_lite.errors import BittensorLiteError

            raise BittensorLiteError("register this hotkey on the subnet first (burned_register)")
        self.axon.start(inprocess=self.inprocess)
        self.axon.serve(self.netuid, self.subtensor)
        if self.metrics_port is not None:
            self.metrics.serve(self.metrics_port)
        return self

    def stop(self) -> None:
        """Stop answering."""
        self.axon.stop()
        self.metrics.stop()

    def refresh(self) -> None:
        """Re-read the metagraph (who may call us) and publish our incentive and emission as metrics."""
        mg = self.subtensor.metagraph(self.netuid, lite=True)
        self.axon.metagraph = mg
        uid = self.uid
        if uid is not None:
            self.metrics.incentive.set(float(mg.I[uid]))
            self.metrics.emission.set(float(mg.E[uid]))

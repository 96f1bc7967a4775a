"""Prometheus metrics for a neuron: the numbers an operator graphs (the "god's-eye" view)."""

from __future__ import annotations

from typing import Any


class NeuronMetrics:
    """A neuron's own registry of counters and gauges; ``serve(port)`` exposes them over HTTP."""

    def __init__(self, role: str, hotkey: str):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        labels = {"role": role, "hotkey": hotkey[:12]}
        self.requests = Counter("bittensor_lite_requests", "Requests answered (miner) or sent (validator)",
                                ["status"], registry=self.registry)
        self.latency = Histogram("bittensor_lite_latency_seconds", "Time per request",
                                 buckets=(0.001, 0.005, 0.02, 0.1, 0.5, 2, 12), registry=self.registry)
        self.score = Gauge("bittensor_lite_score", "Moving-average score a validator gives each miner", ["uid"],
                           registry=self.registry)
        self.incentive = Gauge("bittensor_lite_incentive", "This neuron's incentive on chain", registry=self.registry)
        self.emission = Gauge("bittensor_lite_emission_tao", "This neuron's emission last epoch (TAO)",
                              registry=self.registry)
        self.info = Gauge("bittensor_lite_neuron_info", "Static labels of this neuron", list(labels), registry=self.registry)
        self.info.labels(**labels).set(1)
        self._server: Any = None

    def serve(self, port: int, addr: str = "127.0.0.1") -> None:
        """Expose ``/metrics`` for Prometheus to scrape."""
        from prometheus_client import start_http_server

        self._server, _thread = start_http_server(port, addr=addr, registry=self.registry)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def text(self) -> str:
        """The metrics in Prometheus' text format (what ``/metrics`` returns)."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry).decode()

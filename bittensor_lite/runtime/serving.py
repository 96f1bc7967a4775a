"""``serve_axon`` / ``serve_prometheus``: announce where a neuron answers and where it reports metrics."""

from __future__ import annotations

import ipaddress
from typing import Any

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.registration import subnet
from bittensor_lite.runtime.state import ChainState


def check_ip(state: ChainState, ip: int, ip_type: int) -> None:
    """The chain's address checks: type 4 or 6, in range, not 0 (and not loopback on mainnet)."""
    if ip_type not in (4, 6):
        raise fail("InvalidIpType", f"ip_type {ip_type} is neither 4 nor 6")
    limit = 2**32 if ip_type == 4 else 2**128
    if not isinstance(ip, int) or not 0 < ip < limit - 1:
        raise fail("InvalidIpAddress", f"{ip!r} is not an IPv{ip_type} address")
    addr = ipaddress.ip_address(ip) if ip_type == 4 else ipaddress.IPv6Address(ip)
    if addr.is_loopback and not state.allow_local_ips:
        raise fail("InvalidIpAddress", "loopback addresses are refused on this chain")


def _serve(state: ChainState, hotkey: str, netuid: int, kind: str, info: dict[str, int]) -> None:
    net = subnet(state, netuid)
    if net.uid_of(hotkey) is None:
        raise fail("HotKeyNotRegisteredInNetwork", f"{hotkey} has no uid on subnet {netuid}")
    check_ip(state, info["ip"], info["ip_type"])
    if not isinstance(info["port"], int) or not 0 < info["port"] < 65536:
        raise fail("InvalidPort", f"port {info['port']!r} is not in 1..65535")
    table = net.axons if kind == "axon" else net.prometheus
    prev = table.get(hotkey)
    if prev is not None and state.block - prev["block"] < net.hyper.serving_rate_limit:
        raise fail("ServingRateLimitExceeded", f"served at block {prev['block']}; wait {net.hyper.serving_rate_limit} blocks")
    table[hotkey] = {"block": state.block, **info}
    emit(state, "SubtensorModule", "AxonServed" if kind == "axon" else "PrometheusServed", netuid, hotkey)


def axon_endpoint(hotkey: str, coldkey: str, info: dict[str, int] | None) -> dict[str, Any]:
    """A neuron's axon as the SDK shows it: hotkey and coldkey, plus ip (as text), port, … once served."""
    base: dict[str, Any] = {"hotkey": hotkey, "coldkey": coldkey}
    if not info:
        return base
    ip = ipaddress.ip_address(info["ip"]) if info["ip_type"] == 4 else ipaddress.IPv6Address(info["ip"])
    return {**base, "ip": str(ip), "port": info["port"], "ip_type": info["ip_type"],
            "protocol": info["protocol"], "version": info["version"]}


def serve_axon(
    state: ChainState, hotkey: str, netuid: int, version: int, ip: int, port: int, ip_type: int,
    protocol: int, placeholder1: int = 0, placeholder2: int = 0,
) -> None:
    """``serve_axon``: put this neuron's axon address (ip, port, protocol) on chain."""
    info = {"version": version, "ip": ip, "port": port, "ip_type": ip_type, "protocol": protocol,
            "placeholder1": placeholder1, "placeholder2": placeholder2}
    _serve(state, hotkey, netuid, "axon", info)


def serve_prometheus(state: ChainState, hotkey: str, netuid: int, version: int, ip: int, port: int, ip_type: int) -> None:
    """``serve_prometheus``: put this neuron's metrics endpoint on chain."""
    _serve(state, hotkey, netuid, "prometheus", {"version": version, "ip": ip, "port": port, "ip_type": ip_type})

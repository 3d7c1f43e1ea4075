"""Sandbox latency: p50 and p99 of a mixed read/write Connect API workload on loopback.

The baseline is a bare Starlette endpoint on the same server, measured in the same run with the same
client, so the ratio says what the sandbox itself costs. Goal: sandbox p50 <= 5 ms on 2 cores.

    python benchmarks/sandbox_latency.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._servers import child_server
from connect_cert.sandbox.identity import partner_token

Call = Callable[[httpx.Client], httpx.Response]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99


def _measure(client: httpx.Client, calls: list[Call], n: int) -> list[float]:
    samples = []
    for call in itertools.islice(itertools.cycle(calls), n):
        start = time.perf_counter()
        response = call(client)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code >= 500:
            raise SystemExit(f"server error {response.status_code}: {response.text[:200]}")
    return samples


def _sandbox_workload(client: httpx.Client) -> list[Call]:
    """About a third writes: create users, update billing details; the rest reads."""
    user = client.post("/api/v1/users/", json={"email": "bench@example.com"}).json()
    uid = user["id"]
    billing = {
        "line1": "Invalidenstr. 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "first_name": "Bea",
        "last_name": "Bench",
    }
    return [
        lambda c: c.get(f"/api/v1/users/{uid}/"),
        lambda c: c.post("/api/v1/users/", json={"locale": "de"}),
        lambda c: c.get("/api/v1/users/", params={"page_size": 10}),
        lambda c: c.put(f"/api/v1/users/{uid}/billing-details/", json=billing),
        lambda c: c.get(f"/api/v1/users/{uid}/payment-methods/"),
        lambda c: c.get(f"/api/v1/users/{uid}/charging-sessions/"),
        lambda c: c.patch(f"/api/v1/users/{uid}/", json={"locale": "en"}),
        lambda c: c.get("/api/v1/stations/around/", params={"latitude": 52.52, "longitude": 13.405, "distance": 5000}),
        lambda c: c.get(f"/api/v1/users/{uid}/invoices/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    warmup = max(50, args.requests // 10)
    root = Path(__file__).resolve().parents[1]

    with (
        child_server(["-m", "sandbox", "--port", "0"]) as url,
        httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {partner_token('partner_a')}"}, timeout=10
        ) as client,
    ):
        calls = _sandbox_workload(client)
        _measure(client, calls, warmup)
        sandbox = _measure(client, calls, args.requests)

    with (
        child_server([str(root / "benchmarks" / "bare_app.py")]) as url,
        httpx.Client(base_url=url, timeout=10) as client,
    ):
        bare_calls: list[Call] = [lambda c: c.get("/ping/")]
        _measure(client, bare_calls, warmup)
        bare = _measure(client, bare_calls, args.requests)

    s50, s99 = _percentiles(sandbox)
    b50, b99 = _percentiles(bare)
    print(f"requests per side: {args.requests} (after {warmup} warm-up)")
    print(f"sandbox mixed read/write  p50 {s50:6.2f} ms   p99 {s99:6.2f} ms")
    print(f"bare framework endpoint   p50 {b50:6.2f} ms   p99 {b99:6.2f} ms")
    print(f"ratio sandbox/bare        p50 {s50 / b50:6.2f} x   p99 {s99 / b99:6.2f} x")
    print(f"goal p50 <= 5 ms: {'met' if s50 <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()

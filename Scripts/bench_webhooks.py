#!/usr/bin/env python3
"""Benchmark the official webhook libraries' verify calls on the 1 KiB-body vectors.

Takes each scheme's "valid, 1 KiB JSON body" vector (secret and body) from
Tests/WebhooksTests/Vectors/vectors.json, signs it again with the current time through the
library (so the tolerance check passes), then times one verification call:

  standardwebhooks  Webhook(secret).verify(body, headers, json_parse=False), and the default call
                    (json_parse=True, which also parses the body) as a second line
  svix              Webhook(secret).verify(body, headers)  (never parses the body)
  stripe            WebhookSignature.verify_header(payload, header, secret, 300)
  github baseline   the stdlib HMAC check from GitHub's docs (there is no official library)

The Webhook object is built once, as an application would; each timed call verifies one delivery.
Timing: time.perf_counter_ns, a warm-up, then several repetitions of many calls; the figure is the
median over repetitions of the mean µs per call. A library that is not installed is skipped with a
note on stderr.

Usage: python3 Scripts/bench_webhooks.py [--json] [--iterations N] [--repeats N] [--vectors PATH]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

DEFAULT_VECTORS = Path(__file__).resolve().parent.parent / "Tests/WebhooksTests/Vectors/vectors.json"
TOLERANCE = 300
PYTHON_VERSION = ".".join(map(str, sys.version_info[:3]))


def note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


def load_case(vectors: list[dict], scheme: str) -> tuple[str, bytes]:
    """The secret and body of the scheme's single-key 1 KiB vector."""
    name = f"{scheme}: valid, 1 KiB JSON body"
    vector = next(v for v in vectors if v["name"] == name)
    (secret,) = vector["secrets"]
    return secret, base64.b64decode(vector["bodyBase64"])


class Case:
    """One library call to time: `verify` raises if the delivery is rejected."""

    def __init__(self, library: str, package: str | None, call: str, verify: Callable[[], object]):
        self.library, self.call, self.verify = library, call, verify
        self.version = version(package) if package else PYTHON_VERSION


def standard_cases(secret: str, body: bytes, now: int) -> list[Case]:
    try:
        from standardwebhooks.webhooks import Webhook
    except ImportError:
        note("standardwebhooks is not installed: skipped")
        return []
    webhook = Webhook(secret)
    msg_id = "msg_bench"
    sig = webhook.sign(msg_id, datetime.fromtimestamp(now, tz=timezone.utc), body.decode("utf-8"))
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(now), "webhook-signature": sig}
    return [
        Case("standardwebhooks", "standardwebhooks", "Webhook(secret).verify(body, headers, json_parse=False)",
             lambda: webhook.verify(body, headers, json_parse=False)),
        Case("standardwebhooks (json_parse=True)", "standardwebhooks",
             "Webhook(secret).verify(body, headers)  [default: also parses the JSON body]",
             lambda: webhook.verify(body, headers)),
    ]


def svix_cases(secret: str, body: bytes, now: int) -> list[Case]:
    try:
        from svix.webhooks import Webhook
    except ImportError:
        note("svix is not installed: skipped")
        return []
    webhook = Webhook(secret)
    msg_id = "msg_bench"
    sig = webhook.sign(msg_id, datetime.fromtimestamp(now, tz=timezone.utc), body.decode("utf-8"))
    headers = {"svix-id": msg_id, "svix-timestamp": str(now), "svix-signature": sig}  # as Svix sends them
    return [Case("svix", "svix", "Webhook(secret).verify(body, headers)", lambda: webhook.verify(body, headers))]


def stripe_cases(secret: str, body: bytes, now: int) -> list[Case]:
    try:
        import stripe
    except ImportError:
        note("stripe is not installed: skipped")
        return []
    header = stripe.WebhookSignature.generate_signature_header(body.decode("utf-8"), secret, timestamp=now)
    return [Case("stripe", "stripe", "WebhookSignature.verify_header(payload, header, secret, 300)",
                 lambda: stripe.WebhookSignature.verify_header(body, header, secret, TOLERANCE))]


def github_cases(secret: str, body: bytes) -> list[Case]:
    header = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    def verify() -> None:  # GitHub's documented sample, without a web framework
        expected = "sha256=" + hmac.new(secret.encode("utf-8"), msg=body, digestmod=hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, header):
            raise ValueError("signatures didn't match")

    return [Case("github docs sample (stdlib hmac)", None, "hmac.new(...).hexdigest() + hmac.compare_digest", verify)]


def measure(verify: Callable[[], object], iterations: int, repeats: int, warmup: int) -> float:
    """Median over `repeats` of the mean µs per call over `iterations` calls."""
    for _ in range(warmup):
        verify()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for _ in range(iterations):
            verify()
        samples.append((time.perf_counter_ns() - start) / iterations / 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="write one JSON object to stdout")
    parser.add_argument("--iterations", type=int, default=20_000, help="calls per repetition (default 20000)")
    parser.add_argument("--repeats", type=int, default=7, help="timed repetitions (default 7)")
    parser.add_argument("--warmup", type=int, default=2_000, help="untimed calls first (default 2000)")
    parser.add_argument("--vectors", type=Path, default=DEFAULT_VECTORS, help="vectors.json to take bodies from")
    args = parser.parse_args()

    try:
        vectors = json.loads(args.vectors.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"Error: cannot read vectors: {error} (run Scripts/webhook_vectors.py first)", file=sys.stderr)
        return 1

    now = int(time.time())  # signed now, so every verify passes the 300 s window during the run
    cases = (standard_cases(*load_case(vectors, "standard"), now)
             + svix_cases(*load_case(vectors, "standard"), now)
             + stripe_cases(*load_case(vectors, "stripe"), now)
             + github_cases(*load_case(vectors, "github")))

    results = []
    for case in cases:
        case.verify()  # must accept, or we would time the rejection path
        us = measure(case.verify, args.iterations, args.repeats, args.warmup)
        results.append({"library": case.library, "version": case.version, "call": case.call,
                        "usPerVerify": round(us, 2)})
        if not args.json:
            print(f"{case.library:<36} {case.version:<8} {us:8.2f} µs/verify   {case.call}")

    if args.json:
        print(json.dumps({"python": PYTHON_VERSION, "bodyBytes": 1024, "iterations": args.iterations,
                          "repeats": args.repeats, "results": results}, indent=2))
    else:
        print(f"Python {PYTHON_VERSION}, 1 KiB body, median of {args.repeats} x {args.iterations} calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())

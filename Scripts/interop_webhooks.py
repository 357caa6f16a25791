#!/usr/bin/env python3
"""Signs live deliveries with the official libraries and checks that `workbook webhook verify`
accepts them (and rejects a tampered body). Needs: pip install -r Scripts/requirements-bench.txt.

Usage: python3 Scripts/interop_webhooks.py [path/to/workbook]   (default .build/debug/workbook)
"""
import datetime
import json
import subprocess
import sys
import time

try:
    import stripe
    import svix.webhooks
    from standardwebhooks import Webhook
except ImportError as missing:
    sys.exit(
        f"interop_webhooks.py needs the official libraries ({missing.name} is not installed): "
        "pip install -r Scripts/requirements-bench.txt"
    )

WORKBOOK = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/workbook"
BODY = json.dumps({"type": "invoice.paid", "data": {"amount": 4200, "note": "héllo, wörld"}})


def verify(scheme, secret, headers, body):
    args = [WORKBOOK, "webhook", "verify", "--scheme", scheme, "--secret", secret, "--body-file", "-"]
    for name, value in headers.items():
        args += ["--header", f"{name}: {value}"]
    return subprocess.run(args, input=body.encode(), capture_output=True, text=False)


def check(label, result, expect_ok):
    ok = (result.returncode == 0) == expect_ok
    out = (result.stdout or result.stderr).decode().strip()
    print(f"{'ok  ' if ok else 'FAIL'} {label}: exit {result.returncode}: {out}")
    return ok


def main():
    results = []
    now = datetime.datetime.now(tz=datetime.timezone.utc)
    ts = str(int(now.timestamp()))

    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    headers = {"webhook-id": "msg_interop_1", "webhook-timestamp": ts,
               "webhook-signature": Webhook(secret).sign("msg_interop_1", now, BODY)}
    results.append(check("standardwebhooks signs, workbook verifies", verify("standard", secret, headers, BODY), True))
    results.append(check("standardwebhooks, tampered body rejected", verify("standard", secret, headers, BODY + " "), False))

    sig = svix.webhooks.Webhook(secret).sign("msg_interop_2", now, BODY)
    headers = {"webhook-id": "msg_interop_2", "webhook-timestamp": ts, "webhook-signature": sig}
    results.append(check("svix signs, workbook verifies", verify("standard", secret, headers, BODY), True))

    stripe_secret = "whsec_interop_stripe_secret"
    t = int(time.time())
    v1 = stripe.WebhookSignature._compute_signature(f"{t}.{BODY}", stripe_secret)
    headers = {"Stripe-Signature": f"t={t},v1={v1}"}
    results.append(check("stripe signs, workbook verifies", verify("stripe", stripe_secret, headers, BODY), True))
    results.append(check("stripe, wrong secret rejected", verify("stripe", "whsec_other", headers, BODY), False))

    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generate webhook signature test vectors with the senders' official Python libraries.

Writes Tests/WebhooksTests/Vectors/vectors.json: a JSON array, one object per vector, with the
secrets as a dashboard shows them, the headers, the exact body (base64), the instant `now`, the
tolerance, what a correct verifier must answer (`expect`) and what the official library actually
answered (`verifiedBy`, crashes included).

Signatures come from the libraries themselves:
  standard  standardwebhooks `Webhook(secret).sign(...)` (svix wraps the same code)
  stripe    `stripe.WebhookSignature.generate_signature_header(...)`
  github    no official Python library: stdlib HMAC as GitHub's documentation shows
Where a library cannot sign a vector (both take the body as `str`, so a non-UTF-8 body cannot be
passed), the same construction is computed with the library's own HMAC helper or the stdlib, and
the vector's `source` says so. Every signature is also cross-checked against an independent stdlib
computation of the scheme.

Reproducible: fixed seed (random.Random(7)) and fixed timestamps. Library verdicts are taken with
the clock frozen at `now` (the libraries read the wall clock themselves).

Usage: python3 Scripts/webhook_vectors.py [--output PATH]
Requires: standardwebhooks, svix, stripe (see Scripts/requirements-bench.txt).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import random
import string
import sys
import types
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from unittest import mock

import standardwebhooks.webhooks as std_module
import stripe
import stripe._webhook as stripe_module  # the module whose `time` verify_header reads
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError as StandardError
from svix.webhooks import Webhook as SvixWebhook
from svix.webhooks import WebhookVerificationError as SvixError

NOW = 1_700_000_000
TOLERANCE = 300  # seconds; standardwebhooks hard-codes 5 minutes, Stripe's default is 300

STD_VERSION = f"standardwebhooks {version('standardwebhooks')}"
SVIX_VERSION = f"svix {version('svix')}"
STRIPE_VERSION = f"stripe {version('stripe')}"
PYTHON_VERSION = ".".join(map(str, sys.version_info[:3]))
GITHUB_SOURCE = f"stdlib hmac as in GitHub's docs (Python {PYTHON_VERSION})"

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "Tests/WebhooksTests/Vectors/vectors.json"

rng = random.Random(7)
ALNUM = string.ascii_letters + string.digits


def token(n: int) -> str:
    return "".join(rng.choice(ALNUM) for _ in range(n))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- Frozen clocks -------------------------------------------------------------------------------


class _FrozenDatetime(datetime):
    """`datetime` whose `now()` is the vector's `now`; standardwebhooks calls `datetime.now`."""

    frozen = NOW

    @classmethod
    def now(cls, tz=None):
        return datetime.fromtimestamp(cls.frozen, tz=tz)


def frozen_standard(now: int):
    _FrozenDatetime.frozen = now
    return mock.patch.object(std_module, "datetime", _FrozenDatetime)


def frozen_stripe(now: int):
    return mock.patch.object(stripe_module, "time", types.SimpleNamespace(time=lambda: float(now)))


# --- Library verdicts ----------------------------------------------------------------------------


def outcome(
    call: Callable[[], object], documented: tuple[type[BaseException], ...], why: Callable[[], str] = lambda: ""
) -> str:
    """'ok', 'raises T: msg' for the library's documented error, or 'raises T: msg (crash)'.

    `why`, asked after a crash, may add an explanation to the '(crash)' note.
    """
    try:
        call()
        return "ok"
    except documented as error:
        return f"raises {type_name(error)}: {error}"
    except Exception as error:  # anything else is a crash on untrusted input
        return f"raises {type_name(error)}: {error} (crash{why()})"


def type_name(error: BaseException) -> str:
    """The exception's exact type: 'ValueError', 'binascii.Error', 'stripe._error.SignatureVerificationError'."""
    cls = type(error)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def per_secret(secrets: list[str], check: Callable[[str], str]) -> str:
    if not secrets:
        return "not applicable (the library takes exactly one secret; nothing to call it with)"
    if len(secrets) == 1:
        return check(secrets[0])
    return "; ".join(f"secrets[{i}]: {check(s)}" for i, s in enumerate(secrets))


def standard_verdict(cls, errors, secrets, headers, body) -> str:
    def check(secret: str) -> str:
        why = ""

        def call():
            nonlocal why
            webhook = cls(secret)
            with frozen_standard(NOW):
                try:
                    webhook.verify(body, dict(headers))  # both libraries lower-case names themselves
                except json.JSONDecodeError:
                    # standardwebhooks parses the body as JSON by default once the signature matched.
                    why = ": signature matched, then the default json_parse=True failed on the non-JSON body"
                    raise

        return outcome(call, errors, lambda: why)

    return per_secret(secrets, check)


def header_value(headers: list[list[str]], name: str) -> str | None:
    # Frameworks hand these libraries one header by name, case-insensitively.
    return next((v for k, v in headers if k.lower() == name), None)


def stripe_verdict(secrets, headers, body) -> str:
    sig = header_value(headers, "stripe-signature")

    def check(secret: str) -> str:
        def call():
            with frozen_stripe(NOW):
                stripe.WebhookSignature.verify_header(body, sig, secret, TOLERANCE)

        return outcome(call, (stripe.SignatureVerificationError,))

    return per_secret(secrets, check)


class GitHubRejected(Exception):
    """Stands for the 403 that GitHub's sample raises."""


def github_docs_verify(payload_body: bytes, secret_token: str, signature_header: str | None) -> None:
    """GitHub's documented Python sample ("Validating webhook deliveries"), 403 as an exception."""
    if not signature_header:
        raise GitHubRejected("403 x-hub-signature-256 header is missing!")
    hash_object = hmac.new(secret_token.encode("utf-8"), msg=payload_body, digestmod=hashlib.sha256)
    expected_signature = "sha256=" + hash_object.hexdigest()
    if not hmac.compare_digest(expected_signature, signature_header):
        raise GitHubRejected("403 Request signatures didn't match!")


def github_verdict(secrets, headers, body) -> str:
    sig = header_value(headers, "x-hub-signature-256")
    return per_secret(
        secrets, lambda secret: outcome(lambda: github_docs_verify(body, secret, sig), (GitHubRejected,))
    )


def verified_by(scheme: str, secrets: list[str], headers: list[list[str]], body: bytes) -> str:
    if scheme == "standard":
        std = standard_verdict(StandardWebhook, (StandardError,), secrets, headers, body)
        svx = standard_verdict(SvixWebhook, (SvixError,), secrets, headers, body)
        svix_note = "same" if svx == std else svx
        return f"{STD_VERSION} Webhook.verify: {std} | {SVIX_VERSION} Webhook.verify: {svix_note}"
    if scheme == "stripe":
        return f"{STRIPE_VERSION} WebhookSignature.verify_header: {stripe_verdict(secrets, headers, body)}"
    return f"GitHub docs' verify_signature sample: {github_verdict(secrets, headers, body)}"


# --- Signing through the libraries ---------------------------------------------------------------


def standard_sign(secret: str, msg_id: str, ts: int, body: bytes) -> tuple[str, str]:
    """Returns ('v1,<base64>', source) from standardwebhooks."""
    webhook = StandardWebhook(secret)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        sig = webhook.sign(msg_id, datetime.fromtimestamp(ts, tz=timezone.utc), text)
        source = STD_VERSION
    else:  # sign() only takes str: use the library's own HMAC helper on the raw bytes
        sig = "v1," + b64(std_module.hmac_data(webhook._whsecret, f"{msg_id}.{ts}.".encode() + body))
        source = f"{STD_VERSION} hmac_data (sign() takes str, not bytes)"
    # Independent check of the scheme: HMAC-SHA256(base64decode(secret), "id.ts.body").
    key_text = secret.removeprefix("whsec_")
    key = base64.b64decode(key_text + "=" * (-len(key_text) % 4), validate=True)
    expected = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    assert sig == "v1," + b64(expected), "standardwebhooks disagrees with the stdlib"
    return sig, source


def stripe_sign(secret: str, ts: int, body: bytes) -> tuple[str, str]:
    """Returns (hex v1 signature, source) from stripe."""
    expected = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:  # generate_signature_header only takes str
        return expected, f"stdlib hmac ({STRIPE_VERSION} signs str payloads only)"
    header = stripe.WebhookSignature.generate_signature_header(text, secret, timestamp=ts)
    prefix = f"t={ts},v1="
    assert header.startswith(prefix) and header[len(prefix):] == expected, "stripe disagrees with stdlib"
    return expected, STRIPE_VERSION


def github_sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


# --- Fixed inputs --------------------------------------------------------------------------------


def standard_secret(key_bytes: int) -> str:
    return "whsec_" + b64(rng.randbytes(key_bytes))


def compact(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def kib_body() -> bytes:
    """A JSON object of exactly 1024 bytes."""
    obj = {"type": "invoice.paid", "id": "evt_" + token(24), "data": {"amount": 4200, "note": ""}}
    filler = 1024 - len(compact(obj))
    obj["data"]["note"] = "".join(rng.choice(string.ascii_lowercase + " ") for _ in range(filler))
    body = compact(obj)
    assert len(body) == 1024
    return body


SMALL = compact({"type": "ping", "id": "evt_" + token(16)})
KIB = kib_body()
BINARY = b"\xff\xfe\x00" + rng.randbytes(61)  # 0xff never occurs in UTF-8
EMPTY = b""
UNICODE = compact({"type": "customer.updated", "name": "Zoë Ünal", "city": "東京", "emoji": "🚀✓"})

def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


assert not _is_utf8(BINARY) and _is_utf8(UNICODE)
RESERIALISED = json.dumps(json.loads(KIB), separators=(", ", ": "), ensure_ascii=False).encode()
BODIES = [("small JSON body", SMALL), ("1 KiB JSON body", KIB), ("non-UTF-8 binary body", BINARY),
          ("empty body", EMPTY), ("body with unicode", UNICODE)]

vectors: list[dict] = []


def add(name, scheme, secrets, headers, body, expect, source):
    vectors.append({
        "name": f"{scheme}: {name}",
        "source": source,
        "scheme": scheme,
        "secrets": secrets,
        "headers": headers,
        "bodyBase64": b64(body),
        "now": NOW,
        "tolerance": TOLERANCE,
        "expect": expect,
        "verifiedBy": verified_by(scheme, secrets, headers, body),
    })


# --- Standard Webhooks ---------------------------------------------------------------------------


def standard_vectors() -> None:
    secret = standard_secret(24)  # the size Svix's dashboard issues
    other = standard_secret(24)
    msg_id = "msg_" + token(27)

    def headers(sig: str, ts: str | int = NOW, names=("webhook-id", "webhook-timestamp", "webhook-signature")):
        return [[names[0], msg_id], [names[1], str(ts)], [names[2], sig]]

    def sign(body=SMALL, ts=NOW, key=secret):
        return standard_sign(key, msg_id, ts, body)

    def bad_sig() -> str:
        return "v1," + b64(rng.randbytes(32))

    for label, body in BODIES:
        sig, src = sign(body)
        add(f"valid, {label}", "standard", [secret], headers(sig), body, "valid", src)

    sig, src = sign(KIB)
    add("body re-serialised with different whitespace after signing", "standard", [secret], headers(sig),
        RESERIALISED, "badSignature", src)
    sig, src = sign(SMALL, key=other)
    add("signed with another secret", "standard", [secret], headers(sig), SMALL, "badSignature", src)

    for offset, expect, what in [(-301, "tooOld", "301 s old"), (-300, "valid", "exactly 300 s old (bound included)"),
                                 (301, "inFuture", "301 s in the future"),
                                 (300, "valid", "exactly 300 s ahead (bound included)")]:
        sig, src = sign(SMALL, ts=NOW + offset)
        add(f"timestamp {what}", "standard", [secret], headers(sig, NOW + offset), SMALL, expect, src)
    sig, src = sign(SMALL, ts=0)
    add("timestamp 0 (well-formed, far too old)", "standard", [secret], headers(sig, 0), SMALL, "tooOld", src)

    good, src = sign(SMALL)
    add("two signatures, only the last valid", "standard", [secret], headers(f"{bad_sig()} {good}"), SMALL, "valid", src)
    add("unknown version v1a before a valid v1", "standard", [secret], headers(f"v1a,{b64(rng.randbytes(64))} {good}"),
        SMALL, "valid", src)
    add("only an unknown version (v1a): no v1 signature, so malformed", "standard", [secret],
        headers(f"v1a,{b64(rng.randbytes(64))}"), SMALL, "malformedHeader", src)
    add("capitalised header names (Webhook-Id, Webhook-Timestamp, Webhook-Signature)", "standard", [secret],
        headers(good, names=("Webhook-Id", "Webhook-Timestamp", "Webhook-Signature")), SMALL, "valid", src)
    add("upper-case header names (WEBHOOK-ID, ...)", "standard", [secret],
        headers(good, names=("WEBHOOK-ID", "WEBHOOK-TIMESTAMP", "WEBHOOK-SIGNATURE")), SMALL, "valid", src)

    # Secrets: padding stripped, no prefix, rotation, none at all.
    for key_bytes, note in [(32, "32-byte key, one '=' stripped"), (25, "25-byte key, '==' stripped"),
                            (24, "24-byte key, nothing to strip: control")]:
        padded = standard_secret(key_bytes)
        sig, src = sign(SMALL, key=padded)  # signed with the padded form through the library
        add(f"secret with base64 padding stripped ({note})", "standard", [padded.rstrip("=")], headers(sig),
            SMALL, "valid", src)
    add("secret without the whsec_ prefix (plain base64)", "standard", [secret.removeprefix("whsec_")],
        headers(good), SMALL, "valid", src)
    sig, src = sign(SMALL, key=other)
    add("rotation: two secrets, signed with the second", "standard", [secret, other], headers(sig), SMALL, "valid", src)
    add("rotation: sender signs with old and new secret, verifier knows only the new", "standard", [other],
        headers(f"{good} {sig}"), SMALL, "valid", src)
    add("no secrets configured", "standard", [], headers(good), SMALL, "noUsableKey", src)

    # Signature header forms.
    add("double space between signatures (chosen: lenient, empty entries skipped -> valid)", "standard", [secret],
        headers(f"{bad_sig()}  {good}"), SMALL, "valid", src)
    add("entry without a comma ('v1' alone)", "standard", [secret], headers("v1"), SMALL, "malformedHeader", src)
    add("entry without a comma after a valid signature ('v1,<good> v1')", "standard", [secret],
        headers(f"{good} v1"), SMALL, "malformedHeader", src)
    add("entry with two commas ('v1,<good>,x')", "standard", [secret], headers(f"{good},x"), SMALL,
        "malformedHeader", src)
    add("signature base64 without its '=' padding", "standard", [secret], headers(good.rstrip("=")), SMALL,
        "malformedHeader", src)
    add("signature base64 with a stray '!' inside", "standard", [secret], headers(good[:10] + "!" + good[10:]),
        SMALL, "malformedHeader", src)
    add("signature with a non-ASCII character", "standard", [secret], headers(good[:-2] + "é="), SMALL,
        "malformedHeader", src)
    add("signature of 16 bytes (truncated MAC: a v1 HMAC-SHA256 is 32 bytes, so malformed)", "standard", [secret],
        headers("v1," + b64(rng.randbytes(16))), SMALL, "malformedHeader", src)
    add("empty webhook-signature value (present but empty -> malformedHeader)", "standard", [secret], headers(""),
        SMALL, "malformedHeader", src)
    add("webhook-signature header absent", "standard", [secret], headers(good)[:2], SMALL, "missingHeader", src)
    add("webhook-id header absent", "standard", [secret], headers(good)[1:], SMALL, "missingHeader", src)
    add("webhook-timestamp header absent", "standard", [secret], [headers(good)[0], headers(good)[2]], SMALL,
        "missingHeader", src)

    # Timestamp forms: the signature is the library's over the canonical 1700000000, so a lenient
    # parser that normalises the timestamp would accept it; a correct one rejects the header.
    for form in ["1.7e9", " 1700000000", "+1700000000", "0x10", "1_700_000_000", "1700000000.0",
                 "99999999999999999999", ""]:
        label = "empty" if form == "" else repr(form)
        add(f"timestamp {label}", "standard", [secret], headers(good, form), SMALL, "malformedHeader", src)


# --- Stripe --------------------------------------------------------------------------------------


def stripe_vectors() -> None:
    secret = "whsec_" + token(32)
    other = "whsec_" + token(32)

    def headers(value: str, name: str = "Stripe-Signature"):
        return [[name, value]]

    def bad_hex() -> str:
        return rng.randbytes(32).hex()

    for label, body in BODIES:
        sig, src = stripe_sign(secret, NOW, body)
        add(f"valid, {label}", "stripe", [secret], headers(f"t={NOW},v1={sig}"), body, "valid", src)

    sig, src = stripe_sign(secret, NOW, KIB)
    add("body re-serialised with different whitespace after signing", "stripe", [secret],
        headers(f"t={NOW},v1={sig}"), RESERIALISED, "badSignature", src)
    sig, src = stripe_sign(other, NOW, SMALL)
    add("signed with another secret", "stripe", [secret], headers(f"t={NOW},v1={sig}"), SMALL, "badSignature", src)

    for offset, expect, what in [(-301, "tooOld", "301 s old"), (-300, "valid", "exactly 300 s old (bound included)"),
                                 (301, "inFuture", "301 s in the future"),
                                 (300, "valid", "exactly 300 s ahead (bound included)")]:
        sig, src = stripe_sign(secret, NOW + offset, SMALL)
        add(f"timestamp {what}", "stripe", [secret], headers(f"t={NOW + offset},v1={sig}"), SMALL, expect, src)

    good, src = stripe_sign(secret, NOW, SMALL)
    add("two v1 signatures, only the last valid", "stripe", [secret], headers(f"t={NOW},v1={bad_hex()},v1={good}"),
        SMALL, "valid", src)
    add("v0 entry (unknown scheme) before a valid v1", "stripe", [secret], headers(f"t={NOW},v0={bad_hex()},v1={good}"),
        SMALL, "valid", src)
    add("only a v0 entry: no v1 signature, so malformed", "stripe", [secret], headers(f"t={NOW},v0={good}"), SMALL,
        "malformedHeader", src)
    add("timestamp after the signatures (v1=..,t=..)", "stripe", [secret], headers(f"v1={good},t={NOW}"), SMALL,
        "valid", src)
    add("upper-case header name STRIPE-SIGNATURE", "stripe", [secret], headers(f"t={NOW},v1={good}", "STRIPE-SIGNATURE"),
        SMALL, "valid", src)
    add("lower-case header name stripe-signature", "stripe", [secret], headers(f"t={NOW},v1={good}", "stripe-signature"),
        SMALL, "valid", src)
    add("upper-case hex signature (chosen: hex decoded case-insensitively -> valid)", "stripe", [secret],
        headers(f"t={NOW},v1={good.upper()}"), SMALL, "valid", src)

    sig, src2 = stripe_sign(other, NOW, SMALL)
    add("rotation: two secrets, signed with the second", "stripe", [secret, other], headers(f"t={NOW},v1={sig}"),
        SMALL, "valid", src2)
    add("rotation: sender signs with old and new secret, verifier knows only the new", "stripe", [other],
        headers(f"t={NOW},v1={good},v1={sig}"), SMALL, "valid", src2)
    add("no secrets configured", "stripe", [], headers(f"t={NOW},v1={good}"), SMALL, "noUsableKey", src)

    # Malformed headers.
    add("header without t=", "stripe", [secret], headers(f"v1={good}"), SMALL, "malformedHeader", src)
    add("item without '=' after a valid signature", "stripe", [secret], headers(f"t={NOW},v1={good},junk"), SMALL,
        "malformedHeader", src)
    add("item 'v1' without '='", "stripe", [secret], headers(f"t={NOW},v1"), SMALL, "malformedHeader", src)
    add("two t= items", "stripe", [secret], headers(f"t={NOW},t={NOW - 1000},v1={good}"), SMALL, "malformedHeader", src)
    add("v1 value that is not hex, beside a valid one", "stripe", [secret], headers(f"t={NOW},v1=zz,v1={good}"),
        SMALL, "malformedHeader", src)
    add("v1 value of odd length (63 hex digits)", "stripe", [secret], headers(f"t={NOW},v1={good[:-1]}"), SMALL,
        "malformedHeader", src)
    add("v1 value with a non-ASCII character", "stripe", [secret], headers(f"t={NOW},v1={good[:-1]}é"), SMALL,
        "malformedHeader", src)
    add("empty Stripe-Signature value (present but empty -> malformedHeader)", "stripe", [secret], headers(""),
        SMALL, "malformedHeader", src)
    add("Stripe-Signature header absent", "stripe", [secret], [["Content-Type", "application/json"]], SMALL,
        "missingHeader", src)
    # Timestamp forms, with the library's signature over the canonical 1700000000.
    for form in ["1.7e9", " 1700000000", "+1700000000", "0x10", "1_700_000_000", "99999999999999999999", ""]:
        label = "empty" if form == "" else repr(form)
        add(f"timestamp {label}", "stripe", [secret], headers(f"t={form},v1={good}"), SMALL, "malformedHeader", src)


# --- GitHub --------------------------------------------------------------------------------------


def github_vectors() -> None:
    secret = token(40)
    other = token(40)
    delivery = str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def headers(sig: str | None, name: str = "X-Hub-Signature-256"):
        fields = [["X-GitHub-Event", "push"], ["X-GitHub-Delivery", delivery]]
        return fields + ([[name, sig]] if sig is not None else [])

    for label, body in BODIES:
        add(f"valid, {label}", "github", [secret], headers(github_sign(secret, body)), body, "valid", GITHUB_SOURCE)

    good = github_sign(secret, SMALL)
    add("body re-serialised with different whitespace after signing", "github", [secret],
        headers(github_sign(secret, KIB)), RESERIALISED, "badSignature", GITHUB_SOURCE)
    add("signed with another secret", "github", [secret], headers(github_sign(other, SMALL)), SMALL, "badSignature",
        GITHUB_SOURCE)
    add("lower-case header name x-hub-signature-256", "github", [secret], headers(good, "x-hub-signature-256"), SMALL,
        "valid", GITHUB_SOURCE)
    add("upper-case header name X-HUB-SIGNATURE-256", "github", [secret], headers(good, "X-HUB-SIGNATURE-256"), SMALL,
        "valid", GITHUB_SOURCE)
    add("upper-case hex digest (chosen: hex decoded case-insensitively -> valid)", "github", [secret],
        headers("sha256=" + good.removeprefix("sha256=").upper()), SMALL, "valid", GITHUB_SOURCE)
    add("rotation: two secrets, signed with the second", "github", [secret, other], headers(github_sign(other, SMALL)),
        SMALL, "valid", GITHUB_SOURCE)
    add("no secrets configured", "github", [], headers(good), SMALL, "noUsableKey", GITHUB_SOURCE)

    sha1 = "sha1=" + hmac.new(secret.encode(), SMALL, hashlib.sha1).hexdigest()
    add("'sha1=<hex>' in X-Hub-Signature-256", "github", [secret], headers(sha1), SMALL, "malformedHeader", GITHUB_SOURCE)
    add("only the legacy X-Hub-Signature (sha1) header", "github", [secret], headers(sha1, "X-Hub-Signature"), SMALL,
        "missingHeader", GITHUB_SOURCE)
    add("hex digest without the 'sha256=' prefix", "github", [secret], headers(good.removeprefix("sha256=")), SMALL,
        "malformedHeader", GITHUB_SOURCE)
    add("digest of 63 hex digits", "github", [secret], headers(good[:-1]), SMALL, "malformedHeader", GITHUB_SOURCE)
    add("digest that is not hex", "github", [secret], headers(good[:-2] + "zz"), SMALL, "malformedHeader",
        GITHUB_SOURCE)
    add("digest with a non-ASCII character", "github", [secret], headers(good[:-1] + "é"), SMALL, "malformedHeader",
        GITHUB_SOURCE)
    add("empty X-Hub-Signature-256 value (present but empty -> malformedHeader)", "github", [secret], headers(""),
        SMALL, "malformedHeader", GITHUB_SOURCE)
    add("X-Hub-Signature-256 header absent", "github", [secret], headers(None), SMALL, "missingHeader", GITHUB_SOURCE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON array")
    args = parser.parse_args()

    standard_vectors()
    stripe_vectors()
    github_vectors()
    names = [v["name"] for v in vectors]
    assert len(names) == len(set(names)), "vector names must be unique"

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(vectors)} vectors to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

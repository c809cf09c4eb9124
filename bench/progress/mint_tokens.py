#!/usr/bin/env python3
"""Mints N HS256 access tokens (one distinct user id each) the way the auth service does: typ JWT, sub = user UUID,
iat, exp, and iss/aud when given (argv 4 and 5; the API requires them outside Development)."""
import base64, hashlib, hmac, json, sys, time, uuid

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

secret, count, out = sys.argv[1].encode(), int(sys.argv[2]), sys.argv[3]
issuer, audience = (sys.argv[4:6] + [None, None])[:2]
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
now = int(time.time())
with open(out, "w") as f:
    for _ in range(count):
        claims = {"sub": str(uuid.uuid4()), "iat": now, "exp": now + 3600}
        claims.update({k: v for k, v in (("iss", issuer), ("aud", audience)) if v})
        payload = b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{header}.{payload}".encode()
        signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
        f.write(f"{header}.{payload}.{signature}\n")

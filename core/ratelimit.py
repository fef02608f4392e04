"""Who is asking, and how often: the client address behind every rate limit and the login lock.

The address a client claims in a forwarded header (``X-Forwarded-For``, ``X-Real-IP``) counts only
when the request comes from one of ``TRUSTED_PROXIES``; from anyone else those headers are ignored,
or a client could pick a fresh address for every request and never be limited.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ipware import get_client_ip


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted_proxy(peer: str) -> bool:
    proxies = tuple(settings.TRUSTED_PROXIES)
    if not proxies:
        return False
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in network for network in _networks(proxies))


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``.

    The peer of the connection (``REMOTE_ADDR``), unless the peer is a trusted proxy: then the
    address that proxy put last in ``X-Forwarded-For`` (the one it saw itself; Caddy replaces or
    appends to what the client sent, see deploy/Caddyfile). Parsing and picking the position in the
    chain is left to django-ipware: the chain ends with the proxy, and exactly that one hop is trusted.
    A trusted proxy that sends no readable chain leaves the proxy's own address, so such requests
    share one limit rather than escaping it.
    """
    peer: str | None = request.META.get("REMOTE_ADDR") or None
    if not peer or not _is_trusted_proxy(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    if not forwarded:
        return peer
    chain = HttpRequest()
    chain.META = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {peer}"}
    client, _routable = get_client_ip(
        chain,
        proxy_order="left-most",
        proxy_trusted_ips=[peer],
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        # Not strict: the chain may be longer than proxy and client (what the client wrote itself).
        strict=False,
    )
    return str(client) if client else peer


def rate_limited(request: HttpRequest, bucket: str, limit: int, window_seconds: int, *, key: str | None = None) -> bool:
    """Count one request in ``bucket``; True once more than ``limit`` were counted in the window.

    Counted per client address, or per ``key`` when given (e.g. an e-mail address, stored hashed).
    The cache key is per member too (tenant-aware key function), so one member's visitors never use
    up another member's limit.
    """
    subject = client_address(request) if key is None else hashlib.sha256(key.encode()).hexdigest()
    cache_key = f"rate:{bucket}:{subject}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return 1 > limit
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window ended between the two calls: this request opens the next one.
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit

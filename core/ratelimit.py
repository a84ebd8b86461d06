"""A small per-address limit for public pages (sign-in has django-axes): at most ``limit``
requests from one address in each window of ``seconds``, counted in the cache.

The cache is the database's (settings.CACHE_BACKEND "database", the default), shared by
every worker; with CACHE_BACKEND=memory each process counts for itself and an address may
make up to N times the limit behind N gunicorn workers."""

import time

from django.core.cache import cache

from core.middleware import client_ip


def rate_limited(request, *, scope: str, limit: int, seconds: int = 60) -> bool:
    """Count this request against its address; True once the window's limit is passed."""
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{client_ip(request) or '-'}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return count > limit

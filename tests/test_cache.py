"""The cache: ``CACHE_URL`` chooses Redis, shared by every process, or each process's own memory; an unreachable or
stalled Redis reads as an empty cache instead of failing the page (core/cache.py)."""

import socket
import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.conf import settings

from core.cache import ForgivingRedisCache
from national.domain import balance

from .test_settings import REAL_KEY, manage

SHOW_CACHE = "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c.get('LOCATION'))"
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def test_without_cache_url_each_process_keeps_its_own():
    result = manage("shell", "--no-imports", "-c", SHOW_CACHE, SECRET_KEY=REAL_KEY, CACHE_URL="")
    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache", result.stderr


def test_a_redis_url_chooses_the_shared_redis_with_short_timeouts():
    show = SHOW_CACHE.replace("c.get('LOCATION')", "c.get('LOCATION'), c.get('OPTIONS') == " + repr(TIMEOUTS))
    result = manage("shell", "--no-imports", "-c", show, SECRET_KEY=REAL_KEY, CACHE_URL="redis://redis.internal:6379/1")
    assert result.stdout.split() == ["core.cache.ForgivingRedisCache", "redis://redis.internal:6379/1", "True"], (
        result.stderr
    )


def test_another_kind_of_url_stops_the_start_up_naming_the_variable():
    result = manage("check", SECRET_KEY=REAL_KEY, CACHE_URL="memcache://cache.internal:11211")
    assert result.returncode != 0 and "CACHE_URL must be a Redis URL" in result.stderr


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_redis_reads_as_an_empty_cache(caplog):
    cache = ForgivingRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})

    cache.set("publicity-lists:zh-hans:x", {"open": "<article>"})

    assert cache.get("publicity-lists:zh-hans:x") is None
    assert cache.get("throttle", []) == []
    assert "Cache unavailable" in caplog.text


def test_a_stalled_redis_costs_its_timeout_and_reads_as_empty():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    cache = ForgivingRedisCache(f"redis://127.0.0.1:{server.getsockname()[1]}/0", {"OPTIONS": TIMEOUTS})
    try:
        started = time.monotonic()
        assert cache.get("balance-suggestion:x") is None
        assert time.monotonic() - started < 2
    finally:
        server.close()


@pytest.mark.integration
def test_what_the_portal_keeps_comes_back_whole_from_a_real_redis():
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("需要 Redis：设置 CELERY_BROKER_URL=redis://… 后运行（CI 会设置）")
    cache = ForgivingRedisCache(settings.CELERY_BROKER_URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})
    suggestion = balance.suggest(
        [balance.Candidate(1, "广东省", "east", "county", False, Decimal("95.00"))], 1, balance.Constraints()
    )
    lists = {"open": "<article>名单</article>", "choices": [("推进质量工作", [("1", "广东省 南山区")])]}
    try:
        cache.set("suggestion", suggestion, 60)
        cache.set("lists", lists, 60)
        assert cache.get("suggestion") == suggestion and cache.get("lists") == lists
    finally:
        cache.delete_many(["suggestion", "lists"])

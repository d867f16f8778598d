"""The cache backend when ``CACHE_URL`` is set: Django's Redis cache, reading an unreachable Redis as an empty cache.

Whatever the portal keeps in the cache is computed again when missing (the public lists, the balance suggestion,
the publicity notice's PDF) or only counts requests (the public API's throttles). So while Redis is down or
restarting, a page works as it would without a cache, a little slower, instead of failing: the same promise as for
the broker (docs/operations.md). Only reading and writing are forgiven; the other operations fail as usual.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            logger.warning("Cache unavailable, reading %s as missing: %s", key, error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            logger.warning("Cache unavailable, %s not kept: %s", key, error)

"""In-process stand-in for Swift's memcache middleware.

tempauth refuses to work without a cache client and the proxy caches account/container
info there. No memcached runs here, and a shared one would mix up instances, so the
single proxy process (workers = 0) keeps that cache in a dict.
"""
import json
import time as _time

_MEMCACHE_REL_LIMIT = 30 * 24 * 3600  # memcache: larger times are absolute epochs


class LocalCache(object):
    def __init__(self):
        self._data = {}

    def _expiry(self, t):
        if not t:
            return None
        return t if t > _MEMCACHE_REL_LIMIT else _time.time() + t

    def get(self, key, raise_on_error=False):
        item = self._data.get(key)
        if item is None:
            return None
        expires, raw, serialized = item
        if expires is not None and expires <= _time.time():
            del self._data[key]
            return None
        return json.loads(raw) if serialized else raw

    def set(self, key, value, serialize=True, time=0, min_compress_len=0,
            raise_on_error=False):
        raw = json.dumps(value) if serialize else value
        self._data[key] = (self._expiry(time), raw, serialize)

    def incr(self, key, delta=1, time=0):
        value = int(self.get(key) or 0) + delta
        self.set(key, max(value, 0), serialize=False, time=time)
        return max(value, 0)

    def decr(self, key, delta=1, time=0):
        return self.incr(key, -delta, time)

    def delete(self, key, server_key=None):
        self._data.pop(key, None)

    def set_multi(self, mapping, server_key, serialize=True, time=0,
                  min_compress_len=0):
        for key, value in mapping.items():
            self.set(key, value, serialize, time)

    def get_multi(self, keys, server_key):
        return [self.get(key) for key in keys]


def filter_factory(global_conf, **local_conf):
    cache = LocalCache()

    def make(app):
        def middleware(env, start_response):
            env['swift.cache'] = cache
            return app(env, start_response)
        return middleware
    return make

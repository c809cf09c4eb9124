#!/usr/bin/env python3
"""A stand-in for S3 on the progress benchmark's path: every movie id is a two-hour title.

The API checks that a title exists (a HEAD of its manifest) and learns its duration (a GET of the playlist) the first
time a replica sees it, then caches both; the benchmark measures the cached path, so this only has to answer the
warm-up. Usage: title_s3.py PORT
"""
import hashlib
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# A media playlist of one two-hour segment: long enough that no benchmark position is clamped.
PLAYLIST = b"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:7200\n#EXTINF:7200.0,\nsegment.ts\n#EXT-X-ENDLIST\n"
# The S3 client checks a GET's body against the ETag, an MD5 in hex as S3 gives for a single-part object.
ETAG = '"%s"' % hashlib.md5(PLAYLIST).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _headers(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.apple.mpegurl")
        self.send_header("Content-Length", str(len(PLAYLIST)))
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
        self.end_headers()

    def do_HEAD(self):
        self._headers()

    def do_GET(self):
        self._headers()
        self.wfile.write(PLAYLIST)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

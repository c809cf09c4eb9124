#!/usr/bin/env python3
"""A stand-in for S3 on the progress benchmark's path: every HEAD answers 200, so every movie id is a title.

The API checks that a title exists (a HEAD of its manifest) the first time a replica sees it and then caches the
answer; the benchmark measures the cached path, so this only has to answer the warm-up. Usage: title_s3.py PORT
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.apple.mpegurl")
        self.send_header("Content-Length", "0")
        self.send_header("ETag", '"bench"')
        self.send_header("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

#!/usr/bin/env python3
"""Prints the failed tests of the .trx files under a folder, grouped by message: a collection whose fixture failed
fails each of its tests with the same message, which is printed once, with the end of the failing resource's log."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
by_message = {}
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") == "Failed":
            message = result.findtext(".//t:Message", default="", namespaces=NS).strip()
            by_message.setdefault(message, []).append(f"{result.get('testName')} [{result.get('duration')}]")
print(f"=== {sum(len(tests) for tests in by_message.values())} failed test(s)")
for message, tests in by_message.items():
    for test in tests:
        print(f"FAILED {test}")
    for line in message.splitlines()[:30]:
        print(f"    {line[:300]}")

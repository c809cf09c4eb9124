#!/usr/bin/env python3
"""Prints each failed test of the .trx files under a folder, with the first lines of its message."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
failed = []
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") == "Failed":
            message = result.findtext(".//t:Message", default="", namespaces=NS).strip().splitlines()
            failed.append((result.get("testName"), result.get("duration"), message[:3]))
print(f"=== {len(failed)} failed test(s)")
for name, duration, message in failed:
    print(f"FAILED {name} [{duration}]")
    for line in message:
        print(f"    {line[:300]}")

#!/usr/bin/env python3
"""Prints how long each step of scripts/test.sh took (steps.tsv: name, start, end, exit code; steps may run side by
side) and each integration collection: collections run side by side (xunit.runner.json), so a collection's time runs
from its app fixture's start to its stop (apps.tsv, written by the fixtures) or, for one without an app, from its first
test's start to its last test's end (.trx files). A test class's collection is read from its [Collection(...)]
attribute in the sources, a collection's fixture from its ICollectionFixture<...>."""
import glob
import re
import sys
from datetime import datetime
from pathlib import Path
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
ROOT = Path(__file__).resolve().parent.parent


def collections_by_class():
    """Test class name -> collection name and fixture class name -> collection name, from the integration test sources."""
    names, by_class, by_fixture = {}, {}, {}
    sources = list((ROOT / "tests/Streaming.IntegrationTests").rglob("*.cs"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"class (\w+)\s*:\s*ICollectionFixture<(\w+)>\s*\{\s*public const string Name = \"([^\"]+)\"", text):
            names[match.group(1)] = match.group(3)
            by_fixture[match.group(2)] = match.group(3)
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\[Collection\((\w+)\.Name\)\]\s*(?:\[[^\]]*\]\s*)*(?:public |internal )?(?:(?:sealed|abstract|partial|static) )*class (\w+)", text):
            by_class[match.group(2)] = names.get(match.group(1), match.group(1))
    return by_class, by_fixture


def parse_time(value):
    # .NET writes 7 fractional digits and an offset: trim to what Python parses.
    value = re.sub(r"(\.\d{6})\d*", r"\1", value)
    return datetime.fromisoformat(value).timestamp()


def main(results):
    steps = []
    steps_file = Path(results) / "steps.tsv"
    if steps_file.exists():
        for line in steps_file.read_text().splitlines():
            name, start, end, code = line.split("\t")
            steps.append((name, float(start), float(end), int(code)))

    by_class, by_fixture = collections_by_class()
    apps = {}
    apps_file = Path(results) / "apps.tsv"
    if apps_file.exists():
        for line in apps_file.read_text().splitlines():
            fixture, what, at = line.split("\t")
            apps.setdefault(by_fixture.get(fixture, fixture), {})[what] = float(at)
    rows = []
    for path in (p for p in glob.glob(f"{results}/**/*.trx", recursive=True) if not p.endswith("unit.trx")):
        root = ET.parse(path).getroot()
        classes = {d.get("id"): d.find("t:TestMethod", NS).get("className").rsplit(".", 1)[-1]
                   for d in root.iterfind(".//t:UnitTest", NS)}
        for result in root.iterfind(".//t:UnitTestResult", NS):
            cls = classes.get(result.get("testId"), "?")
            rows.append((parse_time(result.get("startTime")), parse_time(result.get("endTime")),
                         by_class.get(cls, f"{cls} (own collection)"), result.get("outcome")))
    rows.sort()

    print("=== Timings")
    for name, start, end, code in steps:
        print(f"{name:<40} {end - start:7.1f} s{'' if code == 0 else f'   FAILED (exit {code})'}")
    if steps:
        print(f"{'total (wall)':<40} {max(s[2] for s in steps) - min(s[1] for s in steps):7.1f} s")
    if rows:
        print("--- integration collections (side by side; each with its app's start and stop, the start apart)")
        spans = {}
        for start, end, collection, outcome in rows:
            first, last, count, failed = spans.get(collection, (start, end, 0, 0))
            spans[collection] = (min(first, start), max(last, end), count + 1, failed + (outcome == "Failed"))
        for collection, (first, last, count, failed) in spans.items():
            app = apps.get(collection, {})
            spans[collection] = (app.get("started", first), app.get("stopped", last), count, failed, app)
        for collection, (begin, end, count, failed, app) in sorted(spans.items(), key=lambda item: item[1][0]):
            start = f", app start {app['ready'] - app['started']:.1f} s" if "ready" in app and "started" in app else ""
            print(f"{collection:<40} {end - begin:7.1f} s  ({count} tests{start}{f', {failed} failed' if failed else ''})")


if __name__ == "__main__":
    main(sys.argv[1])

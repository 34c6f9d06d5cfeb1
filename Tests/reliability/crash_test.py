#!/usr/bin/env python3
"""Crash test (issue #8): kill -9 `casebook` at random moments, during a large import and during a stream of
HTTP submissions, and after every kill check that the library opens, passes `casebook check`, holds every
submission the server had answered 201, and took each import whole or not at all.

Prints the counts and exits 1 if any write was lost or any check failed. Run it from the package root after
`swift build`: python3 Tests/reliability/crash_test.py [--import-kills N] [--http-kills N] [--seed S]
"""
import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Library, corpus, free_port, fresh_uids, submission  # noqa: E402


class Tally:
    def __init__(self):
        self.kills = self.survived = self.acknowledged = self.lost = self.failures = 0
        self.imports_whole = self.imports_none = 0

    def fail(self, message):
        self.failures += 1
        print(f"  FAIL: {message}", flush=True)


def after_kill(library, tally, killed=True):
    """The library opens and passes its check; returns whether it did."""
    passed, output = library.check()
    if not passed:
        tally.fail(f"casebook check after kill {tally.kills}: {output}")
    elif killed:
        tally.survived += 1
    return passed


def import_round(library, lines, folder, delay, tally, number):
    before = library.count()
    path, uids = fresh_uids(lines, folder, "round.jsonl")
    process = library.popen("import", path)
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
        tally.kills += 1
    process.wait()
    if not after_kill(library, tally, killed):
        return
    after = library.count()
    if after == before:
        tally.imports_none += 1
    elif after == before + len(lines):
        tally.imports_whole += 1
        missing = set(uids) - library.uids()
        if missing:
            tally.lost += len(missing)
            tally.fail(f"import {number} committed but {len(missing)} of its examples are missing")
    else:
        tally.fail(f"import {number} was partial: {before} examples before, {after} after, {len(lines)} imported")


def submit_until(client, stop, acknowledged, label):
    serial = 0
    while not stop.is_set():
        serial += 1
        try:
            status, receipt = client.request("/api/v1/submissions", submission(f"{label}-{serial}"), timeout=5)
        except OSError:
            time.sleep(0.01)
            continue
        if status == 201:
            acknowledged.append((receipt["id"], receipt["uid"]))


def http_round(library, delay, tally, number, environment):
    port = free_port()
    server = library.popen("serve", "--port", str(port), "--log-level", "error", env=environment)
    client = Client(port)
    client.wait_until_up()
    stop, acknowledged = threading.Event(), []
    writers = [threading.Thread(target=submit_until, args=(client, stop, acknowledged, f"kill{number}w{w}"))
               for w in range(3)]
    for writer in writers:
        writer.start()
    time.sleep(delay)
    server.send_signal(signal.SIGKILL)
    tally.kills += 1
    server.wait()
    stop.set()
    for writer in writers:
        writer.join()
    if not after_kill(library, tally):
        return
    verify_acknowledged(library, acknowledged, tally, number)


def verify_acknowledged(library, acknowledged, tally, number):
    """Every 201 is in the library: all by uid through `dump`, the last few also by id through `show`."""
    present = library.uids(status="submitted")
    tally.acknowledged += len(acknowledged)
    missing = [uid for _, uid in acknowledged if uid not in present]
    for identifier, uid in acknowledged[-3:]:
        shown = library.show(identifier)
        if shown is None or shown.get("uid") != uid:
            missing.append(uid)
    if missing:
        tally.lost += len(set(missing))
        tally.fail(f"kill {number}: {len(set(missing))} acknowledged submissions are missing")


def timed_import(lines, folder):
    """How long the whole import takes, on a scratch library, so that kills land inside it."""
    scratch = Library(os.path.join(folder, "scratch.sqlite"))
    scratch.run("init", "--no-examples", check=True)
    path, _ = fresh_uids(lines, folder, "timing.jsonl")
    began = time.monotonic()
    scratch.run("import", path, check=True)
    return time.monotonic() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--import-kills", type=int, default=25)
    parser.add_argument("--http-kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=8)
    options = parser.parse_args()
    random.seed(options.seed)
    folder = tempfile.mkdtemp(prefix="casebook-crash-")
    started = time.monotonic()
    try:
        tally = run(options, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"crash test: {tally.kills} kills, {tally.survived} survived (opened and passed casebook check); "
          f"imports after a kill: {tally.imports_none} rolled back, {tally.imports_whole} whole, none partial; "
          f"acknowledged writes checked: {tally.acknowledged}; writes lost: {tally.lost}; "
          f"failures: {tally.failures}; {time.monotonic() - started:.0f} s")
    return 1 if tally.lost or tally.failures or tally.survived < tally.kills else 0


def run(options, folder):
    tally = Tally()
    library = Library(os.path.join(folder, "crash.sqlite"))
    library.run("init", check=True)
    print(f"crash test: killing the server {options.http_kills} times during submissions", flush=True)
    environment = dict(os.environ, CASEBOOK_SUBMISSION_RATE="0", CASEBOOK_SEARCH_RATE="0")
    for number in range(options.http_kills):
        http_round(library, random.uniform(0.2, 1.5), tally, number, environment)
    lines = corpus(2000, 3, folder)
    duration = timed_import(lines, folder)
    print(f"crash test: a {len(lines)}-example import takes {duration:.1f} s; killing {options.import_kills} imports", flush=True)
    for number in range(options.import_kills):
        import_round(library, lines, folder, random.uniform(0.05, 0.9 * duration), tally, number)
    return tally


if __name__ == "__main__":
    sys.exit(main())

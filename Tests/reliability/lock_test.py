#!/usr/bin/env python3
"""Lock test (issue #19): another process holds the library's write lock, as a long `casebook import` does,
while the built server keeps answering. Python's sqlite3 takes the lock with BEGIN IMMEDIATE on the same file
and holds it for several seconds; meanwhile more submissions than the machine has cores wait for the lock over
HTTP, and searches (API), example pages and the search page (HTML) are timed.

Pass: every read answers 200 within READ_LIMIT seconds while the lock is held (a write waiting for the lock
must not take a thread the reads need); no write completes while the lock is held, and every one is
acknowledged (201) once it is released.
Run it from the package root after `swift build`: python3 Tests/reliability/lock_test.py [--hold SECONDS]
"""
import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Library, corpus, free_port, fresh_uids, submission  # noqa: E402

READ_LIMIT = 0.5
QUERIES = ["advance+care+planning", "bereavment", "ReSPECT", "hospice+at+home", "care+homes", "dementia", "carers"]


def timed_get(client, path):
    """(status, seconds) of one GET, the body read whole."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(client.base + path, timeout=10) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # no answer within 10 s
    return status, time.monotonic() - started


def read_paths(ids):
    identifier = random.choice(ids)
    query = random.choice(QUERIES)
    return [f"/api/v1/examples?q={query}", f"/examples/{identifier}", f"/search?q={query}", f"/api/v1/examples/{identifier}"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=5.0, help="how long the other process holds the write lock")
    arguments = parser.parse_args()
    writers = max(4, 2 * (os.cpu_count() or 2))
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        library = Library(os.path.join(folder, "lock.sqlite"))
        path, _ = fresh_uids(corpus(300, 19, folder), folder, "lock.jsonl")
        library.run("import", path, check=True, timeout=300)
        port = free_port()
        environment = dict(os.environ, CASEBOOK_SUBMISSION_RATE="0", CASEBOOK_SEARCH_RATE="0")
        server = subprocess.Popen([library.binary, "serve", "--db", library.path, "--port", str(port), "--log-level", "warning"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
        try:
            client = Client(port)
            client.wait_until_up(120)
            ids = [hit["id"] for hit in client.request("/api/v1/examples?limit=50")[1]["results"]]
            usual = max(timed_get(client, p)[1] for _ in range(5) for p in read_paths(ids))
            print(f"usual slowest read before the lock: {usual * 1000:.0f} ms")

            holder = sqlite3.connect(library.path, isolation_level=None, timeout=30)
            holder.execute("BEGIN IMMEDIATE")
            locked_at = time.monotonic()
            acknowledged = []

            def write(number):
                status, _ = client.request("/api/v1/submissions", submission(f"lock test {number}"), timeout=60)
                acknowledged.append((status, time.monotonic()))

            threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
            for thread in threads:
                thread.start()
            time.sleep(0.3)  # let every write reach the lock
            reads, slowest = 0, 0.0
            while time.monotonic() - locked_at < arguments.hold:
                for read in read_paths(ids):
                    status, seconds = timed_get(client, read)
                    reads += 1
                    slowest = max(slowest, seconds)
                    if status != 200:
                        failures.append(f"GET {read} answered {status} while the lock was held")
                    if seconds > READ_LIMIT:
                        failures.append(f"GET {read} took {seconds:.2f} s while the lock was held")
                if len(failures) > 8:
                    break
            early = [status for status, at in acknowledged]
            if early:
                failures.append(f"{len(early)} writes finished while another process held the write lock: {early}")
            holder.execute("ROLLBACK")
            released_at = time.monotonic()
            holder.close()
            for thread in threads:
                thread.join(60)
            statuses = sorted(status for status, _ in acknowledged)
            if statuses != [201] * writers:
                failures.append(f"the waiting writes answered {statuses}, expected {writers} × 201")
            last = max((at for _, at in acknowledged), default=released_at) - released_at
            print(f"{reads} reads while {writers} writes waited {arguments.hold:.0f} s for the lock: slowest "
                  f"{slowest * 1000:.0f} ms (limit {READ_LIMIT * 1000:.0f} ms); the writes finished {last:.2f} s after the release")
        finally:
            server.terminate()
            server.wait(30)
        ok, report = library.check()
        if not ok:
            failures.append(f"check after the test: {report}")
    for failure in failures[:20]:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

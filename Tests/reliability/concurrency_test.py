#!/usr/bin/env python3
"""Concurrency test (issue #8): many readers and two writers, the server (HTTP submissions) and the CLI
(`casebook submit` and `casebook import` in their own processes), on one library for a bounded time, with
WAL checkpoints every second. Halfway through, `casebook backup` runs under that load; afterwards the backup
is restored to a new library, which must pass `casebook check` and hold every example acknowledged before
the backup started. Also: `casebook restore` refuses while the server has the library open.

Pass: no 5xx and no SQLITE_BUSY reaches a user, no CLI write fails, no acknowledged write is lost.
Run it from the package root after `swift build`: python3 Tests/reliability/concurrency_test.py [--seconds N]
"""
import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Library, corpus, free_port, fresh_uids, submission  # noqa: E402

QUERIES = ["advance care planning", "bereavment", "ReSPECT", "hospice at home", "care homes", "dementia",
           "carers", "EPaCCS", "out of hours", "spiritual care", "-care", "night sitting"]


class Ledger:
    """What the writers were told was saved, and what went wrong, shared by all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = []  # uids, in the order they were acknowledged
        self.reads = self.http_writes = self.cli_writes = 0
        self.errors = []

    def acknowledge(self, uids, counter):
        with self.lock:
            self.acknowledged.extend(uids)
            setattr(self, counter, getattr(self, counter) + 1)

    def error(self, message):
        with self.lock:
            self.errors.append(message)

    def snapshot(self):
        with self.lock:
            return list(self.acknowledged)


def reader(client, stop, ledger):
    while not stop.is_set():
        path = random.choice([f"/api/v1/examples?q={random.choice(QUERIES).replace(' ', '+')}", "/api/v1/examples",
                              f"/api/v1/examples/{random.randint(1, 20)}", "/api/v1/stats/coverage", "/readyz"])
        status, _ = client.request(path, timeout=30)
        if status >= 500:
            ledger.error(f"GET {path} answered {status}")
        with ledger.lock:
            ledger.reads += 1


def http_writer(client, stop, ledger, name):
    serial = 0
    while not stop.is_set():
        serial += 1
        status, receipt = client.request("/api/v1/submissions", submission(f"{name}-{serial}"), timeout=30)
        if status == 201:
            ledger.acknowledge([receipt["uid"]], "http_writes")
        else:
            ledger.error(f"POST /api/v1/submissions answered {status}: {receipt}")


def cli_writer(library, stop, ledger, lines, folder):
    """The second writer: a new process per write, alternating single submissions and 25-example imports."""
    serial = 0
    while not stop.is_set():
        serial += 1
        if serial % 3 == 0:
            path, uids = fresh_uids(random.sample(lines, 25), folder, "batch.jsonl")
            result = library.run("import", path)
        else:
            path = os.path.join(folder, "one.json")
            with open(path, "w") as handle:
                json.dump(submission(f"cli-{serial}"), handle)
            result = library.run("submit", path, "--format", "json")
            uids = [json.loads(result.stdout)["uid"]] if result.returncode == 0 else []
        if result.returncode == 0:
            ledger.acknowledge(uids, "cli_writes")
        else:
            ledger.error(f"CLI write {serial} failed ({result.returncode}): {result.stderr.strip()}")


def backup_under_load(library, ledger, folder):
    """Takes a backup while the writers run; returns it with the uids acknowledged before it started."""
    before = set(ledger.snapshot())
    path = os.path.join(folder, "backup.sqlite")
    began = time.monotonic()
    result = library.run("backup", path)
    if result.returncode != 0:
        ledger.error(f"casebook backup failed: {result.stderr.strip()}")
    refused = library.run("restore", path)
    if refused.returncode == 0 or "open in another process" not in refused.stderr:
        ledger.error(f"casebook restore did not refuse a library the server has open: {refused.stderr.strip()}")
    return path, before, time.monotonic() - began


def verify_backup(path, before, folder, ledger):
    restored = Library(os.path.join(folder, "restored.sqlite"))
    result = restored.run("restore", path)
    if result.returncode != 0:
        ledger.error(f"casebook restore failed: {result.stderr.strip()}")
        return 0
    passed, output = restored.check()
    if not passed:
        ledger.error(f"the restored backup fails casebook check: {output}")
    missing = before - restored.uids()
    if missing:
        ledger.error(f"the restored backup lacks {len(missing)} examples acknowledged before the backup started")
    return len(before) - len(missing)


def wal_watcher(path, stop, sizes):
    while not stop.is_set():
        try:
            sizes.append(os.path.getsize(path + "-wal"))
        except OSError:
            pass
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args()
    random.seed(options.seed)
    folder = tempfile.mkdtemp(prefix="casebook-concurrency-")
    try:
        return run(options, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(options, folder):
    started = time.monotonic()
    library = Library(os.path.join(folder, "shared.sqlite"))
    lines = corpus(2000, 3, folder)
    library.run("init", check=True)
    library.run("import", fresh_uids(lines[:500], folder, "start.jsonl")[0], check=True)
    port = free_port()
    environment = dict(os.environ, CASEBOOK_SUBMISSION_RATE="0", CASEBOOK_SEARCH_RATE="0")
    server = library.popen("serve", "--port", str(port), "--log-level", "error", "--checkpoint-interval", "1", env=environment)
    try:
        client = Client(port)
        client.wait_until_up()
        ledger, stop, sizes = Ledger(), threading.Event(), []
        threads = [threading.Thread(target=reader, args=(client, stop, ledger)) for _ in range(options.readers)]
        threads += [threading.Thread(target=http_writer, args=(client, stop, ledger, f"http{n}")) for n in range(2)]
        threads += [threading.Thread(target=cli_writer, args=(library, stop, ledger, lines, folder)),
                    threading.Thread(target=wal_watcher, args=(library.path, stop, sizes))]
        for thread in threads:
            thread.start()
        time.sleep(options.seconds / 2)
        backup, before, backup_seconds = backup_under_load(library, ledger, folder)
        time.sleep(max(0.0, options.seconds / 2 - backup_seconds))
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    return report(library, ledger, backup, before, backup_seconds, sizes, folder, options, started)


def report(library, ledger, backup, before, backup_seconds, sizes, folder, options, started):
    passed, output = library.check()
    if not passed:
        ledger.error(f"casebook check after the run: {output}")
    acknowledged = set(ledger.snapshot())
    lost = len(acknowledged - library.uids())
    in_backup = verify_backup(backup, before, folder, ledger)
    for message in ledger.errors[:10]:
        print(f"  FAIL: {message}")
    busy = sum("busy" in message.lower() or "locked" in message.lower() or "503" in message for message in ledger.errors)
    print(f"concurrency test: {options.seconds:.0f} s, {options.readers} readers, 2 writers (server and CLI): "
          f"{ledger.reads} reads, {ledger.http_writes} HTTP and {ledger.cli_writes} CLI writes acknowledged; "
          f"acknowledged writes checked: {len(acknowledged)}; writes lost: {lost}; busy errors seen: {busy}; "
          f"errors: {len(ledger.errors)}; largest WAL {max(sizes, default=0) // 1024} KiB; "
          f"backup under load took {backup_seconds:.1f} s and restored holding {in_backup} of the {len(before)} "
          f"examples acknowledged before it; {time.monotonic() - started:.0f} s")
    return 1 if lost or ledger.errors else 0


if __name__ == "__main__":
    sys.exit(main())

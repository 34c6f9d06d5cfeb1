#!/usr/bin/env python3
"""Fault tests (issue #8), each through the built `casebook` binary:
- a full disk (a 2 MiB tmpfs, when this machine lets us mount one): `import` fails with a clear message and
  imports nothing, the server answers 503 problem+json, every 201 stays, `casebook check` passes, and
  writes succeed again once space is freed;
- a read-only disk (the same tmpfs remounted read-only): writes fail with a clear message, reads still work;
- a library from a newer schema (a migration this build does not know): refused with a clear message;
- a damaged file (bytes overwritten in the middle): `casebook check` exits 1 naming the problem, never a crash;
- a search index out of step with the examples: `casebook check` names it and `check --repair` mends it.
Run it from the package root after `swift build`: python3 Tests/reliability/faults_test.py
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Library, corpus, free_port, fresh_uids, submission  # noqa: E402

failures = []


def expect(condition, message):
    print(f"  {'ok' if condition else 'FAIL'}: {message}", flush=True)
    if not condition:
        failures.append(message)


def crashed(result):
    return result.returncode < 0 or result.returncode >= 128


def full_disk(folder, lines):
    disk = os.path.join(folder, "small-disk")
    os.mkdir(disk)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk], capture_output=True).returncode != 0:
        print("  skipped: cannot mount a tmpfs here (needs root); the read-only and 503 paths are covered by "
              "OperationsTests and DurabilityTests", flush=True)
        return
    try:
        library = Library(os.path.join(disk, "library.sqlite"))
        library.run("init", check=True)
        fill(disk, leave=320 * 1024)
        before = library.count()
        result = library.run("import", fresh_uids(lines, folder, "big.jsonl")[0])
        expect(result.returncode == 1 and "disk is full" in result.stderr,
               f"import onto a full disk fails clearly: {result.stderr.strip()[:160]}")
        expect(library.count() == before, "and imports nothing")
        expect(library.check()[0], "the library still passes casebook check")
        server_on_full_disk(library, disk)
        read_only_disk(library, disk)
    finally:
        subprocess.run(["umount", disk])


def fill(disk, leave):
    """Fills the small disk until about LEAVE bytes are free."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with open(os.path.join(disk, "filler"), "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def server_on_full_disk(library, disk):
    port = free_port()
    environment = dict(os.environ, CASEBOOK_SUBMISSION_RATE="0")
    server = library.popen("serve", "--port", str(port), "--log-level", "critical", env=environment)
    try:
        client = Client(port)
        client.wait_until_up()
        acknowledged, refusal = [], None
        for serial in range(2000):
            example = submission(f"full-disk-{serial}")
            example["body"] = "## Context\n\n" + "A long account of the work and what we learnt from it. " * 150
            status, reply = client.request("/api/v1/submissions", example)
            if status == 201:
                acknowledged.append(reply["uid"])
            else:
                refusal = (status, reply)
                break
        expect(refusal is not None and refusal[0] == 503 and (refusal[1] or {}).get("status") == 503,
               f"the server answers 503 problem+json when the disk fills (after {len(acknowledged)} submissions): {refusal}")
        expect(client.request("/readyz")[0] == 200, "/readyz still answers 200: the library can be read")
        os.remove(os.path.join(disk, "filler"))
        status, _ = client.request("/api/v1/submissions", submission("after-space-freed"))
        expect(status == 201, f"once space is freed the server accepts writes again ({status})")
    finally:
        server.terminate()
        server.wait()
    expect(set(acknowledged) <= library.uids(status="submitted"), f"all {len(acknowledged)} acknowledged submissions are there")
    expect(library.check()[0], "the library passes casebook check after the full disk")


def read_only_disk(library, disk):
    if subprocess.run(["mount", "-o", "remount,ro", disk], capture_output=True).returncode != 0:
        print("  skipped: cannot remount the tmpfs read-only", flush=True)
        return
    path = os.path.join(os.path.dirname(disk), "one.json")
    with open(path, "w") as handle:
        handle.write('{"title": "Read-only disk", "summary": "Must be refused.", "foundations": ["7"], '
                     '"organisation": {"name": "Test Hospice", "type": "hospice"}}')
    result = library.run("submit", path)
    expect(result.returncode == 1 and not crashed(result) and ("read-only" in result.stderr or "readonly" in result.stderr),
           f"a write on a read-only disk fails clearly: {result.stderr.strip()[:160]}")


def newer_schema(folder):
    library = Library(os.path.join(folder, "newer.sqlite"))
    library.run("init", "--no-examples", check=True)
    with sqlite3.connect(library.path) as connection:
        connection.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-casebook')")
    connection.close()
    result = library.run("stats")
    expect(result.returncode == 1 and "newer version of Casebook" in result.stderr,
           f"a library from a newer schema is refused: {result.stderr.strip()}")


def damaged_file(folder):
    library = Library(os.path.join(folder, "sound.sqlite"))
    library.run("init", check=True)
    copy = Library(os.path.join(folder, "damaged.sqlite"))
    library.run("backup", copy.path, check=True)
    size = os.path.getsize(copy.path)
    with open(copy.path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(8192))
    result = copy.run("check")
    expect(result.returncode == 1 and not crashed(result) and result.stderr.strip(),
           f"casebook check on a damaged copy exits 1 naming the problem: {result.stderr.strip()[:200]}")


def desynchronised_index(folder):
    library = Library(os.path.join(folder, "index.sqlite"))
    library.run("init", check=True)
    with sqlite3.connect(library.path) as connection:
        connection.execute("INSERT INTO example_ft(example_ft, rowid, title, summary, body, organisation_name, keywords) "
                           "VALUES ('delete', 1, 'wrong', 'wrong', 'wrong', 'wrong', 'wrong')")
    connection.close()
    found = library.run("check")
    expect(found.returncode == 1 and "example_ft" in found.stderr, "casebook check finds the search index out of step")
    repaired = library.run("check", "--repair")
    expect(repaired.returncode == 0 and library.check()[0], "casebook check --repair rebuilds it and the library passes")


def main():
    folder = tempfile.mkdtemp(prefix="casebook-faults-")
    try:
        lines = corpus(2000, 3, folder)
        print("faults: full and read-only disk", flush=True)
        full_disk(folder, lines)
        print("faults: newer schema, damaged file, search index out of step", flush=True)
        newer_schema(folder)
        damaged_file(folder)
        desynchronised_index(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"faults test: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

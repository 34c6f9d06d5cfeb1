"""Shared helpers of the reliability tests: the built `casebook` binary on one library file, and an HTTP
client for `casebook serve`. Standard library only."""
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, ".build", "debug", "casebook")
GENERATOR = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def corpus(count, seed, folder):
    """The lines of a generated corpus (contract section 2), written once to FOLDER."""
    path = os.path.join(folder, f"corpus-{count}-{seed}.jsonl")
    subprocess.run([sys.executable, GENERATOR, "--count", str(count), "--seed", str(seed), "--out", path], check=True)
    with open(path) as handle:
        return [line for line in handle if line.strip()]


def fresh_uids(lines, folder, name):
    """The corpus with a new uid on every line, so each import adds examples; returns its path and uids."""
    path = os.path.join(folder, name)
    uids = []
    with open(path, "w") as handle:
        for line in lines:
            example = json.loads(line)
            example["uid"] = str(uuid.uuid4())
            uids.append(example["uid"])
            handle.write(json.dumps(example) + "\n")
    return path, uids


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Library:
    """One library file driven through the `casebook` command."""

    def __init__(self, path, binary=BINARY):
        self.path, self.binary = path, binary

    def run(self, *arguments, check=False, timeout=120):
        command = [self.binary, *arguments[:1], "--db", self.path, *arguments[1:]]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=timeout)

    def popen(self, *arguments, env=None):
        command = [self.binary, *arguments[:1], "--db", self.path, *arguments[1:]]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    def check(self):
        """`casebook check`: (passed, what it printed)."""
        result = self.run("check")
        return result.returncode == 0, (result.stdout + result.stderr).strip()

    def count(self):
        stats = json.loads(self.run("stats", "--format", "json", check=True).stdout)
        return sum(stats["by_status"].values())

    def uids(self, status=None):
        arguments = ["dump"] + (["--status", status] if status else [])
        output = self.run(*arguments, check=True).stdout
        return {json.loads(line)["uid"] for line in output.splitlines() if line.strip()}

    def show(self, identifier):
        result = self.run("show", str(identifier), "--format", "json")
        return json.loads(result.stdout) if result.returncode == 0 else None


def submission(label):
    """A valid interchange example, distinct enough not to look like a duplicate of the others."""
    words = random.sample(["respite", "hospice", "bereavement", "night", "sitting", "carers", "pharmacy", "rural",
                           "dementia", "homeless", "chaplaincy", "volunteers", "ward", "community", "syringe"], 4)
    return {
        "title": f"{label}: {' '.join(words)} support pilot",
        "summary": f"A pilot of {words[0]} and {words[1]} support, submitted by the reliability tests ({label}).",
        "foundations": ["involving-those-important", "7"],
        "organisation": {"name": "Reliability Test Hospice", "type": "hospice"},
    }


class Client:
    """A small HTTP client for the server on a loopback port."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def request(self, path, body=None, timeout=10):
        """(status, parsed JSON or None); raises OSError when the server is unreachable."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method="POST" if data else "GET",
                                         headers={"Content-Type": "application/json"} if data else {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, parse(response.read())
        except urllib.error.HTTPError as error:
            return error.code, parse(error.read())

    def wait_until_up(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.request("/healthz", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not answer /healthz")


def parse(data):
    try:
        return json.loads(data)
    except ValueError:
        return None

#!/usr/bin/env python3
"""Attacks from outside (issue #13), against the built `casebook serve` on a loopback port, with raw
sockets so that nothing smooths the bytes on the way: bodies over the limit sent in chunks and with a
Content-Length, broken chunked framing, web forms over the limit, silent and half-header sockets, more
connections than allowed, one client across the API and the web pages, duplicate JSON keys, an overlong
moderator's note, and HEAD.

Each attack must be answered with the 4xx it names (or a closed socket, for the idle ones); no answer may
be 5xx. The table it prints is the one in docs/decision-012-one-way-in.md.
Run it from the package root after `swift build`: python3 Tests/reliability/attacks_test.py
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Library, free_port, submission  # noqa: E402

LIMIT = 20_000
IDLE = 2
rows = []
failures = []


def exchange(port, raw, timeout=10):
    """Sends RAW bytes on a new connection; returns (status, headers, body) of the first response, or
    (None, {}, b"") when the server closes without answering."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before it has read everything
        return read_response(sock)


def read_response(sock):
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    if b"\r\n\r\n" not in data:
        return None, {}, b""
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    try:
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    return status, headers, rest


def request(method, path, body=b"", headers=(), chunked=False):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    if chunked:
        lines.append("Transfer-Encoding: chunked")
        size = 8192
        payload = b"".join(f"{len(body[i:i + size]):x}\r\n".encode() + body[i:i + size] + b"\r\n"
                           for i in range(0, len(body), size)) + b"0\r\n\r\n"
    else:
        lines.append(f"Content-Length: {len(body)}")
        payload = body
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def record(attack, expected, status, reason, ok):
    rows.append((attack, expected, "closed" if status is None else str(status), reason))
    print(f"  {'ok' if ok else 'FAIL'}: {attack}: {status} {reason}", flush=True)
    if not ok:
        failures.append(attack)


def reason_of(headers, body):
    if headers.get("content-type", "").startswith("application/problem+json"):
        try:
            return json.loads(body)["detail"]
        except (ValueError, KeyError):
            return "unreadable problem+json"
    if headers.get("content-type", "").startswith("text/html"):
        text = body.decode("utf-8", "replace")
        start = text.find("<h1")
        return "HTML page: " + text[text.find(">", start) + 1:text.find("</h1>", start)].strip() if start >= 0 else "HTML page"
    return body.decode("utf-8", "replace")[:80]


def expect_status(attack, expected, raw, port, content_type=None, mentions=None):
    """The first response to RAW has status EXPECTED (and CONTENT_TYPE, and a reason that MENTIONS a text)."""
    status, headers, body = exchange(port, raw)
    reason = reason_of(headers, body)
    ok = status == expected and (content_type is None or headers.get("content-type", "").startswith(content_type))
    record(attack, str(expected), status, reason, ok and (mentions is None or mentions in reason))


def expect_closed(attack, port, raw, within):
    """The server closes a connection that sends RAW and then nothing, within WITHIN seconds."""
    with socket.create_connection(("127.0.0.1", port), timeout=within + 5) as sock:
        started = time.monotonic()
        if raw:
            sock.sendall(raw)
        try:
            data = sock.recv(1024)
        except ConnectionResetError:
            data = b""
        except socket.timeout:
            data = None
        waited = time.monotonic() - started
    ok = data is not None and waited <= within + 1
    status = None
    if data:
        status = int(data.split()[1]) if data.startswith(b"HTTP/") else None
        ok = ok and status is not None and 400 <= status < 500
    record(attack, f"closed within {within} s", status, f"after {waited:.1f} s", ok)


def main():
    folder = tempfile.mkdtemp(prefix="casebook-attacks-")
    library = Library(os.path.join(folder, "library.sqlite"))
    library.run("init", check=True)
    token = json.loads(library.run("user", "add", "attacker-check", "--role", "moderator", "--format", "json", check=True).stdout)["token"]
    port, limited_port = free_port(), free_port()
    environment = dict(os.environ, CASEBOOK_SUBMISSION_RATE="0", CASEBOOK_SEARCH_RATE="0")
    server = library.popen("serve", "--port", str(port), "--max-body-bytes", str(LIMIT), "--idle-timeout", str(IDLE),
                           "--max-connections", "40", "--log-level", "critical", env=environment)
    # A second server with small allowances, for one client across the API and the web pages.
    limited = library.popen("serve", "--port", str(limited_port), "--submission-rate", "3", "--search-rate", "3",
                            "--log-level", "critical", env=dict(os.environ))
    try:
        Client(port).wait_until_up()
        Client(limited_port).wait_until_up()
        run_attacks(port, token)
        run_rate_limits(limited_port)
    finally:
        for process in (server, limited):
            process.terminate()
            process.wait(timeout=30)
    print()
    print("| attack | expected | answer | reason |")
    print("|---|---|---|---|")
    for attack, expected, status, reason in rows:
        print(f"| {attack} | {expected} | {status} | {reason.replace('|', '/')} |")
    if failures:
        sys.exit(f"{len(failures)} attack(s) not refused as expected: {', '.join(failures)}")


def run_attacks(port, token):
    big_json = json.dumps({"title": "x" * (LIMIT * 2)}).encode()
    json_type = "Content-Type: application/json"
    bearer = f"Authorization: Bearer {token}"
    for path, extra in [("/api/v1/submissions", []), ("/api/v1/moderation/1/decision", [bearer]), ("/api/v1/collections", [bearer])]:
        expect_status(f"chunked body over the limit, POST {path}", 413,
                      request("POST", path, big_json, [json_type, *extra], chunked=True), port, "application/problem+json",
                      mentions=f"{LIMIT} bytes")
        expect_status(f"Content-Length over the limit, POST {path}", 413,
                      request("POST", path, big_json, [json_type, *extra]), port, "application/problem+json",
                      mentions=f"{LIMIT} bytes")
    expect_status("broken chunked framing, POST /api/v1/submissions", 400,
                  b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", port)
    form = b"token=" + b"a" * (LIMIT * 25)
    form_type = "Content-Type: application/x-www-form-urlencoded"
    for path in ["/submit", "/moderate/sign-in"]:
        expect_status(f"form over the limit, POST {path}", 413, request("POST", path, form, [form_type]), port, "text/html")
        expect_status(f"chunked form over the limit, POST {path}", 413,
                      request("POST", path, form, [form_type], chunked=True), port, "text/html")
    expect_status("duplicate JSON key, POST /api/v1/submissions", 400,
                  request("POST", "/api/v1/submissions", b'{"title": "a", "title": "b"}', [json_type]), port, "application/problem+json")
    note = json.dumps({"action": "reject", "note": "n" * 6000}).encode()
    expect_status("note of 6,000 characters, POST /api/v1/moderation/1/decision", 422,
                  request("POST", "/api/v1/moderation/1/decision", note, [json_type, bearer]), port, "application/problem+json")
    status, headers, body = exchange(port, request("HEAD", "/api/v1/stats/coverage"))
    record("HEAD /api/v1/stats/coverage", "200, no body", status, f"Content-Length {headers.get('content-length')}, {len(body)} bytes of body",
           status == 200 and body == b"")
    expect_closed("silent socket", port, b"", IDLE)
    expect_closed("half a request header", port, b"GET /api/v1/stats HTTP/1.1\r\nHost: 127", IDLE)
    # More silent sockets than --max-connections: new clients wait, and are served once the idle ones close.
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
    started = time.monotonic()
    status, _, _ = exchange(port, request("GET", "/healthz"), timeout=IDLE * 4 + 10)
    waited = time.monotonic() - started
    for sock in idle:
        sock.close()
    record("60 silent sockets, then a real request (40 connections allowed)", "200 once the idle ones close", status,
           f"served after {waited:.1f} s", status == 200 and IDLE - 0.5 <= waited <= IDLE * 4 + 2)


def run_rate_limits(port):
    """One client, one allowance per action: three API submissions (or searches) use it up, so the web
    pages refuse the fourth too."""
    json_type, form_type = "Content-Type: application/json", "Content-Type: application/x-www-form-urlencoded"
    answers = [exchange(port, request("POST", "/api/v1/submissions", json.dumps(submission(f"attacks {n}")).encode(), [json_type]))[0]
               for n in range(3)]
    status, headers, body = exchange(port, request("POST", "/submit", b"title=x", [form_type]))
    record("4th submission in a minute: 3 through the API, then the web form", "429", status, reason_of(headers, body),
           answers == [201, 201, 201] and status == 429 and headers.get("content-type", "").startswith("text/html"))
    answers = [exchange(port, request("GET", "/api/v1/examples?q=hospice"))[0] for _ in range(3)]
    status, headers, body = exchange(port, request("GET", "/search?q=hospice"))
    record("4th search in a minute: 3 through the API, then the search page", "429", status, reason_of(headers, body),
           answers == [200, 200, 200] and status == 429)


if __name__ == "__main__":
    main()

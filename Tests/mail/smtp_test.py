"""Mail through a real SMTP relay (#18, contract section 9), against the built `casebook serve`.

aiosmtpd on a loopback port with STARTTLS on a self-signed certificate and AUTH, the server pointed at it
with --smtp-ca-file, --smtp-user and --smtp-password-file. Checks the receipt, the new-submission notice and
the decision (headers, the encoded subject, the private link against the live server, no address on any
public route); that mail waits while the relay is down and goes out when it is back; and that with
`casebook serve` killed with SIGKILL in the middle of delivering 200 messages, ten times over, every
message arrives, duplicates only with the same Message-ID and at most one per kill. Also the review reminder
`serve` writes by itself (its links against the live server), the contact relay (Reply-To), an alert from
confirmation to digest to one-click unsubscribe, and header injection arriving as plain text. Needs aiosmtpd
(`pip install aiosmtpd`) and cryptography (which aiosmtpd's TLS here uses)."""
import datetime
import email
import email.policy
import ipaddress
import json
import logging
import os
import random
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reliability"))
from common import BINARY, Client, Library, free_port, submission  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

# aiosmtpd counts only STARTTLS as TLS for AUTH, so the implicit-TLS relay allows AUTH without it; and
# it logs a warning about its own login_data.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
logging.getLogger("mail.log").setLevel(logging.ERROR)

USER, PASSWORD = "casebook", "relay secret"
SUBMITTER = "submitter@example.org"
TITLE = "Soins à domicile: night sitting for carers — a pilot"


def certificate(folder):
    """A self-signed certificate for 127.0.0.1 and localhost; returns (cert path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "casebook test relay")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


class Mailbox:
    """Every message the relay accepted, parsed, in arrival order."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message, envelope.original_content))
        return "250 OK"

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def wait_for(self, count, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.snapshot()) >= count:
                return self.snapshot()
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, the relay has {len(self.snapshot())}")


def authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode())


class Relay:
    """aiosmtpd with STARTTLS required before AUTH, and AUTH required before MAIL."""

    def __init__(self, port, mailbox, cert, key):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.controller = Controller(mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                                     authenticator=authenticate, auth_required=True, auth_require_tls=True)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


class Server:
    """`casebook serve` on a library, pointed at the relay."""

    def __init__(self, library, port, relay_port, folder):
        password_file = os.path.join(folder, "password")
        with open(password_file, "w") as handle:
            handle.write(PASSWORD + "\n")
        self.library, self.port = library, port
        self.arguments = ["serve", "--port", str(port), "--log-level", "warning", "--smtp-host", "127.0.0.1",
                          "--smtp-port", str(relay_port), "--smtp-ca-file", os.path.join(folder, "cert.pem"),
                          "--smtp-user", USER, "--smtp-password-file", password_file, "--mail-from", "casebook@example.org",
                          "--public-url", f"http://127.0.0.1:{port}", "--mail-retry-seconds", "1"]
        self.process = None

    def start(self, mail=True):
        environment = dict(os.environ, CASEBOOK_SUBMISSION_RATE="0", CASEBOOK_SEARCH_RATE="0")
        arguments = self.arguments if mail else self.arguments[:5]
        command = [self.library.binary, arguments[0], "--db", self.library.path, *arguments[1:]]
        with open(self.library.path + ".log", "ab") as log:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=environment)
        Client(self.port).wait_until_up()
        return self

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def outbox(library, status=None):
    arguments = ["mail", "list", "--format", "json"] + (["--status", status] if status else [])
    return json.loads(library.run(*arguments, check=True).stdout)["messages"]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def by_kind(messages, subject_word):
    return [m for m in messages if subject_word in str(m[1]["Subject"])]


def check_flow(folder, cert, key):
    """Receipt, new-submission and decision through STARTTLS and AUTH; headers; the private link; privacy."""
    library = Library(os.path.join(folder, "flow.sqlite"))
    token = json.loads(library.run("user", "add", "mod", "--role", "moderator", "--email", "mod@example.org",
                                   "--format", "json", check=True).stdout)["token"]
    relay_port, port = free_port(), free_port()
    mailbox = Mailbox()
    relay = Relay(relay_port, mailbox, cert, key).start()
    server = Server(library, port, relay_port, folder).start()
    client = Client(port)
    try:
        body = dict(submission("mail"), title=TITLE, submitter_email=SUBMITTER)
        status, receipt = client.request("/api/v1/submissions", body)
        assert status == 201, (status, receipt)
        assert SUBMITTER not in json.dumps(receipt), "the submit reply repeats the submitter's address"
        messages = mailbox.wait_for(2)
        receipts = [m for m in messages if m[0] == [SUBMITTER]]
        notices = [m for m in messages if m[0] == ["mod@example.org"]]
        assert len(receipts) == 1 and len(notices) == 1, [m[0] for m in messages]
        message, raw = receipts[0][1], receipts[0][2]
        for header in ("Date", "Message-ID", "From", "To", "Subject", "MIME-Version", "Content-Type"):
            assert message[header], f"the receipt has no {header} header"
        raw_subject = next(line for line in raw.decode().split("\r\n") if line.startswith("Subject:"))
        assert "=?utf-8?B?" in raw_subject, raw_subject
        assert TITLE in str(message["Subject"]), message["Subject"]
        assert email.utils.parsedate_to_datetime(message["Date"]) is not None
        text = message.get_content()
        link = next(word for word in text.split() if word.startswith(f"http://127.0.0.1:{port}/submissions/"))
        assert link.endswith(receipt["edit_token"]), link
        link_status, page = fetch(link)
        assert link_status == 200 and "night sitting" in page, link_status
        print(f"receipt: Message-ID {message['Message-ID']}, subject {raw_subject[:60]}…, private link answers {link_status}")

        decision = {"action": "approve", "acknowledge_flags": True}
        request = urllib.request.Request(f"{client.base}/api/v1/moderation/{receipt['id']}/decision", data=json.dumps(decision).encode(),
                                         method="POST", headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        messages = mailbox.wait_for(3)
        decided = [m for m in messages[2:] if m[0] == [SUBMITTER]]
        assert decided and "is published" in str(decided[0][1]["Subject"]), [str(m[1]["Subject"]) for m in messages]
        ids = {str(m[1]["Message-ID"]) for m in messages}
        assert len(ids) == 3, ids

        for path in (f"/api/v1/examples/{receipt['id']}", f"/examples/{receipt['id']}", "/api/v1/examples?q=night+sitting",
                     "/feed.atom", "/search?q=night+sitting"):
            status, page = fetch(client.base + path)
            assert status == 200, (path, status)
            assert SUBMITTER not in page, f"{path} shows the submitter's address"
        dump = library.run("dump", check=True).stdout
        assert SUBMITTER not in dump, "casebook dump holds the submitter's address"
        sent = outbox(library, "sent")
        assert len(sent) == 3 and all(m["attempts"] == 1 for m in sent), sent
        print("flow: receipt, new-submission and decision arrived over STARTTLS with AUTH; no public route or dump shows the address")

        relay.stop()
        status, _ = client.request("/api/v1/submissions", dict(submission("down"), submitter_email="later@example.org"))
        assert status == 201
        time.sleep(4)
        waiting = [m for m in outbox(library, "pending") if m["to"] == "later@example.org"]
        assert waiting and waiting[0]["attempts"] >= 1, waiting
        relay = Relay(relay_port, mailbox, cert, key).start()
        deadline = time.monotonic() + 120
        while not [m for m in mailbox.snapshot() if m[0] == ["later@example.org"]]:
            assert time.monotonic() < deadline, "mail did not go out after the relay came back"
            time.sleep(0.2)
        print(f"relay down: the receipt waited ({waiting[0]['attempts']} attempts) and went out when the relay came back")
    finally:
        server.stop()
        relay.stop()


def post_form(url, fields):
    """A POST of form fields without a form token, as a mail program's one-click unsubscribe sends it."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def wait_for_mail(mailbox, recipient, subject_word, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in mailbox.snapshot() if m[0] == [recipient] and subject_word in str(m[1]["Subject"])]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no message to {recipient} about '{subject_word}'; the relay has "
                         f"{[(m[0], str(m[1]['Subject'])) for m in mailbox.snapshot()]}")


def links(text, base, prefix):
    return [word for word in text.split() if word.startswith(base + prefix)]


def check_reminders_contact_and_alerts(folder, cert, key):
    """The review reminder written by `serve` itself, its links against the live server; the contact relay with
    Reply-To; an alert confirmed, its digest, and one-click unsubscribe; header injection arriving as text."""
    library = Library(os.path.join(folder, "later.sqlite"))
    token = json.loads(library.run("user", "add", "mod", "--role", "moderator", "--format", "json", check=True).stdout)["token"]
    team = "team@example.org"
    due = dict(submission("due"), uid="6f1d0c1e-2b0a-4c55-9a33-5d2f8e1b7c01", title="Quokka rota for rural night sitting",
               contact={"name": "Night team", "email": team, "public": False}, status="published",
               published_at="2023-01-01T00:00:00Z", review_due="2024-01-01")
    path = os.path.join(folder, "due.jsonl")
    with open(path, "w") as handle:
        handle.write(json.dumps(due) + "\n")
    library.run("import", path, check=True)
    relay_port, port = free_port(), free_port()
    mailbox = Mailbox()
    relay = Relay(relay_port, mailbox, cert, key).start()
    server = Server(library, port, relay_port, folder)
    server.arguments += ["--mail-schedule-seconds", "2"]
    server.start()
    client = Client(port)
    base = client.base
    try:
        # the reminder, written by serve by itself; "stopped" marks the example on its public page
        reminder = wait_for_mail(mailbox, team, "still running")
        text = reminder[1].get_content()
        answers = links(text, base, "/reviews/")
        assert [a.rsplit("/", 1)[1] for a in answers] == ["running", "changed", "stopped"], answers
        status, page = fetch(answers[2])
        assert status == 200 and "stopped" in page, status
        status, found = client.request("/api/v1/examples?q=quokka+rota")
        example = found["results"][0]
        status, shown = client.request(f"/api/v1/examples/{example['id']}")
        assert shown["work_status"] == "stopped" and shown["last_confirmed"], (shown["work_status"], shown.get("last_confirmed"))
        assert team not in json.dumps(shown), "the API shows the private contact"
        status, changed = fetch(answers[1])
        assert status == 200 and "What has changed?" in changed, status
        print(f"review reminder: written by serve, three links; 'stopped' set work_status={shown['work_status']}, "
              f"last_confirmed={shown['last_confirmed']}; 'changed' asks what changed")

        # the contact relay: Reply-To the sender, the team's address never shown, identifiers refused
        refused, problem = client.request(f"/api/v1/examples/{example['id']}/contact",
                                          {"name": "Sam", "email": "sam@example.net", "message": "Our patient, NHS number 943 476 5919, asked."})
        assert refused == 422 and "message" in json.dumps(problem), (refused, problem)
        sent, answer = client.request(f"/api/v1/examples/{example['id']}/contact",
                                      {"name": "Sam Reader\r\nBcc: evil@example.org", "email": "sam@example.net",
                                       "message": "Could we see the rota template you used?"})
        assert sent == 202 and team not in json.dumps(answer), (sent, answer)
        relayed = wait_for_mail(mailbox, team, "a message about")
        assert b"\r\nReply-To: <sam@example.net>\r\n" in relayed[2], relayed[1]["Reply-To"]
        assert "rota template" in relayed[1].get_content()
        assert relayed[1]["Bcc"] is None and all(m[0] != ["evil@example.org"] for m in mailbox.snapshot())
        print(f"contact: relayed to the team with Reply-To {relayed[1]['Reply-To']}; a message with an NHS number refused (422)")

        # header injection in a subject (the title) and a name arrives as plain text
        title = "Quokka drop-in\r\nBcc: evil@example.org"
        status, receipt = client.request("/api/v1/submissions", dict(submission("inject"), title=title, submitter_email=SUBMITTER))
        assert status == 201, (status, receipt)
        injected = wait_for_mail(mailbox, SUBMITTER, "Quokka drop-in")
        raw_headers = injected[2].split(b"\r\n\r\n", 1)[0].decode()
        assert "\r\nBcc:" not in raw_headers and "Bcc: evil" in str(injected[1]["Subject"]), raw_headers
        assert all("evil@example.org" not in m[0] for m in mailbox.snapshot())
        print(f"injection: the subject arrived as one line ({str(injected[1]['Subject'])!r}); no Bcc header, no extra recipient")

        # an alert: double opt-in, one digest of new matches, one-click unsubscribe
        reader = "reader@example.net"
        status, _ = client.request("/api/v1/alerts", {"email": reader, "q": "quokka"})
        assert status == 202, status
        confirm_mail = wait_for_mail(mailbox, reader, "confirm your email updates")
        assert confirm_mail[1]["List-Unsubscribe"] and str(confirm_mail[1]["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
        confirm = links(confirm_mail[1].get_content(), base, "/alerts/confirm/")[0]
        pending = json.loads(library.run("alerts", "list", "--format", "json", check=True).stdout)["alerts"]
        assert [a["confirmed"] for a in pending] == [False], pending
        status, page = fetch(confirm)
        assert status == 200 and "updates are on" in page, status
        listed = json.loads(library.run("alerts", "list", "--format", "json", check=True).stdout)["alerts"]
        assert [(a["email"], a["query"], a["confirmed"]) for a in listed] == [(reader, "quokka", True)], listed
        published = dict(submission("alert"), title="Quokka bereavement walks in the park")
        status, new = client.request("/api/v1/submissions", published)
        decision = urllib.request.Request(f"{base}/api/v1/moderation/{new['id']}/decision",
                                          data=json.dumps({"action": "approve", "acknowledge_flags": True}).encode(), method="POST",
                                          headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(decision, timeout=10) as response:
            assert response.status == 200
        digest = wait_for_mail(mailbox, reader, "new example")
        content = digest[1].get_content()
        assert "Quokka bereavement walks in the park" in content and "drop-in" not in content, content
        example_link = links(content, base, "/examples/")[0]
        assert fetch(example_link)[0] == 200
        unsubscribe = str(digest[1]["List-Unsubscribe"]).strip("<>")
        assert unsubscribe in content and str(digest[1]["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
        status, page = post_form(unsubscribe, {"List-Unsubscribe": "One-Click"})
        assert status == 200 and "unsubscribed" in page, status
        assert json.loads(library.run("alerts", "list", "--format", "json", check=True).stdout)["alerts"] == []
        print("alert: confirmation with List-Unsubscribe, confirmed by its link, one digest listing the new example "
              "(its link answers 200), one-click POST unsubscribed and deleted the address")
    finally:
        server.stop()
        relay.stop()


def check_implicit_tls(folder, cert, key):
    """`casebook mail send` over TLS from the first byte: refused without the certificate, sent with it."""
    library = Library(os.path.join(folder, "tls.sqlite"))
    path = os.path.join(folder, "example.json")
    with open(path, "w") as handle:
        json.dump(dict(submission("tls"), submitter_email="tls@example.org"), handle)
    library.run("submit", path, check=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ssl_context=context,
                            authenticator=authenticate, auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        password_file = os.path.join(folder, "password")
        send = ["mail", "send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "tls",
                "--smtp-user", USER, "--smtp-password-file", password_file, "--mail-from", "casebook@example.org"]
        untrusted = library.run(*send)
        assert untrusted.returncode == 1 and not mailbox.snapshot(), (untrusted.returncode, untrusted.stderr[-300:])
        assert "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr, untrusted.stderr[-300:]
        trusted = library.run(*send, "--smtp-ca-file", cert)
        assert trusted.returncode == 0, trusted.stdout + trusted.stderr
        assert [m[0] for m in mailbox.snapshot()] == [["tls@example.org"]]
    finally:
        controller.stop()
    print("implicit TLS: `mail send` refused an untrusted certificate (exit 1), then sent with --smtp-ca-file (exit 0)")


def check_kills(folder, cert, key, count=200, kills=10):
    """SIGKILL in the middle of delivering COUNT messages, KILLS times: all arrive, duplicates only of the same Message-ID."""
    library = Library(os.path.join(folder, "kills.sqlite"))
    relay_port, port = free_port(), free_port()
    server = Server(library, port, relay_port, folder).start(mail=False)
    client = Client(port)
    for number in range(count):
        status, _ = client.request("/api/v1/submissions", dict(submission(f"kill {number}"), submitter_email=f"person{number}@example.org"))
        assert status == 201, status
    server.stop()
    expected = {m["to"] for m in outbox(library, "pending")}
    assert len(expected) == count, len(expected)

    mailbox = Mailbox()
    relay = Relay(relay_port, mailbox, cert, key).start()
    try:
        survived = 0
        for _ in range(kills):
            before = len(mailbox.snapshot())
            server = Server(library, port, relay_port, folder).start()
            target = before + random.randint(3, 12)
            deadline = time.monotonic() + 60
            while len(mailbox.snapshot()) < target and time.monotonic() < deadline:
                time.sleep(0.002)
            server.kill()
            survived += 1
        server = Server(library, port, relay_port, folder).start()
        deadline = time.monotonic() + 120
        while outbox(library, "pending") and time.monotonic() < deadline:
            time.sleep(0.3)
        server.stop()
    finally:
        relay.stop()
    messages = mailbox.snapshot()
    ids_by_recipient = {}
    for recipients, message, _ in messages:
        ids_by_recipient.setdefault(recipients[0], set()).add(str(message["Message-ID"]))
    duplicates = len(messages) - len({str(m[1]["Message-ID"]) for m in messages})
    missing = expected - set(ids_by_recipient)
    changed = [to for to, ids in ids_by_recipient.items() if len(ids) > 1]
    print(f"kills: {survived} SIGKILLs while delivering {count} messages; {len(messages)} received, "
          f"{count - len(missing)} of {count} arrived, {duplicates} duplicates (all with the same Message-ID), "
          f"{len(changed)} with a new Message-ID")
    assert not missing, f"{len(missing)} messages never arrived"
    assert not changed, f"{len(changed)} messages were resent with a new Message-ID"
    assert duplicates <= survived, f"{duplicates} duplicates for {survived} kills"
    assert not outbox(library, "pending") and not outbox(library, "failed")


def main():
    if not os.path.exists(BINARY):
        sys.exit(f"build first: {BINARY} is missing")
    with tempfile.TemporaryDirectory(dir=os.environ.get("MAIL_TEST_FOLDER")) as folder:
        cert, key = certificate(folder)
        check_flow(folder, cert, key)
        check_reminders_contact_and_alerts(folder, cert, key)
        check_implicit_tls(folder, cert, key)
        check_kills(folder, cert, key)
    print("mail: all checks passed")


if __name__ == "__main__":
    main()

"""A small SMTP server in a thread that keeps every message it accepts, for tests that send real
SMTP. It answers each recipient with a reply chosen by the test (e.g. 550 for ``refused@``, 451 for
``later@``), and can pause after taking a message before it confirms it, the moment in which a
client that dies will send the message again."""

from __future__ import annotations

import socketserver
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message


@dataclass
class Received:
    mail_from: str
    recipients: list[str]
    message: Message
    at: float

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"] or ""

    @property
    def outbox_uuid(self) -> str:
        return self.message["X-Wederhoor-Message"] or ""


@dataclass
class SmtpSink:
    #: Recipient address -> (code, text) for RCPT TO, or a list of them for successive attempts (the
    #: last one repeats); 250 for every address not listed.
    recipient_replies: dict[str, tuple[int, str] | list[tuple[int, str]]] = field(default_factory=dict)
    #: Seconds between taking a message and confirming it with 250.
    confirm_delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    rcpt_attempts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        sink = self

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                # A client killed mid-conversation resets the connection; that is what tests do.
                import sys

                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode("ascii") + b"\r\n")
                self.wfile.flush()

            def handle(self) -> None:
                self.reply("220 sink.example.org ESMTP")
                mail_from, recipients = "", []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode("utf-8", "replace").strip()
                    verb = command[:4].upper()
                    if verb in {"EHLO", "HELO"}:
                        self.reply("250-sink.example.org")
                        self.reply("250 8BITMIME")
                    elif verb == "MAIL":
                        mail_from, recipients = _address(command), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        address = _address(command)
                        code, text = sink._recipient_reply(address)
                        if code == 250:
                            recipients.append(address)
                        self.reply(f"{code} {text}")
                    elif verb == "DATA":
                        if not recipients:
                            self.reply("503 No valid recipients")
                            continue
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        data = self._read_data()
                        if data is None:
                            return
                        sink._keep(mail_from, recipients, data)
                        time.sleep(sink.confirm_delay)
                        self.reply("250 OK queued")
                        mail_from, recipients = "", []
                    elif verb == "RSET":
                        mail_from, recipients = "", []
                        self.reply("250 OK")
                    elif verb == "NOOP":
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

            def _read_data(self) -> bytes | None:
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return None  # the client went away before the end of the message
                    if line in {b".\r\n", b".\n"}:
                        return b"".join(lines)
                    lines.append(line[1:] if line.startswith(b"..") else line)

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _recipient_reply(self, address: str) -> tuple[int, str]:
        with self._lock:
            attempt = self.rcpt_attempts[address] = self.rcpt_attempts.get(address, 0) + 1
        reply = self.recipient_replies.get(address, (250, "OK"))
        return reply[min(attempt, len(reply)) - 1] if isinstance(reply, list) else reply

    def _keep(self, mail_from: str, recipients: list[str], data: bytes) -> None:
        with self._lock:
            self.received.append(Received(mail_from, recipients, message_from_bytes(data), time.monotonic()))

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def __enter__(self) -> SmtpSink:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def _address(command: str) -> str:
    start, end = command.find("<"), command.find(">")
    return command[start + 1 : end].lower() if 0 <= start < end else ""

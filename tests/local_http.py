"""A quiet HTTP handler for the tests' own local servers (web addresses, feeds): a subclass says
what each path answers (``answer``) and sends with ``send``."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


class QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8", length: bool = True,
             **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (a timeout test): nothing to print, nothing to fail

    def answer(self) -> None:
        raise NotImplementedError

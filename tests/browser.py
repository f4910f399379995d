"""Headless Chromium (Debian's) driven by Playwright, and a local static server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(os.environ.get("AXE_JS", REPO / ".venv/node/node_modules/axe-core/axe.min.js"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that drops a prefetch connection is not a failure


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port_url() -> tuple[_Server, str]:
    """A bound server socket (not yet serving) and its URL, to build with site_url."""
    server = _Server(("127.0.0.1", 0), _QuietHandler)
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def serve_on(server: _Server, directory: Path) -> Iterator[None]:
    """Serve ``directory`` with an already bound server."""
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(directory))  # type: ignore[assignment]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()

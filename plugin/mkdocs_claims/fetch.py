"""Fetching and reading another site's file, bounded.

An http(s) address is fetched with Python's standard library: a timeout on
every network step and a deadline for the whole download (headers
included), at most ``limit``
bytes (the declared length is checked first), redirects followed only to
http(s) addresses. A local file is read only if it is a regular file of at
most ``limit`` bytes. Every failure is a :class:`FetchError` whose message
says why, shortened; nothing else escapes.
"""

from __future__ import annotations

import os
import stat
import threading
import urllib.error
import urllib.request
from typing import Any

from . import __version__
from .output import read_regular, shorten
from .urls import url_problem

TIMEOUT = 10.0
"""Seconds: how long one network operation of a fetch may wait."""
DEADLINE = 60.0
"""Seconds: how long a whole fetch may take (a server trickling bytes)."""


class FetchError(Exception):
    """A file that cannot be fetched or read (the message says why)."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) addresses only (urllib also follows ftp)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if url_problem(newurl) is not None:
            raise urllib.error.HTTPError(
                newurl, code, "redirect to an address that is not http(s)", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, limit: int, timeout: float = TIMEOUT, deadline: float = DEADLINE) -> bytes:
    """The body of ``url`` (at most ``limit`` bytes), or :class:`FetchError`.

    The download runs in a worker thread that the caller waits for at most
    ``deadline`` seconds: a server that trickles its headers, its chunk
    sizes or its body a byte at a time (each within ``timeout``) cannot hold
    the build. A worker left behind (a daemon thread) stops at its next read
    of the body, or when the server stops sending for ``timeout`` seconds.
    """
    outcome: list[bytes | FetchError] = []
    cancelled = threading.Event()

    def work() -> None:
        try:
            outcome.append(_download(url, limit, timeout, cancelled))
        except FetchError as error:
            outcome.append(error)

    worker = threading.Thread(target=work, name="mkdocs-claims fetch", daemon=True)
    worker.start()
    worker.join(deadline)
    if not outcome:
        cancelled.set()
        raise FetchError(f"it took longer than {deadline:g} s to download")
    result = outcome[0]
    if isinstance(result, FetchError):
        raise result
    return result


def _download(url: str, limit: int, timeout: float, cancelled: threading.Event) -> bytes:
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"mkdocs-claims/{__version__} (import)",
            "Accept": "application/json",
        },
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > limit:
                raise FetchError(f"it is larger than {limit} bytes")
            chunks: list[bytes] = []
            size = 0
            while not cancelled.is_set():
                # read1: one system call, so a trickling server is noticed
                # (read(n) waits for all n bytes).
                chunk = response.read1(min(65536, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"it is larger than {limit} bytes")
            return b"".join(chunks)
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} {shorten(str(error.reason), 60)}") from None
    except urllib.error.URLError as error:
        raise FetchError(shorten(str(error.reason), 80)) from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except Exception as error:  # http.client and socket errors of every kind
        raise FetchError(shorten(str(error) or type(error).__name__, 80)) from None


def read_file(path: str, limit: int) -> bytes:
    """A local claims.json (a regular file of at most ``limit`` bytes), or :class:`FetchError`."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise FetchError("it is not a regular file")
        if info.st_size > limit:
            raise FetchError(f"it is larger than {limit} bytes")
        data = read_regular(path, limit)
    except FileNotFoundError:
        raise FetchError("there is no such file") from None
    except OSError as error:
        raise FetchError(shorten(error.strerror or type(error).__name__, 80)) from None
    if len(data) > limit:
        raise FetchError(f"it is larger than {limit} bytes")
    return data

"""The line that marks a page ``mkdocs-claims pages`` wrote.

It follows the page's front matter and names what the page shows (and, for
a report, the digest of the source it was written from). A later run of
``pages`` knows its own files by it (rewritten or removed; the site's own
pages are never touched), the claims extension which report a page shows,
and the MkDocs plugin and ``mkdocs-claims check`` that such a page is not
one of the site's own.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

if TYPE_CHECKING:
    from .site import SitePage

MARKER_RE = re.compile(
    r"^<!-- mkdocs-claims page: (report|speaker|proposition|reports|speakers|propositions) "
    r"(\S*) (\S*) \(written by mkdocs-claims pages; edits are overwritten\) -->$"
)
_HEAD_LIMIT = 64 * 1024
"""Bytes read from the top of a file to find its marker."""


@dataclass(frozen=True)
class Marker:
    """What a written page shows: its kind, key, and the digest of the
    report source it was written from (reports only)."""

    kind: str
    key: str
    digest: str = ""


def marker_line(page: SitePage, digest: str = "") -> str:
    """The marker line of a page."""
    return (
        f"<!-- mkdocs-claims page: {page.kind} {quote(page.key, safe='/')} {digest or '-'} "
        "(written by mkdocs-claims pages; edits are overwritten) -->"
    )


def read_marker(line: str) -> Marker | None:
    """The marker on ``line``, if it is one."""
    match = MARKER_RE.match(line.strip())
    if match is None:
        return None
    digest = match.group(3)
    return Marker(match.group(1), unquote(match.group(2)), "" if digest == "-" else digest)


def written_marker(path: str) -> Marker | None:
    """The marker of a file ``mkdocs-claims pages`` wrote, else None (for a
    file of the site's own, a link, or anything that is not a regular file).
    A marker counts only on the line right after the front matter."""
    try:
        if os.path.islink(path):
            return None
        # O_NONBLOCK: a FIFO named like a page must not block the build.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return None
            head = os.read(handle, _HEAD_LIMIT).decode("utf-8", errors="replace")
        finally:
            os.close(handle)
    except OSError:
        return None
    if not head.startswith("---\n"):
        return None
    end = head.find("\n---\n", 3)
    if end < 0:
        return None
    line = head[end + 5 :].split("\n", 1)[0]
    return read_marker(line)


def is_written_page(path: str) -> bool:
    """Whether ``path`` is a Markdown page ``mkdocs-claims pages`` wrote (so
    not one of the site's own: MkDocs builds the same page itself)."""
    return path.endswith(".md") and written_marker(path) is not None

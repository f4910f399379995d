"""Where the exports are written: a checked file inside the site, replaced
atomically.

An export's name comes from mkdocs.yml (``export_json``, ``export_sqlite``).
It must name a file inside the site directory, by where the path really
points (a symlink in the site counts by its target), that is not one of the
site's own pages or files. The file is written beside its target under a
temporary name and renamed over it, so a reader (``mkdocs serve``, a
deployment sync, Datasette) never sees half a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Collection, Iterator
from typing import TextIO

_SHOWN = 60


def shorten(value: str, limit: int = _SHOWN) -> str:
    """A value as it may appear in a message: on one line, at most ``limit`` characters."""
    text = " ".join(value.split()) if value.strip() else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def export_target(
    option: str, value: object, site_dir: str, default: str, taken: Collection[str] = ()
) -> tuple[str | None, str | None]:
    """The absolute path an export option names, or a message saying why
    nothing is written (``None, None`` when the option is off).

    ``value`` is the option's value: false (off), true (``default``) or a
    file name relative to the site root. ``taken`` holds the site-relative
    paths of the site's own files, which an export never replaces.
    """
    if value is False or value is None or value == "":
        return None, None
    name = default if value is True else value
    if not isinstance(name, str):
        return None, f"mkdocs.yml: {option} must be a file name or false; not written"
    shown = shorten(name)
    if "\0" in name:
        return None, f"mkdocs.yml: {option} '{shown}' is not a valid file name; not written"
    site = os.path.realpath(site_dir)
    target = os.path.realpath(os.path.join(site, name))
    relative = os.path.relpath(target, site)
    if os.path.commonpath([site, target]) != site:
        return None, f"mkdocs.yml: {option} '{shown}' is outside the site; not written"
    if target == site or name.endswith(("/", os.sep)) or os.path.isdir(target):
        return None, (
            f"mkdocs.yml: {option} '{shown}' is a directory, not a file name "
            f"(write for example {option}: {default}); not written"
        )
    if relative.replace(os.sep, "/") in taken:
        return None, (
            f"mkdocs.yml: {option} '{shown}' is a file of the site itself; "
            "not written (choose another name)"
        )
    return target, None


@contextlib.contextmanager
def replacing(target: str) -> Iterator[str]:
    """A new temporary path beside ``target`` that replaces it when the block
    ends without an exception (and is removed when it does not)."""
    directory = os.path.dirname(target)
    os.makedirs(directory, exist_ok=True)
    prefix = "." + os.path.basename(target)[:64]
    while True:
        temporary = os.path.join(directory, f"{prefix}.{secrets.token_hex(6)}.tmp")
        try:
            # Not mkstemp: its file is private (0600); an export is published,
            # so it gets the permissions of any file the build writes.
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:  # pragma: no cover - a 48-bit collision
            continue
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text_atomically(target: str, write: Callable[[TextIO], None]) -> None:
    """Write a UTF-8 text file through ``write(handle)``, replacing ``target`` at once."""
    with replacing(target) as temporary, open(temporary, "w", encoding="utf-8") as handle:
        write(handle)


CACHE = (".cache", "mkdocs-claims", "imports")
"""The folders beside mkdocs.yml where the plugin keeps what it may reuse."""


def cache_folder(project_dir: str) -> str | None:
    """``.cache/mkdocs-claims`` beside mkdocs.yml, or None when it must not be
    used: when a part of ``.cache/mkdocs-claims/imports`` that exists is a
    symbolic link or not a folder. A link committed there would make the build
    write, and read, wherever it points."""
    path = project_dir
    for part in CACHE:
        path = os.path.join(path, part)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            break
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
    return os.path.join(project_dir, *CACHE[:2])


def read_regular(path: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (one more than
    allowed, so that the caller can tell a file that is too large). Anything
    but a regular file (a FIFO, a device) raises OSError at once, never waits."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return read_at_most(handle, limit)
    finally:
        os.close(handle)


def read_at_most(handle: int, limit: int) -> bytes:
    """The content of the open file ``handle``, up to ``limit + 1`` bytes (one
    more than allowed, so that the caller can tell a file that is too large)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(handle, limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)

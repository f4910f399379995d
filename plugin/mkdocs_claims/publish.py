"""The files a newsroom writes beside its pages: ``claims.json``,
``claims.db`` and the Atom feeds, into a built site's folder.

Each writer returns what went wrong as messages for the writer of
``mkdocs.yml``, never raising for a file it cannot write.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Mapping

from .export import SiteData, write_json
from .feeds import Addresses, Feeds, atom
from .output import export_target, shorten
from .sqlite import write_sqlite


def write_exports(
    options: Mapping[str, object],
    site_dir: str,
    data: SiteData,
    site_files: Collection[str],
    written: list[str] | None = None,
) -> list[str]:
    """Write ``export_json`` and ``export_sqlite`` (as named in ``options``)
    into ``site_dir``, never over one of the site's own ``site_files``.
    Returns what went wrong; the paths written go into ``written``."""
    problems: list[str] = []
    targets: set[str] = set()
    for option, default, write in (
        ("export_json", "claims.json", write_json),
        ("export_sqlite", "claims.db", write_sqlite),
    ):
        target, problem = export_target(option, options[option], site_dir, default, site_files)
        if problem is not None:
            problems.append(problem)
        if target is None:
            continue
        if target in targets:
            problems.append(f"mkdocs.yml: {option} names the same file as export_json; not written")
            continue
        try:
            write(target, data)
        except (OSError, sqlite3.Error) as error:
            problems.append(f"mkdocs.yml: {option}: cannot write the file: {shorten(str(error))}")
        else:
            if written is not None:
                written.append(target)
        targets.add(target)
    return problems


def write_feeds(feeds: Feeds, addresses: Addresses, site_dir: str) -> tuple[list[str], list[str]]:
    """Write one Atom file per speaker and proposition, and the reports'
    feed, one at a time (never all in memory). Returns the site-relative
    paths of the feeds written, and the warnings (a feed that would replace a
    page of the site is not written)."""
    site = os.path.abspath(site_dir)
    written: list[str] = []
    problems: list[str] = []
    for feed in feeds.all():
        target = os.path.normpath(os.path.join(site, feed.path))
        if os.path.commonpath([site, target]) != site:
            continue  # ids are checked; never write outside the site all the same
        if os.path.isdir(target):
            problems.append(
                f"{feed.path}: a page of the site is already at this path; this feed is not written"
            )
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(atom(feed, addresses))
        written.append(feed.path)
    return written, problems

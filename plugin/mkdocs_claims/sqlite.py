"""``claims.db``: the site's data as a SQLite database, for newsroom data
teams (it opens in Datasette as it is).

Built with Python's standard :mod:`sqlite3` module from the same records as
``claims.json`` (:class:`mkdocs_claims.export.SiteData`), streamed row by
row. The ``contradictions`` view applies the project's rule in SQL, windows
included, so that the database answers the same pairs as the pages; full-text
search of claim and quote text uses FTS5 tables that Datasette detects
(``claims_fts``, ``quotes_fts``, external-content tables over ``claims`` and
``quotes``). docs/guide/data.md documents every table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from .export import VERSION, SiteData
from .output import replacing

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE reports (
    url TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    outlet TEXT,
    author TEXT,
    source TEXT,
    original_headline TEXT,
    summary TEXT
);
CREATE TABLE speakers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT,
    kind TEXT NOT NULL,
    aliases TEXT NOT NULL,
    native_name TEXT,
    url TEXT,
    description TEXT,
    page TEXT NOT NULL
);
CREATE TABLE propositions (
    id TEXT PRIMARY KEY,
    statement TEXT NOT NULL,
    description TEXT,
    page TEXT NOT NULL,
    "window" INTEGER
);
CREATE TABLE claims (
    url TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    report_url TEXT NOT NULL REFERENCES reports(url),
    speaker TEXT REFERENCES speakers(id),
    stance TEXT CHECK (stance IN ('affirms', 'denies')),
    proposition TEXT REFERENCES propositions(id),
    date TEXT,
    text TEXT NOT NULL,
    via TEXT REFERENCES speakers(id),
    note TEXT,
    rating TEXT REFERENCES ratings(id)
);
CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    value NUMERIC
);
CREATE TABLE quotes (
    url TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    report_url TEXT NOT NULL REFERENCES reports(url),
    speaker TEXT REFERENCES speakers(id),
    date TEXT,
    text TEXT NOT NULL
);
CREATE TABLE mentions (
    report_url TEXT NOT NULL REFERENCES reports(url),
    speaker TEXT NOT NULL REFERENCES speakers(id),
    text TEXT NOT NULL
);
CREATE INDEX claims_by_proposition ON claims (proposition, stance);
CREATE INDEX claims_by_speaker ON claims (speaker);
CREATE INDEX claims_by_report ON claims (report_url);
CREATE INDEX quotes_by_speaker ON quotes (speaker);
CREATE INDEX quotes_by_report ON quotes (report_url);
CREATE INDEX mentions_by_speaker ON mentions (speaker);
CREATE INDEX mentions_by_report ON mentions (report_url);
CREATE VIEW contradictions AS
SELECT
    a.url AS claim_url,
    b.url AS other_url,
    a.proposition AS proposition,
    a.stance AS stance,
    a.speaker AS speaker,
    b.speaker AS other_speaker,
    a.report_url AS report_url,
    b.report_url AS other_report_url,
    a.report_url = b.report_url AS same_report,
    a.date AS date,
    b.date AS other_date,
    CASE
        WHEN a.date IS NULL OR b.date IS NULL THEN NULL
        WHEN b.date < a.date THEN 'earlier'
        WHEN b.date > a.date THEN 'later'
        ELSE 'same-day'
    END AS relation,
    CAST(julianday(b.date) - julianday(a.date) AS INTEGER) AS days
FROM claims AS a
JOIN propositions AS p ON p.id = a.proposition
JOIN claims AS b
    ON b.proposition = a.proposition
    AND b.stance = CASE a.stance WHEN 'affirms' THEN 'denies' WHEN 'denies' THEN 'affirms' END
WHERE p."window" IS NULL
    OR (
        a.date IS NOT NULL AND b.date IS NOT NULL
        AND abs(julianday(a.date) - julianday(b.date)) <= p."window"
    );
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, content="claims", tokenize="unicode61 remove_diacritics 2"
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content="quotes", tokenize="unicode61 remove_diacritics 2"
);
"""
"""The tables, indexes, view and full-text tables of ``claims.db``.

``content="claims"`` is how Datasette finds the full-text table of a table
(its search box on the ``claims`` page). Foreign keys are declared so that
Datasette links a claim to its report and speaker; they are not enforced:
a claim may name a speaker or proposition the registries do not have (the
build warns about it), and the database keeps what the report says."""

_COLUMNS = {
    "reports": (
        "url",
        "path",
        "title",
        "date",
        "outlet",
        "author",
        "source",
        "original_headline",
        "summary",
    ),
    "speakers": (
        "id",
        "name",
        "role",
        "kind",
        "aliases",
        "native_name",
        "url",
        "description",
        "page",
    ),
    "propositions": ("id", "statement", "description", "page", "window"),
    "claims": (
        "url",
        "id",
        "report_url",
        "speaker",
        "stance",
        "proposition",
        "date",
        "text",
        "via",
        "note",
        "rating",
    ),
    "ratings": ("id", "name", "value"),
    "quotes": ("url", "id", "report_url", "speaker", "date", "text"),
    "mentions": ("report_url", "speaker", "text"),
}
"""The columns of each table, named as in ``claims.json`` except ``report_url``
(``report`` in the file), ``aliases`` (a JSON list, as text) and a claim's
``rating`` (the rating's id; its name and value are in ``ratings``)."""


def _row(table: str, record: dict[str, Any]) -> tuple[Any, ...]:
    values = dict(record)
    if "report" in values:
        values["report_url"] = values.pop("report")
    if table == "speakers":
        values["aliases"] = json.dumps(values["aliases"], ensure_ascii=False)
    if table == "claims":
        values["rating"] = (values.get("rating") or {}).get("id")
    return tuple(values[column] for column in _COLUMNS[table])


def _rows(table: str, records: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    for record in records:
        yield _row(table, record)


def fill(connection: sqlite3.Connection, data: SiteData) -> None:
    """Create the schema in an empty database and insert every record."""
    connection.executescript(SCHEMA)
    meta = {"version": str(VERSION), "site_url": data.site_url}
    if data.index.ratings:
        meta["rating_best"] = str(data.index.rating_scale.best)
        meta["rating_worst"] = str(data.index.rating_scale.worst)
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    tables = (
        ("reports", data.reports()),
        ("speakers", data.speakers()),
        ("propositions", data.propositions()),
        ("ratings", data.ratings()),
        ("claims", data.claims()),
        ("quotes", data.quotes()),
        ("mentions", data.mentions()),
    )
    # OR IGNORE: two sources that would make the same page (a diagnostic of
    # the build) must not stop the export; the first one's rows are kept.
    for table, records in tables:
        columns = _COLUMNS[table]
        names = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        connection.executemany(
            f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", _rows(table, records)
        )
    # Built once, after the rows: cheaper than a trigger per insert.
    connection.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
    connection.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")


def write_sqlite(target: str, data: SiteData) -> None:
    """Write ``claims.db`` at ``target``, replacing any earlier file at once."""
    with replacing(target) as temporary:
        # The empty temporary file is an empty database. No journal and no
        # syncing: a failed write leaves nothing behind but this file, removed.
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            with connection:
                fill(connection, data)
        finally:
            connection.close()

"""Sites and helpers shared by the export tests: an odd newsroom, and the
contradicting pairs as a consumer of claims.json, a data desk querying
claims.db, and a reader of the pages each see them."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from conftest import Site, make_config, write

Pair = tuple[str, str]

PAYLOAD = '</script><script>alert(1)</script><!-- & "q" \u2028'


def odd_newsroom(root: Path, windows: bool) -> None:
    """A newsroom with what is awkward for an export: hostile text in every
    field, Korean ids, a file name with spaces, quotes and '#', URLs without
    directory URLs, an undated report, claims without a stance or with an
    unknown proposition, raw HTML, entities and code in claim text, a claim
    in a list, quotes and mentions. With ``windows``, the site has a
    contradiction window and propositions their own."""
    plugin: dict[str, Any] = {
        "max_contradictions": 1000,
        "export_json": "data/claims.json",
        "export_sqlite": "data/claims.db",
    }
    propositions: dict[str, Any] = {
        "p-one": {"statement": f"P one {PAYLOAD}"},
        "평화": {"statement": "Peace holds."},
        "p-three": {"statement": "Three."},
    }
    if windows:
        plugin["contradiction_window"] = 30
        propositions["평화"]["window"] = 0
        propositions["p-three"]["window"] = 400
    speakers = {
        "hostile": {"name": PAYLOAD, "role": PAYLOAD, "aliases": [PAYLOAD]},
        "김정은": {"name": "Kim Jong Un", "native_name": "김정은", "kind": "person"},
        "plain": {"name": "Plain Speaker", "url": "https://example.org/plain"},
        "paper": {"name": "The Paper", "kind": "outlet"},
    }
    write(
        root,
        {
            "mkdocs.yml": make_config(
                plugin, use_directory_urls=False, site_url="https://news.example/odd"
            ),
            "docs/index.md": "# Home\n",
            "content/speakers.yml": yaml.safe_dump(speakers, allow_unicode=True),
            "content/propositions.yml": yaml.safe_dump(propositions, allow_unicode=True),
            "content/2020/first.md": f"""
                ---
                title: {json.dumps(PAYLOAD)}
                date: 2020-01-01
                outlet: {json.dumps(PAYLOAD)}
                author: A & B
                source: https://example.org/first?a=1&b=2
                summary: Short.
                ---

                [Kim](@김정은) and [the paper](@paper) were there.

                /// claim | hostile affirms p-one
                    id: h1
                    note: {json.dumps(PAYLOAD)}
                    via: paper

                AT&amp;T said `code <x> & y` and <b>bold</b> **strong** [Plain](@plain).

                A second paragraph with {PAYLOAD}.
                ///

                /// claim | 김정은 denies p-one

                Not so, in the same report.
                ///

                /// claim | plain affirms 평화
                    date: 2020-01-05

                <div class="raw">Raw block words</div>

                Peace.
                ///

                /// claim | plain

                No stance at all.
                ///

                /// claim | plain affirms unknown-prop

                An unknown proposition.
                ///

                /// quote | 김정은
                    id: kim-words

                Quoted words &amp; more.
                ///

                - A list with a claim:

                    /// claim | paper denies p-three

                    Nested in a list.
                    ///
                """,
            "content/2020/second.md": """
                ---
                title: Second
                date: 2020-01-20
                ---

                /// claim | paper denies p-one

                It is not.
                ///

                /// claim | 김정은 denies 평화
                    date: 2020-01-05

                Same day as the first.
                ///

                /// claim | plain affirms p-three
                    date: 2020-12-20

                Much later.
                ///
                """,
            'content/2020/odd "name" #1.md': """
                ---
                title: Odd name
                date: 2020-03-15
                ---

                /// claim | plain denies 평화

                Months later.
                ///

                /// claim | plain affirms p-one
                    id: odd

                Odd.
                ///

                /// quote | plain

                An odd quote.
                ///
                """,
            "content/undated.md": """
                ---
                title: No date
                ---

                /// claim | plain affirms p-one

                Undated.
                ///

                /// claim | paper denies 평화

                Undated too.
                ///
                """,
        },
    )


def days_between(a: str | None, b: str | None) -> int | None:
    if a is None or b is None:
        return None
    return abs((datetime.date.fromisoformat(a) - datetime.date.fromisoformat(b)).days)


def pairs_from_json(document: dict[str, Any]) -> set[Pair]:
    """The consumer's derivation documented in docs/guide/data.md."""
    date = {claim["url"]: claim["date"] for claim in document["claims"]}
    pairs: set[Pair] = set()
    for proposition in document["propositions"]:
        window = proposition["window"]
        for a in proposition["affirming"]:
            for b in proposition["denying"]:
                apart = days_between(date[a], date[b])
                if window is None or (apart is not None and apart <= window):
                    pairs |= {(a, b), (b, a)}
    return pairs


def pairs_from_db(path: Path) -> set[Pair]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT claim_url, other_url FROM contradictions").fetchall()
    assert len(rows) == len(set(rows)), "each ordered pair once"
    return {(a, b) for a, b in rows}


def pairs_from_pages(site: Site, report_urls: list[str]) -> set[Pair]:
    """Every "see also" and "disputed in this report" link of every callout,
    as (claim, other) in the URL form of claims.json."""
    pairs: set[Pair] = set()
    for url in report_urls:
        page = site.page(url)
        for link in page.select("a.claim-contradiction, .claim-disputes a"):
            assert "claim-more" not in (link.get("class") or [])
            claim = link.find_parent(class_="claim")
            resolved = site.resolve(url, link["href"])
            assert resolved is not None
            target, fragment = resolved
            pairs.add((unquote(url) + "#" + claim["id"], target + "#" + fragment))
        assert not page.select("a.claim-more"), "max_contradictions is high: nothing is capped"
    return pairs


def readable(pairs: set[Pair]) -> set[Pair]:
    """Pairs with unquoted URLs (the pages' links are resolved unquoted)."""
    return {(unquote(a), unquote(b)) for a, b in pairs}

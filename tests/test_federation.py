"""Federation: two newsrooms import each other's claims.json (one from a local
path, one over HTTP from a server on the loopback address) and link their
contradictions both ways; the cache, failures and hostile files."""

from __future__ import annotations

import http.server
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import serve
from conftest import Site, build_logged, make_config, write
from mkdocs_claims.federation import ImportEntry, Importer, parse_export, read_entries
from mkdocs_claims.fetch import FetchError, fetch_url

NORTH_URL = "https://north.example/desk/"
SOUTH_URL = "https://south.example/"

NORTH = {
    "content/speakers.yml": """
        mike-pompeo:
          name: Mike Pompeo
          role: U.S. Secretary of State
        """,
    "content/propositions.yml": """
        talks-progress:
          statement: US–North Korea talks are making substantial progress.
          window: 14
        sanctions-stay:
          statement: Sanctions stay until North Korea denuclearizes.
        """,
    "content/2018/rapid.md": """
        ---
        title: Pompeo says talks move "quite rapidly"
        date: 2018-06-11
        outlet: North Wire
        ---

        /// claim | mike-pompeo affirms talks-progress
            id: rapid

        "They are moving quite rapidly," he said.
        ///

        /// claim | mike-pompeo affirms sanctions-stay
            id: sanctions

        Sanctions stay.
        ///
        """,
}

SOUTH = {
    "content/speakers.yml": """
        victor-cha:
          name: Victor Cha
        washington-post:
          name: The Washington Post
          kind: outlet
        mike-pompeo:
          name: Mike Pompeo
        """,
    "content/propositions.yml": """
        talks-progress:
          statement: The talks are progressing.
        sanctions-stay:
          statement: Sanctions stay.
        """,
    "content/june/cha.md": """
        ---
        title: Cha doubts the talks
        date: 2018-06-12
        outlet: South Daily
        ---

        /// claim | victor-cha denies talks-progress
            id: first-base
            note: "an interview"

        They can't even get past first base.
        ///

        /// claim | mike-pompeo denies sanctions-stay
            id: relief

        Some relief may come early.
        ///
        """,
    "content/july/late.md": """
        ---
        title: Still no progress
        date: 2018-07-30
        ---

        /// claim | washington-post denies talks-progress
            id: later-doubt

        Seven weeks on, nothing has moved.
        ///
        """,
}


def config(site_url: str, imports: list[dict[str, Any]]) -> str:
    return make_config({"import": imports, "export_sqlite": "claims.db"}, site_url=site_url)


def external_links(site: Site, url: str, claim: str) -> list[Any]:
    return site.page(url).select(f"#claim-{claim} .claim-contradictions a.claim-external")


@contextmanager
def no_proxy() -> Iterator[None]:
    """Requests to the loopback server never go through a configured proxy."""
    saved = {key: os.environ.get(key) for key in ("no_proxy", "NO_PROXY")}
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    """North imports South's claims.json from a path; South imports North's
    over HTTP. North is built first (South's file does not exist yet), then
    South, then North again; then South with the server down (the cache),
    and without its cache."""
    root = tmp_path_factory.mktemp("federation")
    north, south = root / "north", root / "south"
    write(north, NORTH)
    write(south, SOUTH)
    north_imports = [{"name": "South Desk", "url": "../south/site/claims.json"}]
    write(north, {"mkdocs.yml": config(NORTH_URL, north_imports)})
    built: dict[str, Site] = {}
    with no_proxy():
        built["north-alone"] = build_logged(north)
        with serve(north / "site") as address:
            south_imports = [{"name": "North Desk", "url": address + "claims.json"}]
            write(south, {"mkdocs.yml": config(SOUTH_URL, south_imports)})
            built["south"] = build_logged(south)
        built["north"] = build_logged(north, site_dir=str(north / "site-2"))
        # The server is down now: the cached copy is used, with a warning.
        built["south-cached"] = build_logged(south, site_dir=str(south / "site-cached"))
        shutil.rmtree(south / ".cache" / "mkdocs-claims" / "imports")
        built["south-nothing"] = build_logged(south, site_dir=str(south / "site-nothing"))
    return built


def test_a_missing_local_file_is_a_warning_and_the_build_goes_on(sites: dict[str, Site]):
    alone = sites["north-alone"]
    assert [w for w in alone.warnings if "South Desk" in w] == [
        # The entry's own line in mkdocs.yml ("- name: South Desk").
        "mkdocs.yml:10: import 'South Desk': cannot read ../south/site/claims.json: there is "
        "no such file; its claims are left out"
    ]
    assert alone.exists("reports/2018/rapid/")
    assert external_links(alone, "reports/2018/rapid/", "rapid") == []


def test_contradictions_are_linked_both_ways_with_absolute_urls(sites: dict[str, Site]):
    north, south = sites["north"], sites["south"]
    assert north.warnings == []
    assert south.warnings == []
    # North -> South (imported from a path): South's own site_url makes the address.
    (link,) = external_links(north, "reports/2018/rapid/", "rapid")
    assert link["href"] == SOUTH_URL + "reports/june/cha/#claim-first-base"
    assert link["class"] == ["claim-contradiction", "claim-external"]
    assert link["data-site"] == "South Desk"
    assert link["data-relation"] == "later"
    item = link.find_parent("li")
    assert item.select_one(".claim-site").get_text() == "on South Desk"
    assert link.select_one(".claim-other-speaker").get_text() == "Victor Cha"
    assert link.select_one(".claim-report-title").get_text() == "Cha doubts the talks"
    assert item.select_one(".claim-outlet").get_text() == "South Daily"
    assert item.select_one(".claim-relation").get_text() == "1 day later"
    assert item.select_one(".claim-other-note").get_text() == "(an interview)"
    # South -> North (fetched over HTTP): North's site_url, not the fetched address.
    (back,) = external_links(south, "reports/june/cha/", "first-base")
    assert back["href"] == NORTH_URL + "reports/2018/rapid/#claim-rapid"
    assert back["data-site"] == "North Desk"
    assert back["data-relation"] == "earlier"
    (relief,) = external_links(south, "reports/june/cha/", "relief")
    assert relief["href"] == NORTH_URL + "reports/2018/rapid/#claim-sanctions"


def test_windows_follow_this_sites_rule(sites: dict[str, Site]):
    """talks-progress has a 14-day window in North's registry and none in
    South's: South's July claim (49 days after North's) contradicts it on
    South's pages only."""
    north, south = sites["north"], sites["south"]
    hrefs = [a["href"] for a in external_links(north, "reports/2018/rapid/", "rapid")]
    assert SOUTH_URL + "reports/july/late/#claim-later-doubt" not in hrefs
    (late,) = external_links(south, "reports/july/late/", "later-doubt")
    assert late["href"] == NORTH_URL + "reports/2018/rapid/#claim-rapid"
    assert late.find_parent("li").select_one(".claim-relation").get_text() == "49 days earlier"


def test_imported_claims_are_never_taken_for_ours(sites: dict[str, Site]):
    north = sites["north"]
    # South also has a "mike-pompeo", who denies sanctions-stay: not North's Pompeo's claim.
    speaker = north.page("speakers/mike-pompeo/")
    assert speaker.select(".claim-external") == []
    assert speaker.select(".speaker-reversal") == []
    assert len(speaker.select("a.claim-ref")) == 2
    # The proposition page lists them apart, under the other site's name.
    proposition = north.page("propositions/talks-progress/")
    assert len(proposition.select(".proposition-side a.claim-ref")) == 1
    section = proposition.select_one(".proposition-external")
    assert section.select_one("h2").get_text() == "On other sites (2)"
    links = section.select("a.claim-external")
    assert [a["href"] for a in links] == [
        SOUTH_URL + "reports/june/cha/#claim-first-base",
        SOUTH_URL + "reports/july/late/#claim-later-doubt",
    ]
    assert {a["data-site"] for a in links} == {"South Desk"}
    assert [li["data-stance"] for li in section.select("li")] == ["denies", "denies"]
    # The propositions index counts this site's claims only.
    row = north.page("propositions/").select_one("tr[data-proposition=talks-progress]")
    assert row.select_one(".count-against").get_text() == "0"
    # Neither export lists them.
    text = (north.site_dir / "claims.json").read_text("utf-8")
    assert "south.example" not in text and "first-base" not in text
    with sqlite3.connect(north.site_dir / "claims.db") as db:
        assert db.execute("SELECT count(*) FROM claims").fetchone() == (2,)
        assert db.execute("SELECT count(*) FROM contradictions").fetchone() == (0,)


def test_a_page_of_the_other_site_is_never_linked_relatively(sites: dict[str, Site]):
    for site in (sites["north"], sites["south"]):
        for path in site.html_files():
            page = site.page(site.url_of(path))
            for link in page.select("a.claim-external"):
                assert link["href"].startswith(("https://", "http://")), link
                assert link["rel"] == ["external"]
                # The hover preview's hook: only links to this site carry data-claim.
                assert not link.has_attr("data-claim")


def test_the_cached_copy_is_used_when_the_server_is_down(sites: dict[str, Site]):
    cached = sites["south-cached"]
    (warning,) = cached.warnings
    assert warning.startswith("mkdocs.yml:10: import 'North Desk': cannot fetch http://127.0.0.1:")
    assert "; the cached copy of 20" in warning and warning.endswith(" UTC is used")
    (link,) = external_links(cached, "reports/june/cha/", "first-base")
    assert link["href"] == NORTH_URL + "reports/2018/rapid/#claim-rapid"


def test_without_a_cache_the_build_goes_on_with_a_warning(sites: dict[str, Site]):
    nothing = sites["south-nothing"]
    (warning,) = nothing.warnings
    assert "cannot fetch" in warning
    assert warning.endswith("; no cached copy, its claims are left out")
    assert external_links(nothing, "reports/june/cha/", "first-base") == []
    assert nothing.exists("reports/june/cha/")


def test_check_reads_the_same_imports_without_fetching(sites: dict[str, Site], capsys):
    from mkdocs_claims.cli import main

    north = sites["north"].root
    assert main(["check", str(north), "-v"]) == 0
    err = capsys.readouterr().err
    assert "South Desk: 3 claim(s) with a stance read (file)" in err
    assert "3 imported claim(s) on this site's propositions" in err
    # South's import is an http(s) URL: check reads only the cache (gone now).
    south = sites["south"].root
    assert main(["check", str(south), "-v"]) == 0
    err = capsys.readouterr().err
    assert "is not fetched and has no cached copy" in err


def test_a_cache_of_imports_committed_as_a_link_is_not_written_through(
    sites: dict[str, Site], tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    # `.cache/mkdocs-claims/imports` committed as a link to another folder:
    # the fetched file (whose contents another site chooses) is not written
    # there, and the import still works from the fetch.
    south = tmp_path / "south"
    write(south, SOUTH)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (south / ".cache/mkdocs-claims").mkdir(parents=True)
    os.symlink(outside, south / ".cache/mkdocs-claims/imports")
    caplog.set_level(logging.INFO)
    with no_proxy(), serve(sites["north"].site_dir) as address:
        write(
            south,
            {"mkdocs.yml": config(SOUTH_URL, [{"name": "North", "url": address + "claims.json"}])},
        )
        built = build_logged(south)
    assert list(outside.iterdir()) == []
    assert built.warnings == []
    assert any("not a plain folder" in r.getMessage() for r in caplog.records)
    (back,) = external_links(built, "reports/june/cha/", "first-base")
    assert back["href"] == NORTH_URL + "reports/2018/rapid/#claim-rapid"


# -- the entries of mkdocs.yml --------------------------------------------------------------


def test_bad_entries_are_diagnostics_naming_the_entry(tmp_path: Path):
    entries, problems = read_entries(
        [
            {"name": "Good", "url": "other/claims.json", "base": "https://good.example"},
            {"url": "https://nameless.example/claims.json"},
            {"name": "Files", "url": "file:///etc/passwd"},
            {"name": "Ftp", "url": "ftp://ftp.example/claims.json"},
            {"name": "Sneaky", "url": "https://trusted.example@evil.example/claims.json"},
            {"name": "Base", "url": "a.json", "base": "javascript:alert(1)//"},
            {"name": "good", "url": "b.json"},
            {"name": "Typo", "url": "c.json", "bsae": "https://c.example/"},
            {"name": "Same file", "url": "./other/claims.json"},
            "just a string",
        ],
        str(tmp_path),
        "mkdocs.yml",
    )
    assert [(e.name, e.path, e.base) for e in entries] == [
        ("Good", str(tmp_path / "other" / "claims.json"), "https://good.example/"),
        ("Typo", str(tmp_path / "c.json"), None),
    ]
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: import entry 2: has no 'name' (the other site's name, shown beside "
        "its claims)",
        "mkdocs.yml:1: import 'Files': url 'file:///etc/passwd' is neither an http(s) URL "
        "nor a local path; the entry is ignored",
        "mkdocs.yml:1: import 'Ftp': url 'ftp://ftp.example/claims.json' is neither an "
        "http(s) URL nor a local path; the entry is ignored",
        "mkdocs.yml:1: import 'Sneaky': url 'https://trusted.example@evil.example/claims.json' "
        "is an http(s) URL with user information before '@', which hides the real host; "
        "the entry is ignored",
        "mkdocs.yml:1: import 'Base': base 'javascript:alert(1)//' is not an http(s) URL; "
        "the entry is ignored",
        "mkdocs.yml:1: import 'good': is given twice; the second entry is ignored",
        "mkdocs.yml:1: import 'Typo': unknown key 'bsae'; accepted keys: name, url, base, max_size",
        "mkdocs.yml:1: import 'Same file': imports the same file as an earlier entry; it is "
        "ignored",
        "mkdocs.yml:1: import entry 10: must be a mapping with 'name' and 'url'; it is ignored",
    ]
    assert read_entries("claims.json", str(tmp_path), "mkdocs.yml")[1][0].message == (
        "import: must be a list of entries such as '- {name: Other desk, url: …}'"
    )


def test_an_entrys_messages_point_at_its_own_line_in_build_and_check(tmp_path: Path):
    # A hand-written mkdocs.yml with comments, a tag MkDocs resolves (!ENV)
    # and flow-style entries: every message is at the entry it is about.
    write(
        tmp_path,
        {
            "mkdocs.yml": """
                site_name: Lines
                theme:
                  name: mkdocs
                plugins:
                  - search
                  # other sites' claims
                  - claims:
                      contradiction_window: -1
                      import:
                        - name: Good
                          url: !ENV [GOOD_CLAIMS, good.json]

                        - {name: Nameless}
                        - name: Files
                          url: file:///etc/passwd
                """,
            "good.json": json.dumps(v2()),
            "content/r.md": "---\ntitle: R\ndate: 2018-06-11\n---\n\nText.\n",
        },
    )
    expected = [
        "mkdocs.yml:8: contradiction_window is -1; write a whole number of days (0 or more), "
        "or null for no limit — no limit is applied",
        "mkdocs.yml:13: import 'Nameless': has no 'url' (the other site's claims.json: an "
        "http(s) URL or a path)",
        "mkdocs.yml:14: import 'Files': url 'file:///etc/passwd' is neither an http(s) URL nor "
        "a local path; the entry is ignored",
    ]
    assert sorted(build_logged(tmp_path).warnings) == sorted(expected)
    checked = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(checked.stdout.splitlines()) == sorted(expected), checked.stderr


# -- hostile and invalid files ------------------------------------------------------------------


def v2(**changes: Any) -> dict[str, Any]:
    """A small valid claims.json version 2, with ``changes`` applied."""
    document: dict[str, Any] = {
        "version": 2,
        "site_url": "https://other.example/",
        "reports": [
            {
                "url": "reports/r/",
                "path": "content/r.md",
                "title": "A report",
                "date": "2018-06-12",
                "outlet": None,
                "author": None,
                "source": None,
                "original_headline": None,
                "summary": None,
            }
        ],
        "speakers": [
            {
                "id": "x",
                "name": "X",
                "role": None,
                "kind": "person",
                "aliases": [],
                "native_name": None,
                "url": None,
                "description": None,
                "page": "speakers/x/",
            }
        ],
        "propositions": [],
        "claims": [claim()],
        "quotes": [],
    }
    document.update(changes)
    return document


def claim(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "c",
        "url": "reports/r/#claim-c",
        "speaker": "x",
        "stance": "denies",
        "proposition": "talks-progress",
        "text": "No.",
        "date": "2018-06-12",
        "via": None,
        "note": None,
        "report": "reports/r/",
    }
    record.update(changes)
    return record


ENTRY = ImportEntry("Other", "other.json", "/nowhere/other.json")


def problems_of(data: bytes, entry: ImportEntry = ENTRY) -> str:
    parsed = parse_export(data, entry)
    assert parsed.claims == ()
    return "; ".join(parsed.problems)


def dump(document: Any) -> bytes:
    return json.dumps(document).encode("utf-8")


def test_a_valid_file_gives_claims_at_absolute_addresses():
    parsed = parse_export(dump(v2()), ENTRY)
    assert parsed.valid and parsed.skipped == 0
    (only,) = parsed.claims
    assert only.url == "https://other.example/reports/r/#claim-c"
    assert (only.site, only.speaker_name, only.report_title) == ("Other", "X", "A report")
    # base wins over the file's own site_url (the editor's word over the file's).
    based = ImportEntry("Other", "o.json", "/o.json", base="https://mirror.example/o/")
    assert parse_export(dump(v2()), based).claims[0].url.startswith("https://mirror.example/o/")


def test_texts_repeated_in_callouts_are_bounded_like_ours():
    # Another site's names, titles, outlets and notes are shown in the callout
    # of every claim they contradict: 500 characters at most, like this site's.
    document = v2(claims=[claim(note="n" * 10_000)])
    document["speakers"][0]["name"] = "S" * 10_000
    document["reports"][0].update(title="T" * 10_000, outlet="O" * 10_000)
    (only,) = parse_export(dump(document), ENTRY).claims
    for text in (only.speaker_name, only.report_title, only.report_outlet, only.note):
        assert text is not None and len(text) == 500 and text.endswith("…")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (dump(v2(version=1)), "it is claims.json version 1; only version 2 can be imported"),
        (dump({"claims": []}), "it is claims.json version 1; only version 2 can be imported"),
        (dump(v2(version=3)), "it is claims.json version 3"),
        (dump(v2(version=True)), "version True"),
        (dump([1, 2]), "it is not a claims.json (no list of claims)"),
        (b"\xff\xfe{", "it is not UTF-8 text"),
        (b'{"version": 2, "claims": [}', "it is not JSON"),
        (b'{"version": 2, "claims": [], "x": NaN}', "it is not JSON (NaN is not a JSON number"),
        (b"[" * 100_000 + b"]" * 100_000, "it nests deeper than 16 levels"),
        # An unclosed string of escaped quotes: the nesting check stays linear
        # (a pattern that restarted at every quote took hours on this).
        (b'"' + b'\\"' * 2_000_000, "it is not JSON"),
        (dump(v2(claims=[claim(stance="maybe")])), "at claims/0/stance: 'maybe' is not one of"),
        (dump(v2(claims=[claim(extra=1)])), "Additional properties are not allowed"),
        (dump(v2(site_url=None)), "it has no site_url, so its claims cannot be linked"),
        (dump(v2(site_url="javascript://x/")), "its site_url 'javascript://x/' is not an http"),
        (
            dump(v2(site_url="https://trusted.example@evil.example/")),
            "with user information",
        ),
        (
            dump(v2(claims=[claim(url=f"reports/r/#claim-{n}", stance=5) for n in range(9)])),
            "; and more)",
        ),
    ],
)
def test_an_invalid_file_is_a_problem_never_an_exception(data: bytes, expected: str):
    assert expected in problems_of(data)


def test_a_huge_file_is_not_read():
    small = ImportEntry("Other", "other.json", "/nowhere/other.json", max_size=1000)
    big = dump(v2(claims=[claim(url=f"reports/r/#claim-{n}", id=str(n)) for n in range(50)]))
    assert problems_of(big, small) == "it is larger than 1000 bytes"


def test_addresses_that_leave_the_other_site_are_left_out():
    bad = [
        "https://evil.example/#claim-a",
        "javascript:alert(1)#claim-b",
        "../../elsewhere/#claim-c",
        "reports/%2e%2e/%2E%2E/x/#claim-d",
        "reports\\x/#claim-e",
        "reports/a b/#claim-f",
    ]
    document = v2(claims=[claim(url=url, id=str(n)) for n, url in enumerate(bad)] + [claim()])
    parsed = parse_export(dump(document), ENTRY)
    assert [c.url for c in parsed.claims] == ["https://other.example/reports/r/#claim-c"]
    assert parsed.skipped == len(bad)
    assert "is not on the site" in parsed.skipped_reason
    # A date that matches the pattern but does not exist is left out too.
    parsed = parse_export(dump(v2(claims=[claim(date="2018-02-30")])), ENTRY)
    assert parsed.claims == () and "does not exist" in parsed.skipped_reason


def test_an_address_too_long_to_link_is_left_out():
    # Linked from every claim it contradicts: a megabyte address would make
    # each of this site's callouts on the proposition a megabyte longer.
    long = "reports/" + "a" * 1_000_000 + "/#claim-c"
    parsed = parse_export(dump(v2(claims=[claim(url=long), claim(url="r/#claim-d")])), ENTRY)
    assert [c.url for c in parsed.claims] == ["https://other.example/r/#claim-d"]
    assert parsed.skipped == 1 and "is too long to link" in parsed.skipped_reason
    assert len(parsed.skipped_reason) < 200


def test_a_hostile_file_is_escaped_in_the_page(tmp_path: Path):
    script = "<script>alert(1)</script>"
    hostile = v2(
        reports=[{**v2()["reports"][0], "title": script, "outlet": "<img src=x onerror=alert(2)>"}],
        speakers=[{**v2()["speakers"][0], "name": f"X{script}"}],
        claims=[claim(note='"><svg onload=alert(3)>', text=script)],
    )
    other = tmp_path / "other.json"
    other.write_text(json.dumps(hostile), encoding="utf-8")
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(
                {"import": [{"name": f"Other {script}", "url": "other.json"}]}
            ),
            "content/propositions.yml": "talks-progress:\n  statement: Progress.\n",
            "content/speakers.yml": "me:\n  name: Me\n",
            "content/r.md": """
                ---
                title: R
                date: 2018-06-11
                ---

                /// claim | me affirms talks-progress
                    id: mine

                Yes.
                ///
                """,
        },
    )
    site = build_logged(tmp_path)
    assert site.warnings == []
    for url in ("reports/r/", "propositions/talks-progress/"):
        page = site.page(url)
        code = [s for s in page.select("script") if s.get("type") != "application/ld+json"]
        assert not [s for s in code if "alert" in s.get_text()]
        assert page.select("img[onerror], svg[onload]") == []
        link = page.select_one("a.claim-external")
        assert link["data-site"] == f"Other {script}"
        assert link.select_one(".claim-other-speaker").get_text() == f"X{script}"
        assert link.select_one(".claim-report-title").get_text() == script
    note = site.page("reports/r/").select_one(".claim-contradictions .claim-other-note")
    assert note.get_text() == '("><svg onload=alert(3)>)'
    # Another site's claims are never in this site's JSON-LD.
    ld = site.page("reports/r/").select_one('script[type="application/ld+json"]').string
    assert [item["@id"] for item in json.loads(ld)["@graph"]] == ["#claim-mine"]


def test_an_invalid_file_in_a_build_is_a_warning_naming_the_entry(tmp_path: Path):
    (tmp_path / "v1.json").write_text(json.dumps({"claims": [], "site_url": None}), "utf-8")
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config({"import": [{"name": "Old desk", "url": "v1.json"}]}),
            "content/r.md": "---\ntitle: R\ndate: 2018-06-11\n---\n\nText.\n",
        },
    )
    site = build_logged(tmp_path)
    assert site.warnings == [
        "mkdocs.yml:9: import 'Old desk': v1.json: it is claims.json version 1; only version 2 "
        "can be imported (the other site should upgrade mkdocs-claims)"
    ]
    assert site.exists("reports/r/")


def test_this_sites_own_file_is_not_imported(tmp_path: Path):
    (tmp_path / "me.json").write_text(json.dumps(v2(site_url="https://me.example/")), "utf-8")
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(
                {"import": [{"name": "Me", "url": "me.json"}]}, site_url="https://me.example"
            ),
            "content/propositions.yml": "talks-progress:\n  statement: Progress.\n",
            "content/r.md": "---\ntitle: R\ndate: 2018-06-11\n---\n\nText.\n",
        },
    )
    site = build_logged(tmp_path)
    assert site.warnings == [
        "mkdocs.yml:9: import 'Me': it is this site's own claims.json (https://me.example/); "
        "it is ignored"
    ]


def test_a_dirty_build_follows_the_imported_file(tmp_path: Path):
    """--dirty rebuilds the pages whose contradictions with another site's
    claims changed, and they come out as in a clean build."""
    from test_dirty import pages, run

    other = tmp_path / "other.json"
    other.write_text(json.dumps(v2(claims=[])), "utf-8")
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config({"import": [{"name": "Other", "url": "other.json"}]}),
            "docs/index.md": "# Home\n",
            "content/propositions.yml": "talks-progress:\n  statement: Progress.\n"
            "other-prop:\n  statement: Other.\n",
            "content/speakers.yml": "me:\n  name: Me\n",
            "content/r.md": "---\ntitle: R\ndate: 2018-06-11\n---\n\n"
            "/// claim | me affirms talks-progress\n    id: mine\n\nYes.\n///\n",
            "content/s.md": "---\ntitle: S\ndate: 2018-06-11\n---\n\n"
            "/// claim | me affirms other-prop\n    id: untouched\n\nYes.\n///\n",
        },
    )
    dirty, clean = tmp_path / "dirty", tmp_path / "clean"
    run(tmp_path, dirty, dirty=False)
    before = {name: os.stat(dirty / name).st_mtime_ns for name in pages(dirty)}
    other.write_text(json.dumps(v2()), "utf-8")  # now it denies talks-progress
    run(tmp_path, dirty, dirty=True)
    run(tmp_path, clean, dirty=False)
    assert pages(dirty) == pages(clean)
    rebuilt = {n for n in pages(dirty) if os.stat(dirty / n).st_mtime_ns != before.get(n)}
    assert {"reports/r/index.html", "propositions/talks-progress/index.html"} <= rebuilt
    assert "reports/s/index.html" not in rebuilt
    page = BeautifulSoup((dirty / "reports/r/index.html").read_text("utf-8"), "html.parser")
    (link,) = page.select("#claim-mine a.claim-external")
    assert link["href"] == "https://other.example/reports/r/#claim-c"


# -- fetching -------------------------------------------------------------------------------


class _Odd(http.server.BaseHTTPRequestHandler):
    """A server that misbehaves in the ways a fetch must survive."""

    def _trickle(self, data: bytes) -> None:
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the client gave up

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/claims.json")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b" " * 5000)
        elif self.path == "/unsized":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b" " * 5000)
        elif self.path == "/slow":
            self.send_response(200)
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/trickle":
            # A byte at a time, each well within the timeout: read(n) would
            # wait for all n bytes, so only "larger than" would end it.
            self.send_response(200)
            self.end_headers()
            self._trickle(b" " * 2000)
        elif self.path == "/trickled-headers":
            self.wfile.write(b"HTTP/1.0 200 OK\r\n")
            self._trickle(b"X-Padding: " + b"x" * 400 + b"\r\nContent-Length: 5000\r\n\r\n")
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def odd_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Odd)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with no_proxy():
        yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("path", "limit", "deadline", "expected"),
    [
        ("/redirect", 1000, 60.0, "redirect to an address that is not http(s)"),
        ("/big", 1000, 60.0, "it is larger than 1000 bytes"),
        ("/unsized", 1000, 60.0, "it is larger than 1000 bytes"),
        ("/slow", 1000, 0.5, "it took longer than 0.5 s"),
        ("/trickle", 1000, 0.5, "it took longer than 0.5 s"),
        ("/trickled-headers", 1000, 0.5, "it took longer than 0.5 s"),
        ("/missing", 1000, 60.0, "HTTP 404"),
    ],
)
def test_a_fetch_is_bounded(odd_server: str, path: str, limit: int, deadline: float, expected):
    with pytest.raises(FetchError) as raised:
        fetch_url(odd_server + path, limit, timeout=5, deadline=deadline)
    assert expected in str(raised.value)


def test_serve_reuses_a_fetched_file_for_a_while(tmp_path: Path):
    calls: list[str] = []
    clock = [0.0]

    def fetcher(url: str, limit: int) -> bytes:
        calls.append(url)
        return dump(v2())

    importer = Importer(str(tmp_path), fetcher=fetcher, clock=lambda: clock[0])
    entry = ImportEntry("Other", "https://other.example/claims.json")
    for _ in range(3):
        assert len(importer.load([entry], "mkdocs.yml").claims) == 1
    assert len(calls) == 1
    clock[0] = 301.0
    importer.load([entry], "mkdocs.yml")
    assert len(calls) == 2
    cached = importer.cache_path(entry)
    assert cached is not None and json.loads(Path(cached).read_text("utf-8"))["version"] == 2


def test_an_invalid_fetched_file_keeps_the_last_good_copy(tmp_path: Path):
    answers = [dump(v2()), b"<html>maintenance</html>"]
    importer = Importer(str(tmp_path), fetcher=lambda url, limit: answers.pop(0), ttl=0)
    entry = ImportEntry("Other", "https://other.example/claims.json")
    assert len(importer.load([entry], "mkdocs.yml").claims) == 1
    result = importer.load([entry], "mkdocs.yml")
    assert len(result.claims) == 1
    assert [d.kind for d in result.diagnostics] == ["invalid_import", "import_unavailable"]
    assert "it is not JSON" in result.diagnostics[0].message
    assert "the fetched file is not usable; the cached copy of" in result.diagnostics[1].message


def test_the_import_option_is_the_yaml_key_import(tmp_path: Path):
    from mkdocs.config import load_config

    write(tmp_path, {"mkdocs.yml": make_config({"import": [{"name": "A", "url": "a.json"}]})})
    (tmp_path / "docs").mkdir()
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["claims"]
    assert plugin.config.import_ == [{"name": "A", "url": "a.json"}]
    assert yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["plugins"][1]["claims"][
        "import"
    ] == [{"name": "A", "url": "a.json"}]

"""claims.json version 2 and claims.db, as a consumer, a data desk and Datasette see them.

Every build here is real; the contradicting pairs are derived three ways (from
claims.json by the documented rule, from the database's view, from the
links of the built pages) and must be the same.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, Site, build_site, make_config, write
from data_sites import (
    odd_newsroom,
    pairs_from_db,
    pairs_from_json,
    pairs_from_pages,
    readable,
)
from mkdocs_claims.export import PlainText, SiteData, claims_document, write_claims_json
from mkdocs_claims.layout import Layout
from mkdocs_claims.output import export_target
from mkdocs_claims.scan import Sources, scan

SCHEMA_PATH = REPO / "plugin" / "mkdocs_claims" / "schema" / "claims.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
TABLES = ("meta", "reports", "speakers", "propositions", "claims", "quotes", "mentions")


def validate(document: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []


def export_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "export", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in TABLES
        }


def check_document(site: Site, document: dict[str, Any]) -> None:
    """What holds of any claims.json: the schema, unique keys, real anchors,
    lists that name real claims."""
    validate(document)
    assert document["version"] == 2
    claims = {claim["url"]: claim for claim in document["claims"]}
    assert len(claims) == len(document["claims"])
    quotes = {quote["url"] for quote in document["quotes"]}
    assert len(quotes) == len(document["quotes"])
    reports = {report["url"] for report in document["reports"]}
    for url in [*claims, *quotes]:
        page, anchor = url.split("#", 1)
        assert page in reports
        assert site.page(page).find(id=anchor) is not None, url
    for proposition in document["propositions"]:
        for side, stance in (("affirming", "affirms"), ("denying", "denies")):
            for url in proposition[side]:
                assert claims[url]["stance"] == stance
                assert claims[url]["proposition"] == proposition["id"]


# -- the sample newsroom ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site_dir = tmp_path_factory.mktemp("sample-data")
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"),
        site_dir=str(site_dir),
        plugins=[
            "search",
            {"claims": {"max_contradictions": 1000, "export_sqlite": "claims.db"}},
        ],
        strict=True,
    )
    build(config)
    return Site(REPO, Path(site_dir))


def test_sample_claims_json_is_version_2_and_valid(sample: Site):
    document = sample.json()
    check_document(sample, document)
    assert document["site_url"] is None
    assert "contradicts" not in json.dumps(document["claims"])
    claims = {claim["url"]: claim for claim in document["claims"]}
    rapid = claims["reports/2018/pompeo-rapid-progress/#claim-rapid"]
    assert rapid["report"] == "reports/2018/pompeo-rapid-progress/"
    assert "They are moving quite rapidly" in rapid["text"]
    progress = next(p for p in document["propositions"] if p["id"] == "talks-progress")
    assert rapid["url"] in progress["affirming"]
    assert "reports/2018/second-summit/#claim-little-to-no-progress" in progress["denying"]
    assert progress["window"] == 14  # the sample's own window for this proposition


def test_sample_pairs_agree_in_json_database_and_pages(sample: Site):
    document = sample.json()
    from_json = pairs_from_json(document)
    assert ("reports/2018/pompeo-rapid-progress/#claim-willing",
            "reports/2018/second-summit/#claim-stalling-tactics") in from_json  # fmt: skip
    assert pairs_from_db(sample.site_dir / "claims.db") == from_json
    urls = [report["url"] for report in document["reports"]]
    assert pairs_from_pages(sample, urls) == readable(from_json)


def test_datasette_searches_claims_and_queries_the_view(sample: Site):
    from datasette.app import Datasette

    async def ask() -> dict[str, Any]:
        datasette = Datasette([str(sample.site_dir / "claims.db")])
        await datasette.invoke_startup()
        found = await datasette.client.get("/claims/claims.json?_search=rapidly&_shape=array")
        table = await datasette.client.get("/claims/claims")
        view = await datasette.client.get(
            "/claims.json",
            params={
                "sql": "SELECT claim_url, other_url, same_report, relation FROM contradictions "
                "WHERE claim_url IN (:url, :other) ORDER BY other_url",
                "url": "reports/2018/pompeo-rapid-progress/#claim-rapid",
                "other": "reports/2018/pompeo-rapid-progress/#claim-willing",
                "_shape": "array",
            },
        )
        assert found.status_code == table.status_code == view.status_code == 200
        return {"found": found.json(), "table": table.text, "view": view.json()}

    answers = asyncio.run(ask())
    assert [row["url"] for row in answers["found"]] == [
        "reports/2018/pompeo-rapid-progress/#claim-rapid"
    ]
    # Datasette found the full-text table: the claims page has its search box.
    page = BeautifulSoup(answers["table"], "html.parser")
    assert page.select_one("form input[name=_search]") is not None
    view = {row["other_url"]: row for row in answers["view"]}
    asked = {
        "reports/2018/pompeo-rapid-progress/#claim-rapid",
        "reports/2018/pompeo-rapid-progress/#claim-willing",
    }
    expected = {other for claim, other in pairs_from_json(sample.json()) if claim in asked}
    assert set(view) == expected
    little = view["reports/2018/pompeo-rapid-progress/#claim-little-progress"]
    assert little["same_report"] == 1 and little["relation"] == "same-day"
    stalling = view["reports/2018/second-summit/#claim-stalling-tactics"]
    assert stalling["same_report"] == 0 and stalling["relation"] == "later"


def test_cli_export_equals_the_build(sample: Site, tmp_path: Path):
    result = export_cli(
        "--sqlite", str(tmp_path / "cli.db"), "--json", str(tmp_path / "cli.json"), str(REPO)
    )
    assert result.returncode == 0, result.stderr
    assert rows(tmp_path / "cli.db") == rows(sample.site_dir / "claims.db")
    cli_json = (tmp_path / "cli.json").read_text(encoding="utf-8")
    assert cli_json == (sample.site_dir / "claims.json").read_text(encoding="utf-8")


# -- an odd newsroom -------------------------------------------------------------


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("odd")
    odd_newsroom(root, windows=False)
    return build_site(root)


@pytest.fixture(scope="module")
def windowed(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("windowed")
    odd_newsroom(root, windows=True)
    return build_site(root)


def claim_url(document: dict[str, Any], report: str, speaker: str, proposition: str) -> str:
    (found,) = [
        claim["url"]
        for claim in document["claims"]
        if claim["report"].startswith(report)
        and claim["speaker"] == speaker
        and claim["proposition"] == proposition
    ]
    return str(found)


def test_odd_claims_json_is_valid_and_complete(odd: Site):
    document = odd.json("data/claims.json")
    check_document(odd, document)
    assert document["site_url"] == "https://news.example/odd/"
    odd_report = next(r for r in document["reports"] if r["title"] == "Odd name")
    assert odd_report["url"] == "reports/2020/odd%20%22name%22%20%231.html"
    first = next(r for r in document["reports"] if r["url"] == "reports/2020/first.html")
    assert first["title"].startswith("</script>") and first["author"] == "A & B"
    assert first["source"] == "https://example.org/first?a=1&b=2"
    undated = next(r for r in document["reports"] if r["url"] == "reports/undated.html")
    assert undated["date"] is None
    claims = {claim["url"]: claim for claim in document["claims"]}
    h1 = claims["reports/2020/first.html#claim-h1"]
    assert h1["text"].startswith(
        "AT&T said code <x> & y and bold strong Plain. A second paragraph with"
    )
    assert h1["via"] == "paper" and h1["note"].startswith("</script>")
    peace = claim_url(document, "reports/2020/first", "plain", "평화")
    assert claims[peace]["text"] == "Raw block words Peace."
    assert claims[peace]["date"] == "2020-01-05"
    stanceless = [c for c in document["claims"] if c["stance"] is None]
    assert [c["text"] for c in stanceless] == ["No stance at all."]
    unknown = claim_url(document, "reports/2020/first", "plain", "unknown-prop")
    assert all(unknown not in p["affirming"] for p in document["propositions"])
    quote = next(q for q in document["quotes"] if q["speaker"] == "김정은")
    assert quote["url"] == "reports/2020/first.html#quote-kim-words"
    assert quote["text"] == "Quoted words & more." and quote["date"] == "2020-01-01"
    raw = (odd.site_dir / "data/claims.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw and "&" not in raw and "\u2028" not in raw


def test_odd_pairs_agree_without_windows(odd: Site):
    document = odd.json("data/claims.json")
    from_json = pairs_from_json(document)
    # p-one: 3 affirming x 2 denying; 평화: 1 x 3; p-three: 1 x 1 -- each pair both ways.
    assert len(from_json) == 2 * (6 + 3 + 1)
    assert pairs_from_db(odd.site_dir / "data/claims.db") == from_json
    urls = [report["url"] for report in document["reports"]]
    assert pairs_from_pages(odd, urls) == readable(from_json)


def test_odd_database_tables(odd: Site):
    tables = rows(odd.site_dir / "data/claims.db")
    document = odd.json("data/claims.json")
    assert len(tables["claims"]) == len(document["claims"])
    assert len(tables["quotes"]) == len(document["quotes"]) == 2
    assert dict(tables["meta"]) == {"version": "2", "site_url": "https://news.example/odd/"}
    with sqlite3.connect(odd.site_dir / "data/claims.db") as connection:
        connection.row_factory = sqlite3.Row
        mentions = connection.execute(
            "SELECT speaker, text, report_url FROM mentions ORDER BY rowid"
        ).fetchall()
        assert [tuple(m) for m in mentions][:2] == [
            ("김정은", "Kim", "reports/2020/first.html"),
            ("paper", "the paper", "reports/2020/first.html"),
        ]
        kim = connection.execute(
            "SELECT * FROM speakers WHERE id = '김정은'"
        ).fetchone()  # fmt: skip
        assert kim["native_name"] == "김정은" and json.loads(kim["aliases"]) == []
        hits = connection.execute(
            "SELECT claims.url FROM claims_fts JOIN claims ON claims.rowid = claims_fts.rowid "
            "WHERE claims_fts MATCH 'raw block'"
        ).fetchall()
        assert [hit[0] for hit in hits] == [
            claim_url(document, "reports/2020/first", "plain", "평화")
        ]
        same = connection.execute(
            "SELECT claim_url, other_url FROM contradictions WHERE same_report"
        ).fetchall()
        kim = claim_url(document, "reports/2020/first", "김정은", "p-one")
        h1 = "reports/2020/first.html#claim-h1"
        assert {tuple(row) for row in same} == {(h1, kim), (kim, h1)}


def test_cli_export_of_the_odd_newsroom_equals_the_build(odd: Site, tmp_path: Path):
    result = export_cli("--sqlite", "x.db", "--json", "x.json", "missing", cwd=tmp_path)
    assert result.returncode == 2
    assert "no content directory" in result.stderr and not (tmp_path / "x.db").exists()
    result = export_cli(
        "--sqlite", str(tmp_path / "x.db"), "--json", str(tmp_path / "x.json"), str(odd.root)
    )
    assert result.returncode == 0, result.stderr
    assert "warnings (see mkdocs-claims check)" in result.stderr  # the undated report
    assert rows(tmp_path / "x.db") == rows(odd.site_dir / "data/claims.db")
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8")) == odd.json(
        "data/claims.json"
    )


def test_windows_are_applied_in_json_and_database(windowed: Site):
    document = windowed.json("data/claims.json")
    check_document(windowed, document)
    windows = {p["id"]: p["window"] for p in document["propositions"]}
    assert windows == {"p-one": 30, "평화": 0, "p-three": 400}

    def url(report: str, speaker: str, proposition: str) -> str:
        return claim_url(document, f"reports/{report}", speaker, proposition)

    expected = {
        # p-one, 30 days: same day, and 19 days apart; not 74 or 55 days, not undated.
        (url("2020/first", "hostile", "p-one"), url("2020/first", "김정은", "p-one")),
        (url("2020/first", "hostile", "p-one"), url("2020/second", "paper", "p-one")),
        # 평화, 0 days: the same day only.
        (url("2020/first", "plain", "평화"), url("2020/second", "김정은", "평화")),
        # p-three, 400 days: 354 days apart.
        (url("2020/second", "plain", "p-three"), url("2020/first", "paper", "p-three")),
    }
    expected |= {(b, a) for a, b in expected}
    assert pairs_from_json(document) == expected
    assert pairs_from_db(windowed.site_dir / "data/claims.db") == expected


def test_windowed_pages_link_the_same_pairs_as_the_exports(windowed: Site):
    document = windowed.json("data/claims.json")
    urls = [report["url"] for report in document["reports"]]
    assert pairs_from_pages(windowed, urls) == readable(pairs_from_json(document))


# -- the format itself -------------------------------------------------------------


def test_schema_is_valid_and_the_docs_ship_the_same_one():
    Draft202012Validator.check_schema(SCHEMA)
    docs_copy = REPO / "docs" / "guide" / "claims.schema.json"
    assert docs_copy.read_bytes() == SCHEMA_PATH.read_bytes()


def test_the_schema_rejects_what_is_not_version_2(sample: Site):
    document = sample.json()
    old = dict(document, version=1)
    assert not VALIDATOR.is_valid(old)
    with_contradicts = json.loads(json.dumps(document))
    with_contradicts["claims"][0]["contradicts"] = []
    assert not VALIDATOR.is_valid(with_contradicts)
    bad_stance = json.loads(json.dumps(document))
    bad_stance["claims"][0]["stance"] = "maybe"
    assert not VALIDATOR.is_valid(bad_stance)


def hot_newsroom(root: Path, reports: int) -> None:
    """``reports`` reports of ten claims each, all on one proposition."""
    files = {
        "content/speakers.yml": "s:\n  name: S\n",
        "content/propositions.yml": "hot:\n  statement: Hot.\n",
    }
    for number in range(reports):
        blocks = "".join(
            f"/// claim | s {('affirms', 'denies')[(number + k) % 2]} hot\n\nWords {k}.\n///\n\n"
            for k in range(10)
        )
        files[f"content/r{number:04d}.md"] = f"---\ntitle: R\ndate: 2020-01-01\n---\n\n{blocks}"
    write(root, files)


def test_claims_json_grows_linearly_with_a_hot_proposition(tmp_path: Path):
    plain = PlainText()

    def bytes_per_claim(reports: int) -> float:
        root = tmp_path / str(reports)
        hot_newsroom(root, reports)
        result = scan(Sources(str(root / "content"), str(root)))
        data = SiteData(
            result.index, Layout(), lambda c: plain(c.body), lambda q: plain(q.body), None
        )
        buffer = io.StringIO()
        write_claims_json(buffer, data)
        assert json.loads(buffer.getvalue()) == claims_document(data)
        return len(buffer.getvalue().encode("utf-8")) / (reports * 10)

    small, large = bytes_per_claim(20), bytes_per_claim(200)
    assert large <= small * 1.10


# -- where the exports may be written ------------------------------------------------


@pytest.mark.parametrize(
    ("options", "warnings"),
    [
        (
            {"export_json": ".", "export_sqlite": "assets"},
            [
                "mkdocs.yml: export_json '.' is a directory, not a file name "
                "(write for example export_json: claims.json); not written",
                "mkdocs.yml: export_sqlite 'assets' is a directory, not a file name "
                "(write for example export_sqlite: claims.db); not written",
            ],
        ),
        (
            {"export_json": "../outside.json", "export_sqlite": "/tmp/outside-claims.db"},
            [
                "mkdocs.yml: export_json '../outside.json' is outside the site; not written",
                "mkdocs.yml: export_sqlite '/tmp/outside-claims.db' is outside the site; "
                "not written",
            ],
        ),
        (
            {"export_json": "index.html", "export_sqlite": "data/"},
            [
                "mkdocs.yml: export_json 'index.html' is a file of the site itself; "
                "not written (choose another name)",
                "mkdocs.yml: export_sqlite 'data/' is a directory, not a file name "
                "(write for example export_sqlite: claims.db); not written",
            ],
        ),
        (
            {"export_json": "same.data", "export_sqlite": "same.data"},
            ["mkdocs.yml: export_sqlite names the same file as export_json; not written"],
        ),
    ],
)
def test_bad_export_targets_are_refused_with_a_message(
    newsroom: Path, caplog: pytest.LogCaptureFixture, options: dict[str, Any], warnings: list[str]
):
    (newsroom / "mkdocs.yml").write_text(make_config(options), encoding="utf-8")
    site = build_site(newsroom, caplog)
    assert site.warnings == warnings
    assert "<!doctype html>" in (site.site_dir / "index.html").read_text(encoding="utf-8")[:100]
    assert not (newsroom / "outside.json").exists()
    assert not Path("/tmp/outside-claims.db").exists()
    assert not list(site.site_dir.rglob("*.tmp"))
    if options["export_json"] == "same.data":
        assert json.loads((site.site_dir / "same.data").read_text(encoding="utf-8"))["version"] == 2


def test_true_means_the_default_names(newsroom: Path, caplog: pytest.LogCaptureFixture):
    (newsroom / "mkdocs.yml").write_text(
        make_config({"export_json": True, "export_sqlite": True}), encoding="utf-8"
    )
    site = build_site(newsroom, caplog)
    assert site.warnings == []
    assert site.json()["version"] == 2
    assert pairs_from_db(site.site_dir / "claims.db") == pairs_from_json(site.json())
    # Published like any file the build writes (not private, as a temporary file is).
    probe = site.site_dir / "probe.txt"
    probe.write_text("x", encoding="utf-8")
    for name in ("claims.db", "claims.json"):
        assert (site.site_dir / name).stat().st_mode == probe.stat().st_mode


def test_export_target_follows_symlinks(tmp_path: Path):
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "link").symlink_to(tmp_path / "elsewhere")
    target, problem = export_target("export_sqlite", "link/claims.db", str(site), "claims.db")
    assert target is None and problem is not None and "outside the site" in problem
    target, problem = export_target("export_sqlite", "data/claims.db", str(site), "claims.db")
    assert problem is None and target == os.path.realpath(site / "data" / "claims.db")
    assert export_target("export_json", False, str(site), "claims.json") == (None, None)
    long_name = "x" * 500 + "/"
    _, problem = export_target("export_json", long_name, str(site), "claims.json")
    assert problem is not None and len(problem) < 200


def test_cli_export_refuses_a_directory(tmp_path: Path):
    result = export_cli("--sqlite", str(tmp_path), str(REPO))
    assert result.returncode == 2
    assert "is a directory" in result.stderr
    assert export_cli(str(REPO)).returncode == 2


def test_plain_text_reads_as_the_build_does():
    plain = PlainText()
    assert plain("AT&amp;T `a <b>` <i>x</i>\n\nNext &copy; para.") == "AT&T a <b> x Next © para."
    assert plain("<div>Raw</div>\n\nText") == "Raw Text"


# -- the documentation's examples ---------------------------------------------------

DATA_DOCS = (REPO / "docs" / "guide" / "data.md").read_text(encoding="utf-8")


def test_the_documented_consumer_derives_the_pages_pairs(sample: Site, windowed: Site):
    code = DATA_DOCS.split("<!-- consumer-example -->", 1)[1]
    code = code.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(code, "data.md", "exec"), namespace)
    for site, name in ((sample, "claims.json"), (windowed, "data/claims.json")):
        document = site.json(name)
        derived = list(namespace["contradictions"](document))
        assert len(derived) == len(set(derived))
        assert set(derived) == pairs_from_json(document)
    assert pairs_from_pages(sample, [r["url"] for r in sample.json()["reports"]]) == readable(
        set(namespace["contradictions"](sample.json()))
    )


def test_the_documented_queries_answer_on_the_sample(sample: Site):
    queries = [block.split("```", 1)[0] for block in DATA_DOCS.split("```sql\n")[1:]]
    assert len(queries) == 2
    with sqlite3.connect(sample.site_dir / "claims.db") as connection:
        for query in queries:
            assert connection.execute(query).fetchall()


def test_cli_export_does_not_import_mkdocs(tmp_path: Path):
    code = (
        "import sys; from mkdocs_claims.cli import main; "
        f"assert main(['export', '--sqlite', {str(tmp_path / 'c.db')!r}, '.']) == 0; "
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c.db").is_file()


def test_cli_export_reads_site_settings_as_mkdocs_does(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": """
                site_name: T
                site_url: !ENV [CLAIMS_TEST_SITE_URL, "https://fallback.example/x"]
                use_directory_urls: false
                plugins:
                  - claims:
                      reports_url: news
                      contradiction_window: 7
                """,
            "content/propositions.yml": "p:\n  statement: P.\n",
            "content/a.md": """
                ---
                title: A
                date: 2020-01-01
                ---

                /// claim | s affirms p

                A.
                ///
                """,
        },
    )
    env = dict(os.environ, CLAIMS_TEST_SITE_URL="https://news.example/site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "export", "--json", "out.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    validate(document)
    assert document["site_url"] == "https://news.example/site/"
    assert document["claims"][0]["url"] == "news/a.html#claim-s-p"
    assert document["propositions"][0]["window"] == 7
    assert export_cli("--json", "out.json", cwd=tmp_path).returncode == 0
    fallback = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert fallback["site_url"] == "https://fallback.example/x/"


def test_cli_export_reads_claims_under_the_sites_block_names(tmp_path: Path):
    # A site that writes `/// assertion` (block_names) gets the same claims
    # from `export` as from its build, not an empty database.
    write(
        tmp_path,
        {
            "mkdocs.yml": """
                site_name: T
                plugins:
                  - claims:
                      block_names:
                        claim: assertion
                """,
            "content/propositions.yml": "p:\n  statement: P.\n",
            "content/a.md": """
                ---
                title: A
                date: 2020-01-01
                ---

                /// assertion | s affirms p

                A.
                ///
                """,
        },
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "export", "--json", "out.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [claim["id"] for claim in document["claims"]] == ["s-p"]
    assert document["claims"][0]["text"] == "A."

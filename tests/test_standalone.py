"""`mkdocs-claims pages` and the claims Markdown extension configured on its
own: the newsroom for a generator that runs Python-Markdown extensions but
not MkDocs plugins (Zensical; built for real in test_generators.py)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import build_logged, write
from mkdocs_claims import cli, standalone
from mkdocs_claims.cli import main
from mkdocs_claims.marker import read_marker, written_marker
from mkdocs_claims.siteconfig import ConfigError
from mkdocs_claims.syntax import split_front_matter

ZENSICAL_TOML = """
[project]
site_name = "Small"

[project.markdown_extensions.admonition]
[project.markdown_extensions.pymdownx.superfences]
[project.markdown_extensions."mkdocs_claims.markdown"]
content_dir = "content"
"""


@pytest.fixture
def zensical_newsroom(newsroom: Path) -> Path:
    """conftest's newsroom configured for Zensical (no mkdocs.yml)."""
    (newsroom / "mkdocs.yml").unlink()
    write(newsroom, {"zensical.toml": ZENSICAL_TOML})
    return newsroom


@pytest.fixture(autouse=True)
def fresh_newsrooms():
    """Each test scans its own newsroom (the extension keeps one per process)."""
    standalone._NEWSROOMS.clear()
    yield
    standalone._NEWSROOMS.clear()


def pages(root: Path, *extra: str) -> int:
    return main(["pages", str(root), "--out", str(root / "docs"), *extra])


def parsed(path: Path) -> BeautifulSoup:
    _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return BeautifulSoup(body, "html.parser")


def render(root: Path, src: str, **options: object) -> BeautifulSoup:
    """A written page through plain Python-Markdown and the extension, as a
    generator renders it (front matter taken off)."""
    _, body, _ = split_front_matter((root / "docs" / src).read_text(encoding="utf-8"))
    md = markdown.Markdown(
        extensions=["admonition", "pymdownx.superfences", "mkdocs_claims.markdown"],
        extension_configs={"mkdocs_claims.markdown": {"content_dir": "content", **options}},
    )
    return BeautifulSoup(md.convert(body), "html.parser")


def test_pages_writes_every_page_with_links_to_their_sources(
    zensical_newsroom: Path, capsys: pytest.CaptureFixture[str]
):
    root = zensical_newsroom
    assert pages(root) == 0
    assert "0 warnings" in capsys.readouterr().err
    docs = root / "docs"
    for src in (
        "reports/index.md",
        "speakers/index.md",
        "propositions/index.md",
        "reports/2018/rapid.md",
        "reports/2018/summit.md",
        "speakers/mike-pompeo.md",
        "speakers/김여정.md",
        "propositions/talks-progress.md",
        "assets/mkdocs-claims/claims.css",
        "assets/mkdocs-claims/claims.js",
    ):
        assert (docs / src).is_file(), src
    speaker = parsed(docs / "speakers/mike-pompeo.md")
    assert [a["href"] for a in speaker.select("a.claim-ref")] == [
        "../reports/2018/rapid.md#claim-rapid"
    ]
    listing = parsed(docs / "speakers/index.md")
    assert "%EA%B9%80%EC%97%AC%EC%A0%95.md" in {a["href"] for a in listing.select("a")}
    report = (docs / "reports/2018/rapid.md").read_text(encoding="utf-8")
    # Escaped, as for MkDocs: themes print a page's title as it is.
    assert report.startswith("---\ntitle: Pompeo says talks move &#34;quite rapidly&#34;\n")
    assert "/// claim | mike-pompeo affirms talks-progress" in report
    header = parsed(docs / "reports/2018/rapid.md").select_one(".report-header")
    assert header.select_one("a.report-speaker")["href"] == "../../speakers/mike-pompeo.md"
    marker = written_marker(docs / "reports/2018/rapid.md")
    assert marker is not None and (marker.kind, marker.key) == ("report", "2018/rapid")


def test_pages_again_writes_nothing_and_removes_what_is_gone(
    zensical_newsroom: Path, capsys: pytest.CaptureFixture[str]
):
    root = zensical_newsroom
    own = {
        # The site's own pages: one showing a marker in an example, one at
        # the top of its text but not right after front matter.
        "docs/guide.md": "---\ntitle: Guide\n---\n\n```html\n"
        + "<!-- mkdocs-claims page: report x - (written by mkdocs-claims pages; "
        + "edits are overwritten) -->\n```\n",
        "docs/reports/2018/notes.md": "<!-- mkdocs-claims page: report 2018/notes - "
        + "(written by mkdocs-claims pages; edits are overwritten) -->\n# Notes\n",
    }
    write(root, own)
    assert pages(root) == 0
    capsys.readouterr()
    assert pages(root) == 0
    assert "0 files written to" in (err := capsys.readouterr().err)
    assert "(13 unchanged, 0 removed), 0 warnings" in err
    (root / "content/2018/summit.md").unlink()
    (root / "content/2018/rapid.md").unlink()
    assert pages(root) == 0
    assert "2 removed" in capsys.readouterr().err
    assert not (root / "docs/reports/2018/summit.md").exists()
    # The folder is left: the site's own page is in it.
    assert (root / "docs/reports/2018").is_dir()
    for name, text in own.items():
        assert (root / name).read_text(encoding="utf-8") == text.lstrip("\n")


def test_pages_never_replaces_the_sites_own_page(
    zensical_newsroom: Path, capsys: pytest.CaptureFixture[str]
):
    root = zensical_newsroom
    write(root, {"docs/speakers/index.md": "# Our people\n"})
    assert pages(root) == 0
    out = capsys.readouterr().out
    assert (
        "docs/speakers/index.md:1: this page is where the plugin writes the speakers index" in out
    )
    assert (root / "docs/speakers/index.md").read_text() == "# Our people\n"
    assert pages(root, "--strict") == 1


def test_check_reads_zensical_toml_and_the_written_pages_are_not_the_sites(
    zensical_newsroom: Path, capsys: pytest.CaptureFixture[str]
):
    root = zensical_newsroom
    assert pages(root) == 0
    capsys.readouterr()
    assert main(["check", str(root)]) == 0
    assert capsys.readouterr().out == ""


def test_a_zensical_toml_that_does_not_parse_is_one_line(
    zensical_newsroom: Path, capsys: pytest.CaptureFixture[str]
):
    (zensical_newsroom / "zensical.toml").write_text("[project\n", encoding="utf-8")
    assert pages(zensical_newsroom) == 2
    assert capsys.readouterr().err.startswith("mkdocs-claims: zensical.toml: not valid TOML")


def test_the_extension_renders_a_written_report_in_any_python_markdown(
    zensical_newsroom: Path, monkeypatch: pytest.MonkeyPatch
):
    root = zensical_newsroom
    pages(root)
    monkeypatch.chdir(root)  # without Zensical, the project is the working folder
    html = render(root, "reports/2018/rapid.md")
    rapid = html.select_one("#claim-rapid")
    assert rapid["data-speaker"] == "mike-pompeo" and rapid["data-stance"] == "affirms"
    assert rapid.select_one("a.claim-speaker")["href"] == "../../speakers/mike-pompeo.md"
    assert rapid.select_one("a.claim-proposition")["href"] == "../../propositions/talks-progress.md"
    across = [a["href"] for a in rapid.select(".claim-contradictions a.claim-contradiction")]
    assert across == ["summit.md#claim-long-haul"]
    within = [a["href"] for a in rapid.select(".claim-disputes a")]
    assert within == ["rapid.md#claim-little-progress"]
    assert html.select_one("a.speaker-mention")["href"] == "../../speakers/mike-pompeo.md"
    assert html.select_one("blockquote.speaker-quote")["id"].startswith("quote-")
    # The marker is the extension's, not the reader's.
    assert "mkdocs-claims page" not in str(html)


def test_the_index_is_built_once_per_process_and_again_when_a_source_changes(
    zensical_newsroom: Path, monkeypatch: pytest.MonkeyPatch
):
    root = zensical_newsroom
    pages(root)
    monkeypatch.chdir(root)
    scans = []
    original = cli.scan

    def counted(*args, **kwargs):
        scans.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(cli, "scan", counted)
    monkeypatch.setattr(standalone, "CHECK_INTERVAL", 0.0)  # look at the sources every page
    for src in ("reports/2018/rapid.md", "reports/2018/summit.md", "speakers/mike-pompeo.md"):
        render(root, src)
    assert len(scans) == 1
    report = root / "content/2018/summit.md"
    report.write_text(report.read_text().replace("denies talks-progress", "affirms talks-progress"))
    os.utime(report, ns=(1, 1))  # another size and time, whatever the clock's resolution
    html = render(root, "reports/2018/rapid.md")
    assert len(scans) == 2
    assert html.select("#claim-rapid .claim-contradictions a") == []


def test_a_page_older_than_its_report_says_so(
    zensical_newsroom: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    root = zensical_newsroom
    pages(root)
    monkeypatch.chdir(root)
    report = root / "content/2018/rapid.md"
    report.write_text(report.read_text() + "\nOne more paragraph.\n")
    with caplog.at_level(logging.WARNING, logger="mkdocs_claims"):
        render(root, "reports/2018/rapid.md")
    assert [r.getMessage() for r in caplog.records] == [
        "content/2018/rapid.md:1: the page 'reports/2018/rapid.md' was written from an older "
        "version of this report: run mkdocs-claims pages again"
    ]


def test_the_extensions_options_are_checked(zensical_newsroom: Path):
    with pytest.raises(ConfigError, match=r"unknown option.*contnt_dir"):
        markdown.Markdown(
            extensions=["mkdocs_claims.markdown"],
            extension_configs={"mkdocs_claims.markdown": {"contnt_dir": "content"}},
        )
    with pytest.raises(ConfigError, match="labels"):
        markdown.Markdown(
            extensions=["mkdocs_claims.markdown"],
            extension_configs={"mkdocs_claims.markdown": {"labels": {"see_also": 3}}},
        )


def test_the_extension_by_class_name_with_labels(
    zensical_newsroom: Path, monkeypatch: pytest.MonkeyPatch
):
    root = zensical_newsroom
    pages(root)
    monkeypatch.chdir(root)
    _, body, _ = split_front_matter((root / "docs/reports/2018/rapid.md").read_text())
    md = markdown.Markdown(
        extensions=["mkdocs_claims.standalone:StandaloneClaimsExtension"],
        extension_configs={
            "mkdocs_claims.standalone:StandaloneClaimsExtension": {
                "labels": {"disputes": "Contesté dans ce reportage par"}
            }
        },
    )
    html = BeautifulSoup(md.convert(body), "html.parser")
    assert "Contesté dans ce reportage par" in html.select_one("#claim-rapid").get_text()


def test_a_marker_is_read_only_as_written():
    line = (
        "<!-- mkdocs-claims page: report 2018/%EA%B9%80 abc (written by mkdocs-claims pages; "
        "edits are overwritten) -->"
    )
    found = read_marker(line)
    assert found is not None and (found.kind, found.key, found.digest) == (
        "report",
        "2018/김",
        "abc",
    )
    assert read_marker(line.replace("report", "page")) is None
    assert read_marker("<!-- mkdocs-claims page: report x -->") is None


def test_mkdocs_builds_a_project_the_pages_were_written_into(newsroom: Path):
    # A newsroom moving to Zensical builds with both for a while: the pages
    # written into docs/ are the plugin's own, not the site's.
    assert pages(newsroom) == 0
    assert (newsroom / "docs/reports/2018/rapid.md").is_file()
    site = build_logged(newsroom)
    assert site.warnings == []
    report = site.page("reports/2018/rapid/")
    assert len(report.select(".report-header")) == 1
    assert len(report.select("#claim-rapid")) == 1
    assert main(["check", str(newsroom)]) == 0


def test_pages_refuses_to_write_into_the_content_folder(
    zensical_newsroom: Path, capsys: pytest.CaptureFixture[str]
):
    root = zensical_newsroom
    assert main(["pages", str(root), "--out", str(root / "content" / "site")]) == 2
    assert "inside the content folder" in capsys.readouterr().err
    assert not (root / "content" / "site").exists()


def test_pages_writes_nothing_through_a_link_out_of_the_folder(
    zensical_newsroom: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
):
    root = zensical_newsroom
    outside = tmp_path_factory.mktemp("outside")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "speakers").symlink_to(outside, target_is_directory=True)
    assert pages(root) == 0
    out = capsys.readouterr().out
    assert (
        "docs/speakers/mike-pompeo.md:1: this page is not written: its folder is a link out" in out
    )
    assert list(outside.iterdir()) == []
    assert (root / "docs/reports/2018/rapid.md").is_file()


def test_a_page_of_a_report_that_is_gone_says_so(
    zensical_newsroom: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    root = zensical_newsroom
    pages(root)
    monkeypatch.chdir(root)
    (root / "content/2018/summit.md").unlink()
    with caplog.at_level(logging.WARNING, logger="mkdocs_claims"):
        html = render(root, "reports/2018/summit.md")
    assert [r.getMessage() for r in caplog.records] == [
        "reports/2018/summit.md:1: this page was written by mkdocs-claims pages for a report "
        "the newsroom no longer has ('2018/summit'): run mkdocs-claims pages again"
    ]
    # Its blocks are still shown (as on a page that is not a report).
    assert html.select_one(".claim")["data-speaker"] == "victor-cha"

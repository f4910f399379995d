"""What `--dirty` keeps beside the project (``.cache/mkdocs-claims/``): a
dirty build in a new process takes unchanged reports from it instead of
parsing them again; a clean build never reads it; a corrupt, foreign or
planted file is ignored with an INFO line, never trusted, and never stops
the build."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from conftest import Site, make_config, write
from mkdocs_claims.parsecache import _check
from test_dirty import pages, run


def cache_file(root: Path) -> Path:
    [found] = (root / ".cache/mkdocs-claims").glob("reports-*.json")
    return found


def state_file(root: Path) -> Path:
    found = [
        p
        for p in (root / ".cache/mkdocs-claims").glob("*.json")
        if not p.name.startswith("reports-")
    ]
    assert len(found) == 1
    return found[0]


def infos(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.INFO and r.name.startswith("mkdocs.plugins.claims")
    ]


def edit_summit(root: Path, words: str = "a long, long haul") -> None:
    report = root / "content/2018/summit.md"
    report.write_text(report.read_text().replace("a long haul", words))


def edit_entry(root: Path, key: str, change, *, recheck: bool = False) -> None:
    """Change the cached entry of report ``key`` by hand; with ``recheck``,
    also its hash (as someone who read the plugin's source would)."""
    path = cache_file(root)
    document = json.loads(path.read_text(encoding="utf-8"))
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    for item in document["reports"]:
        if item["entry"]["report"]["key"] == key:
            change(item["entry"])
            if recheck:
                encoded = json.dumps(item["entry"], **compact).encode()
                item["check"] = _check(document["plugin"], document["settings"], encoded)
    path.write_text(json.dumps(document, **compact), encoding="utf-8")


def reports_index_titles(site: Path) -> list[str]:
    return [a.get_text() for a in Site(site, site).page("reports/").select("a.report-link")]


def test_a_dirty_build_takes_unchanged_reports_from_the_cache(newsroom: Path, tmp_path: Path):
    site = tmp_path / "site"
    run(newsroom, site, dirty=False)

    def retitle(entry):
        entry["report"]["title"] = "Title from the cache"

    # An entry for the report's very text, with its hash: the dirty build
    # takes it (and shows it wherever it rebuilds a page) instead of reading
    # the report again; a clean build reads the text. (Whoever can write the
    # cache can write the reports: the hash catches mistakes and damage.)
    edit_entry(newsroom, "2018/rapid", retitle, recheck=True)
    edit_summit(newsroom)
    run(newsroom, site, dirty=True)
    assert "Title from the cache" in reports_index_titles(site)
    run(newsroom, tmp_path / "clean", dirty=False)
    assert "Title from the cache" not in reports_index_titles(tmp_path / "clean")
    assert 'Pompeo says talks move "quite rapidly"' in reports_index_titles(tmp_path / "clean")


def test_a_hand_edited_entry_is_not_used(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    # The report's text is unchanged, so only the entry's own hash tells.
    site, clean = tmp_path / "site", tmp_path / "clean"
    run(newsroom, site, dirty=False)
    edit_entry(newsroom, "2018/rapid", lambda e: e["report"].update(title="Hand-edited"))
    edit_summit(newsroom)
    caplog.set_level(logging.INFO)
    run(newsroom, site, dirty=True)
    assert any("1 cached report(s) were not valid" in m for m in infos(caplog))
    assert "Hand-edited" not in reports_index_titles(site)
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)


def test_an_edited_report_is_read_again_whatever_the_cache_says(newsroom: Path, tmp_path: Path):
    site, clean = tmp_path / "site", tmp_path / "clean"
    run(newsroom, site, dirty=False)
    edit_entry(newsroom, "2018/summit", lambda e: e["report"].update(title="Stale"), recheck=True)
    edit_summit(newsroom)
    run(newsroom, site, dirty=True)
    run(newsroom, clean, dirty=False)
    assert "Stale" not in reports_index_titles(site)
    assert pages(site) == pages(clean)


@pytest.mark.parametrize(
    ("damage", "note"),
    [
        (lambda p: p.write_bytes(b"\x80\x03cos\nsystem\n(S'touch pwned'\ntR."), "cannot be read"),
        (lambda p: p.write_text("{" * 100_000), "cannot be read"),
        (
            lambda p: p.write_text(p.read_text().replace('"plugin":"', '"plugin":"0.0.0-', 1)),
            "another version of the plugin",
        ),
        (lambda p: p.write_text(p.read_text() + " " * (40 << 20)), "larger than"),
    ],
    ids=["pickle", "nested", "foreign", "huge"],
)
def test_a_corrupt_or_foreign_cache_is_ignored(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage, note
):
    site, clean = tmp_path / "site", tmp_path / "clean"
    run(newsroom, site, dirty=False)
    damage(cache_file(newsroom))
    edit_summit(newsroom)
    caplog.set_level(logging.INFO)
    run(newsroom, site, dirty=True)
    assert any(note in message and "read again" in message for message in infos(caplog))
    assert not (newsroom / "pwned").exists() and not Path("pwned").exists()
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)


def test_entries_that_no_parse_could_give_are_read_again(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    site, clean = tmp_path / "site", tmp_path / "clean"
    write(
        newsroom,
        {
            "content/2019/declared.md": """
                ---
                title: Declared
                date: 2019-01-01
                speakers:
                  new-voice:
                    name: New Voice
                ---

                /// claim | new-voice affirms talks-progress

                Yes.
                ///
                """
        },
    )
    run(newsroom, site, dirty=False)

    def wrong_type(entry):
        entry["report"]["claims"][0]["line"] = "3"

    def escaping_page(entry):
        entry["report"]["speakers"][0]["id"] = "../../../../escaped"

    def missing_template(entry):
        entry["report"]["meta"] = {"template": "../../../etc/passwd"}

    edit_entry(newsroom, "2018/rapid", wrong_type, recheck=True)
    edit_entry(newsroom, "2019/declared", escaping_page, recheck=True)
    edit_entry(newsroom, "2018/summit", missing_template, recheck=True)
    caplog.set_level(logging.INFO)
    run(newsroom, site, dirty=True)
    assert any("3 cached report(s) were not valid" in m for m in infos(caplog))
    assert not list(tmp_path.rglob("escaped*"))
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)


def test_a_corrupt_state_rebuilds_everything(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    site, clean = tmp_path / "site", tmp_path / "clean"
    run(newsroom, site, dirty=False)
    state = state_file(newsroom)
    document = json.loads(state.read_text())
    document["fingerprints"] = {"reports/2018/rapid.md": 42}
    state.write_text(json.dumps(document))
    caplog.set_level(logging.INFO)
    edit_summit(newsroom)
    run(newsroom, site, dirty=True)
    assert any("cannot be read; every page is rebuilt" in m for m in infos(caplog))
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)


def test_a_planted_state_neither_removes_files_outside_the_site_nor_injects_titles(
    newsroom: Path, tmp_path: Path
):
    site, clean = tmp_path / "site", tmp_path / "clean"
    write(newsroom, {"docs/about.md": "# About\n"})
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    run(newsroom, site, dirty=False)
    state = state_file(newsroom)
    document = json.loads(state.read_text())
    document["destinations"]["reports/gone.md"] = "../precious.txt"
    for src, (digest, _) in document["titles"].items():
        document["titles"][src] = [digest, "<script>alert(1)</script>"]
    assert document["titles"], "the clean build kept the title of about.md"
    state.write_text(json.dumps(document))
    edit_summit(newsroom)
    run(newsroom, site, dirty=True)
    assert outside.read_text() == "keep me"
    assert "<script>alert(1)" not in (site / "reports/2018/summit/index.html").read_text()
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)


def test_other_blocks_names_make_the_cache_foreign(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    # The same texts read with other block names give other claims: a claim
    # block renamed is no claim under its old name.
    site, clean = tmp_path / "site", tmp_path / "clean"
    run(newsroom, site, dirty=False)
    assert Site(site, site).page("reports/2018/summit/").select("[data-claim]")
    write(newsroom, {"mkdocs.yml": make_config({"block_names": {"claim": "statement"}})})
    caplog.set_level(logging.INFO)
    run(newsroom, site, dirty=True)
    assert any("other settings" in m and "read again" in m for m in infos(caplog))
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)
    assert not Site(site, site).page("reports/2018/summit/").select("[data-claim]")


@pytest.mark.parametrize("linked", [".cache", ".cache/mkdocs-claims"])
def test_a_cache_folder_committed_as_a_link_is_never_written_or_read(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, linked: str
):
    # A link in the repository would make every build write its cache files
    # (names and contents chosen by the site) wherever the link points, and
    # a dirty build read planted ones from there.
    site, clean = tmp_path / "site", tmp_path / "clean"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "mkdocs-claims").mkdir()
    (newsroom / linked).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside if linked == ".cache" else outside / "mkdocs-claims", newsroom / linked)
    caplog.set_level(logging.INFO)
    run(newsroom, site, dirty=False)
    edit_summit(newsroom)
    run(newsroom, site, dirty=True)
    assert [p.name for p in outside.rglob("*")] == ["mkdocs-claims"]
    assert any(
        ".cache/mkdocs-claims next to mkdocs.yml is not a plain folder" in m for m in infos(caplog)
    )
    # Without a state the dirty build rebuilt every page: the edit shows.
    assert "a long, long haul" in (site / "reports/2018/summit/index.html").read_text()
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)


def test_a_state_file_that_is_a_fifo_does_not_hold_up_the_build(
    newsroom: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    site, clean = tmp_path / "site", tmp_path / "clean"
    run(newsroom, site, dirty=False)
    for path in (state_file(newsroom), cache_file(newsroom)):
        path.unlink()
        os.mkfifo(path)
    edit_summit(newsroom)
    caplog.set_level(logging.INFO)
    run(newsroom, site, dirty=True)
    notes = infos(caplog)
    assert any("cannot be read; every page is rebuilt" in m for m in notes), notes
    assert any("cannot be read; every report is read again" in m for m in notes), notes
    run(newsroom, clean, dirty=False)
    assert pages(site) == pages(clean)

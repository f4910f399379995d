"""`mkdocs-claims diff OLD [PATH]`: what publishing would change, on real
before/after newsrooms.

The published side is a real build's claims.json (version 2) or a version
2 file written by hand from SPEC ("What the build produces"): arrays of
reports, speakers, propositions (with their effective window and
affirming/denying claim urls) and claims.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import build_site, make_config, write
from mkdocs_claims.cli import main

SPEAKERS = """
mike-pompeo:
  name: Mike Pompeo
washington-post:
  name: The Washington Post
  kind: outlet
victor-cha:
  name: Victor Cha
sung-kim:
  name: Sung Kim
zerohedge:
  name: ZeroHedge
  kind: outlet
"""

JUNE = """
---
title: Pompeo says talks move quickly
date: 2018-06-11
---

/// claim | mike-pompeo affirms talks-progress
    id: rapid

They are moving quite rapidly.
///

/// claim | washington-post denies talks-progress
    id: little

Little progress, the Post reported.
///

/// claim | victor-cha denies talks-progress
    id: first-base

"They can't even get past first base," Cha said.
///

/// claim | mike-pompeo affirms willing

North Korea has confirmed its willingness.
///

/// claim | washington-post
    id: schedule

The leaders will shake hands.
///
"""

OCTOBER = """
---
title: Progress in Pyongyang
date: 2018-10-07
---

/// claim | mike-pompeo affirms talks-progress
    id: significant

Significant progress.
///

/// claim | zerohedge denies talks-progress
    id: no-progress

Little to no progress.
///

/// claim | zerohedge denies willing
    id: stalling

A stalling tactic.
///
"""

DIFF = [sys.executable, "-m", "mkdocs_claims.cli", "diff"]
JUNE_URL, OCT_URL = "reports/2018/june/", "reports/2018/october/"


def propositions(talks_window: int | None = None) -> str:
    talks: dict[str, Any] = {"statement": "The talks are making progress."}
    if talks_window is not None:
        talks["window"] = talks_window
    return yaml.safe_dump(
        {"talks-progress": talks, "willing": {"statement": "North Korea is willing."}}
    )


def newsroom(root: Path, june: str = JUNE, october: str = OCTOBER, **plugin: Any) -> Path:
    write(
        root,
        {
            "mkdocs.yml": make_config(plugin or None),
            "content/speakers.yml": SPEAKERS,
            "content/propositions.yml": propositions(),
            "content/2018/june.md": june,
            "content/2018/october.md": october,
        },
    )
    return root


def diff(old: Path | str, project: Path, *args: str, stdin: str | None = None):
    return subprocess.run(
        [*DIFF, str(old), str(project), *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def diff_json(old: Path, project: Path) -> dict[str, Any]:
    result = diff(old, project, "--json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def published(tmp_path: Path, **plugin: Any) -> Path:
    """The before newsroom, built with the plugin: its claims.json (version 2)."""
    site = build_site(newsroom(tmp_path / "before", **plugin))
    return site.site_dir / "claims.json"


# -- a real build's claims.json ------------------------------------------------------


def test_nothing_changed_against_the_build_of_the_same_sources(tmp_path: Path):
    old = published(tmp_path)
    result = diff(old, tmp_path / "before")
    assert result.returncode == 0, result.stderr
    assert "No change" in result.stdout
    assert diff_json(old, tmp_path / "before") == {
        "claims": {"added": [], "removed": [], "changed": []},
        "contradictions": {"added": [], "removed": []},
    }


def test_the_current_side_uses_the_sites_urls(tmp_path: Path):
    """Another reports_url and use_directory_urls: false give other urls, and
    the diff of a build against its own sources is still empty."""
    root = newsroom(tmp_path / "before")
    (root / "mkdocs.yml").write_text(
        make_config({"reports_url": "news/"}, use_directory_urls=False), encoding="utf-8"
    )
    site = build_site(root)
    urls = [claim["url"] for claim in site.json()["claims"]]
    assert "news/2018/june.html#claim-rapid" in urls
    result = diff(site.site_dir / "claims.json", tmp_path / "before")
    assert result.returncode == 0, result.stdout


def test_claims_and_links_that_change(tmp_path: Path):
    old = published(tmp_path)
    after = newsroom(
        tmp_path / "after",
        june=edited(
            JUNE,
            ("victor-cha denies", "sung-kim denies"),  # a wrong speaker
            ("washington-post denies talks-progress", "washington-post affirms talks-progress"),
            (
                "/// claim | washington-post\n    id: schedule",
                "/// claim | washington-post denies willing\n    id: doubts",
            ),
        ),
    )
    result = diff_json(old, after)
    assert result == {
        "claims": {
            "added": [JUNE_URL + "#claim-doubts"],
            "removed": [JUNE_URL + "#claim-schedule"],
            "changed": [
                {
                    "url": JUNE_URL + "#claim-first-base",
                    "before": {
                        "speaker": "victor-cha",
                        "stance": "denies",
                        "proposition": "talks-progress",
                        "date": "2018-06-11",
                    },
                    "after": {
                        "speaker": "sung-kim",
                        "stance": "denies",
                        "proposition": "talks-progress",
                        "date": "2018-06-11",
                    },
                },
                {
                    "url": JUNE_URL + "#claim-little",
                    "before": {
                        "speaker": "washington-post",
                        "stance": "denies",
                        "proposition": "talks-progress",
                        "date": "2018-06-11",
                    },
                    "after": {
                        "speaker": "washington-post",
                        "stance": "affirms",
                        "proposition": "talks-progress",
                        "date": "2018-06-11",
                    },
                },
            ],
        },
        "contradictions": {
            "added": [
                [JUNE_URL + "#claim-doubts", JUNE_URL + "#claim-mike-pompeo-willing"],
                [JUNE_URL + "#claim-first-base", JUNE_URL + "#claim-little"],
                [JUNE_URL + "#claim-little", OCT_URL + "#claim-no-progress"],
            ],
            "removed": [
                [JUNE_URL + "#claim-little", JUNE_URL + "#claim-rapid"],
                [JUNE_URL + "#claim-little", OCT_URL + "#claim-significant"],
            ],
        },
    }
    assert diff(old, after).returncode == 1


def test_the_text_is_grouped_by_report_and_names_both_claims(tmp_path: Path):
    old = published(tmp_path)
    after = newsroom(
        tmp_path / "after",
        june=edited(
            JUNE,
            ("victor-cha denies", "sung-kim denies"),
            ("washington-post denies talks-progress", "washington-post affirms talks-progress"),
        ),
    )
    out = diff(old, after).stdout
    assert "0 claims added, 0 removed, 2 changed; 2 contradiction links appear, 2 disappear." in out
    june_part = out[out.index(f"{JUNE_URL} — Pompeo says talks move quickly") :]
    october_part = out[out.index(f"{OCT_URL} — Progress in Pyongyang") :]
    assert out.index(JUNE_URL) < out.index(OCT_URL)
    assert "~ changed  #claim-first-base\n             speaker: victor-cha -> sung-kim" in june_part
    assert "stance: denies -> affirms" in june_part
    # a link across reports is listed under both reports, each from its own side
    assert (
        "new link   #claim-little  The Washington Post affirms talks-progress, 2018-06-11\n"
        "             <-> #claim-no-progress  ZeroHedge denies talks-progress, 2018-10-07\n"
        "                 in “Progress in Pyongyang” (reports/2018/october/)"
    ) in june_part
    assert (
        "new link   #claim-no-progress  ZeroHedge denies talks-progress, 2018-10-07\n"
        "             <-> #claim-little  The Washington Post affirms talks-progress, 2018-06-11\n"
        "                 in “Pompeo says talks move quickly” (reports/2018/june/)"
    ) in october_part
    # a link inside one report is listed once, from the first claim of the pair
    inside = (
        "new link   #claim-first-base  Sung Kim denies talks-progress, 2018-06-11\n"
        "             <-> #claim-little  The Washington Post affirms talks-progress, 2018-06-11, "
        "in this report"
    )
    assert out.count(inside) == 1
    assert "<-> #claim-first-base" not in out
    assert (
        "link gone  #claim-little  The Washington Post denies talks-progress, 2018-06-11\n"
        "             <-> #claim-rapid  Mike Pompeo affirms talks-progress, 2018-06-11, "
        "in this report"
    ) in june_part


def test_a_claim_whose_derived_id_changed_is_pointed_out(tmp_path: Path):
    old = published(tmp_path)
    after = newsroom(
        tmp_path / "after",
        june=edited(JUNE, ("mike-pompeo affirms willing", "sung-kim affirms willing")),
    )
    found = diff_json(old, after)["claims"]
    assert found["removed"] == [JUNE_URL + "#claim-mike-pompeo-willing"]
    assert found["added"] == [JUNE_URL + "#claim-sung-kim-willing"]
    out = diff(old, after).stdout
    assert (
        "note: #claim-mike-pompeo-willing and #claim-sung-kim-willing have the same text"
    ) in out


# -- version 2: written by hand from SPEC ----------------------------------------------

Row = tuple[str, str, str | None, str | None, str | None, str | None]


def v2(rows: list[Row], windows: dict[str, int | None]) -> dict[str, Any]:
    """A claims.json version 2 as SPEC describes it, from (report url, claim
    id, speaker, stance, proposition, date) rows and the effective windows."""
    titles = {JUNE_URL: "Pompeo says talks move quickly", OCT_URL: "Progress in Pyongyang"}
    claims = [
        {
            "id": cid,
            "url": f"{report}#claim-{cid}",
            "speaker": speaker,
            "stance": stance,
            "proposition": proposition,
            "text": "…",
            "date": date,
            "via": None,
            "note": None,
            "report": report,
        }
        for report, cid, speaker, stance, proposition, date in rows
    ]
    return {
        "version": 2,
        "site_url": None,
        "reports": [
            {"url": url, "title": title, "outlet": None, "date": None}
            for url, title in titles.items()
        ],
        "speakers": [
            {"id": ident, "name": entry["name"]}
            for ident, entry in yaml.safe_load(SPEAKERS).items()
        ],
        "propositions": [
            {
                "id": prop,
                "statement": prop,
                "window": window,
                "affirming": [
                    c["url"]
                    for c in claims
                    if c["proposition"] == prop and c["stance"] == "affirms"
                ],
                "denying": [
                    c["url"] for c in claims if c["proposition"] == prop and c["stance"] == "denies"
                ],
            }
            for prop, window in windows.items()
        ],
        "claims": claims,
        "quotes": [],
    }


BEFORE: list[Row] = [
    (JUNE_URL, "rapid", "mike-pompeo", "affirms", "talks-progress", "2018-06-11"),
    (JUNE_URL, "little", "washington-post", "denies", "talks-progress", "2018-06-11"),
    (JUNE_URL, "first-base", "victor-cha", "denies", "talks-progress", "2018-06-11"),
    (JUNE_URL, "mike-pompeo-willing", "mike-pompeo", "affirms", "willing", "2018-06-11"),
    (JUNE_URL, "schedule", "washington-post", None, None, "2018-06-11"),
    (OCT_URL, "significant", "mike-pompeo", "affirms", "talks-progress", "2018-10-07"),
    (OCT_URL, "no-progress", "zerohedge", "denies", "talks-progress", "2018-10-07"),
    (OCT_URL, "stalling", "zerohedge", "denies", "willing", "2018-10-07"),
]


def windowed(
    root: Path, talks_window: int | None, june: str = JUNE, october: str = OCTOBER
) -> Path:
    newsroom(root, june, october)
    (root / "content/propositions.yml").write_text(propositions(talks_window), encoding="utf-8")
    return root


def test_version_2_with_windows_unchanged(tmp_path: Path):
    old = tmp_path / "claims.json"
    old.write_text(json.dumps(v2(BEFORE, {"talks-progress": 14, "willing": None})))
    result = diff(old, windowed(tmp_path / "after", 14))
    assert result.returncode == 0, result.stdout
    # the same file against sources without the window: the June-October
    # links on talks-progress appear, those inside each report do not change
    found = diff_json(old, windowed(tmp_path / "open", None))
    assert found["claims"] == {"added": [], "removed": [], "changed": []}
    assert found["contradictions"] == {
        "added": [
            [JUNE_URL + "#claim-first-base", OCT_URL + "#claim-significant"],
            [JUNE_URL + "#claim-little", OCT_URL + "#claim-significant"],
            [JUNE_URL + "#claim-rapid", OCT_URL + "#claim-no-progress"],
        ],
        "removed": [],
    }


def test_version_2_a_date_alone_moves_links(tmp_path: Path):
    """No claim's speaker, stance or proposition changes: a date moves
    ZeroHedge's claim to June, into the 14-day window of the June claims
    and out of its own report's."""
    old = tmp_path / "claims.json"
    old.write_text(json.dumps(v2(BEFORE, {"talks-progress": 14, "willing": None})))
    october = edited(
        OCTOBER, ("    id: no-progress\n", "    id: no-progress\n    date: 2018-06-20\n")
    )
    found = diff_json(old, windowed(tmp_path / "after", 14, october=october))
    assert found["claims"]["changed"] == [
        {
            "url": OCT_URL + "#claim-no-progress",
            "before": {
                "speaker": "zerohedge",
                "stance": "denies",
                "proposition": "talks-progress",
                "date": "2018-10-07",
            },
            "after": {
                "speaker": "zerohedge",
                "stance": "denies",
                "proposition": "talks-progress",
                "date": "2018-06-20",
            },
        }
    ]
    assert found["contradictions"] == {
        "added": [[JUNE_URL + "#claim-rapid", OCT_URL + "#claim-no-progress"]],
        "removed": [[OCT_URL + "#claim-no-progress", OCT_URL + "#claim-significant"]],
    }


def test_version_2_a_window_alone_moves_links(tmp_path: Path):
    old = tmp_path / "claims.json"
    old.write_text(json.dumps(v2(BEFORE, {"talks-progress": None, "willing": None})))
    # published without a window; now talks-progress has one of 14 days
    found = diff_json(old, windowed(tmp_path / "after", 14))
    assert found["claims"] == {"added": [], "removed": [], "changed": []}
    assert found["contradictions"] == {
        "added": [],
        "removed": [
            [JUNE_URL + "#claim-first-base", OCT_URL + "#claim-significant"],
            [JUNE_URL + "#claim-little", OCT_URL + "#claim-significant"],
            [JUNE_URL + "#claim-rapid", OCT_URL + "#claim-no-progress"],
        ],
    }
    # and a site-wide window does the same (willing has none of its own: the
    # site's 30 days end its June-October link too)
    root = windowed(tmp_path / "site", None)
    (root / "mkdocs.yml").write_text(make_config({"contradiction_window": 30}), encoding="utf-8")
    found = diff_json(old, root)
    assert [JUNE_URL + "#claim-mike-pompeo-willing", OCT_URL + "#claim-stalling"] in found[
        "contradictions"
    ]["removed"]
    assert len(found["contradictions"]["removed"]) == 4


def test_version_2_undated_claims_are_placed_by_the_rule(tmp_path: Path):
    rows = [*BEFORE, (OCT_URL, "undated", "zerohedge", "denies", "willing", None)]
    old = tmp_path / "claims.json"
    old.write_text(json.dumps(v2(rows, {"talks-progress": 14, "willing": 400})))
    # the current sources have no such claim: only links the rule gives are
    # said to disappear (the undated claim had none, the window being set)
    found = diff_json(old, windowed(tmp_path / "after", 14))
    assert found["claims"]["removed"] == [OCT_URL + "#claim-undated"]
    assert found["contradictions"] == {"added": [], "removed": []}


# -- trouble -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"speakers": []}', "not a claims.json (no list of claims)"),
        (
            '{"version": 3, "claims": []}',
            "claims.json version 3 is not one this mkdocs-claims reads",
        ),
        ('{"version": 2, "claims": [{"id": "x"}]}', "a claim without a url"),
        ('{"claims": ' + "[" * 100_000, "not a claims.json (it nests too deeply)"),
    ],
)
def test_an_unreadable_file_is_status_2_with_a_message(tmp_path: Path, content, message):
    root = newsroom(tmp_path / "now")
    old = tmp_path / "claims.json"
    old.write_text(content, encoding="utf-8")
    result = diff(old, root)
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""
    missing = diff(tmp_path / "nowhere.json", root)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_reads_standard_input_and_escapes_what_it_prints(tmp_path: Path):
    hostile = v2(BEFORE, {"talks-progress": 14, "willing": None})
    hostile["reports"][0]["title"] = "\x1b]0;owned\x07Evil title " + "x" * 500
    hostile["claims"][4]["url"] = JUNE_URL + "#claim-\x1b[31mred"
    result = diff("-", windowed(tmp_path / "after", 14), stdin=json.dumps(hostile))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) < 400
    assert "removed  #claim-\ufffd[31mred" in result.stdout


def test_does_not_import_mkdocs(tmp_path: Path):
    old = published(tmp_path)
    code = (
        "import sys; from mkdocs_claims.cli import main; "
        f"main(['diff', {str(old)!r}, {str(tmp_path / 'before')!r}]); "
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- end to end: a real build's claims.json (version 2), then edits ---------------------

WEEK_LATER = """
---
title: Doubts a week later
date: 2018-06-20
---

/// claim | zerohedge denies talks-progress
    id: doubt

Nothing has moved since Singapore.
///
"""

WEEK_URL = "reports/2018/week-later/"


def cli_diff(
    old: Path, project: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """``mkdocs-claims diff OLD PROJECT`` in this process: (status, standard output)."""
    capsys.readouterr()
    status = main(["diff", str(old), str(project), *args])
    return status, capsys.readouterr().out


def test_end_to_end_a_real_build_then_edits(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A site built with the plugin publishes claims.json version 2 (talks-progress
    with a 14-day window). Against its unchanged sources the diff is empty;
    after four edits — a stance flipped, a date moved out of a window, a report
    deleted, a claim added — it lists exactly what an editor must review."""
    root = newsroom(tmp_path / "site")
    (root / "content/propositions.yml").write_text(propositions(14), encoding="utf-8")
    write(root, {"content/2018/week-later.md": WEEK_LATER})
    site = build_site(root)
    published_file = tmp_path / "claims.json"
    published_file.write_bytes((site.site_dir / "claims.json").read_bytes())
    document = json.loads(published_file.read_text(encoding="utf-8"))
    assert document["version"] == 2
    windows = {p["id"]: p["window"] for p in document["propositions"]}
    assert windows == {"talks-progress": 14, "willing": None}

    status, out = cli_diff(published_file, root, capsys, "--json")
    assert (status, json.loads(out)) == (
        0,
        {
            "claims": {"added": [], "removed": [], "changed": []},
            "contradictions": {"added": [], "removed": []},
        },
    )
    status, out = cli_diff(published_file, root, capsys)
    assert status == 0 and "No change" in out

    flipped = ("washington-post denies talks-progress", "washington-post affirms talks-progress")
    later = ("    id: no-progress\n", "    id: no-progress\n    date: 2018-11-30\n")
    hopeful = "/// claim | victor-cha affirms willing\n    id: hopeful\n\nIt can work.\n///\n\n"
    added = (
        "/// claim | zerohedge denies willing",
        hopeful + "/// claim | zerohedge denies willing",
    )
    write(root, {"content/2018/june.md": edited(JUNE, flipped)})
    write(root, {"content/2018/october.md": edited(OCTOBER, later, added)})
    (root / "content/2018/week-later.md").unlink()

    def facts(stance: str, date: str) -> dict[str, str]:
        return {"stance": stance, "proposition": "talks-progress", "date": date}

    status, out = cli_diff(published_file, root, capsys, "--json")
    assert status == 1
    assert json.loads(out) == {
        "claims": {
            "added": [OCT_URL + "#claim-hopeful"],
            "removed": [WEEK_URL + "#claim-doubt"],
            "changed": [
                {
                    "url": JUNE_URL + "#claim-little",
                    "before": {"speaker": "washington-post", **facts("denies", "2018-06-11")},
                    "after": {"speaker": "washington-post", **facts("affirms", "2018-06-11")},
                },
                {
                    "url": OCT_URL + "#claim-no-progress",
                    "before": {"speaker": "zerohedge", **facts("denies", "2018-10-07")},
                    "after": {"speaker": "zerohedge", **facts("denies", "2018-11-30")},
                },
            ],
        },
        "contradictions": {
            "added": [
                # the flipped claim now contradicts Cha's, on the same day
                [JUNE_URL + "#claim-first-base", JUNE_URL + "#claim-little"],
                # the added claim contradicts ZeroHedge's (willing has no window)
                [OCT_URL + "#claim-hopeful", OCT_URL + "#claim-stalling"],
            ],
            "removed": [
                # the flipped claim no longer contradicts Pompeo's
                [JUNE_URL + "#claim-little", JUNE_URL + "#claim-rapid"],
                # the deleted report's claim was 9 days from Pompeo's
                [JUNE_URL + "#claim-rapid", WEEK_URL + "#claim-doubt"],
                # 54 days apart now: outside the 14-day window
                [OCT_URL + "#claim-no-progress", OCT_URL + "#claim-significant"],
            ],
        },
    }

    status, out = cli_diff(published_file, root, capsys)
    assert status == 1
    assert "1 claim added, 1 removed, 2 changed; 2 contradiction links appear, 3 disappear." in out
    # every report concerned, by its URL and title (the deleted one by its published title)
    for url, title in (
        (JUNE_URL, "Pompeo says talks move quickly"),
        (OCT_URL, "Progress in Pyongyang"),
        (WEEK_URL, "Doubts a week later"),
    ):
        assert f"\n{url} — {title}\n" in out
    week = out[out.index(f"{WEEK_URL} — Doubts a week later") :]
    assert "- removed  #claim-doubt: ZeroHedge denies talks-progress, 2018-06-20" in week
    assert "date: 2018-10-07 -> 2018-11-30" in out
    assert "stance: denies -> affirms" in out

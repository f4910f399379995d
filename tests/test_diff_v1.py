"""`mkdocs-claims diff` against a claims.json version 1: a newsroom's first
review after upgrading compares its sources with what it published before.

The version 1 files are real output of mkdocs-claims at commit d1e031b (the
last version that wrote version 1); tests/data/v1/README.md says how they
were made.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from mkdocs_claims.cli import main

DATA = Path(__file__).parent / "data" / "v1"
SMALL = DATA / "small"
JUNE, OCT = "reports/2018/june/", "reports/2018/october/"
SINGAPORE = "reports/2018/pompeo-rapid-progress/"
PYONGYANG = "reports/2018/second-summit/"


def run(
    old: Path, project: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """``mkdocs-claims diff OLD PROJECT`` in this process: (status, standard output)."""
    capsys.readouterr()
    status = main(["diff", str(old), str(project), *args])
    return status, capsys.readouterr().out


def as_json(old: Path, project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status, out = run(old, project, capsys, "--json")
    found: dict[str, Any] = json.loads(out)
    assert status == (0 if found == NOTHING else 1)
    return found


NOTHING = {
    "claims": {"added": [], "removed": [], "changed": []},
    "contradictions": {"added": [], "removed": []},
}


def test_the_fixtures_are_version_1():
    """What makes them version 1: no version key, each claim's report
    embedded, contradictions listed per claim."""
    for name in ("small-claims.json", "sample-claims.json"):
        document = json.loads((DATA / name).read_text(encoding="utf-8"))
        assert "version" not in document
        assert {"speakers", "propositions", "claims"} <= set(document)
        for claim in document["claims"]:
            assert isinstance(claim["report"], dict) and isinstance(claim["contradicts"], list)


# -- the small newsroom, its sources unchanged -------------------------------------


def test_unchanged_sources_diff_empty(capsys: pytest.CaptureFixture[str]):
    old = DATA / "small-claims.json"
    status, out = run(old, SMALL, capsys)
    assert status == 0
    assert "(claims.json version 1)" in out
    assert "No change: no claim and no contradiction link" in out
    assert as_json(old, SMALL, capsys) == NOTHING


def test_a_window_added_since_ends_the_links_across_months(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The same sources, now with a 14-day window on talks-progress (version
    1 had no windows). The June claims contradicted the October ones: those
    links go; the links within June (same day) and within October (one day
    apart) stay, and so does willing's June-October link (no window)."""
    project = tmp_path / "small"
    shutil.copytree(SMALL, project)
    propositions = project / "content/propositions.yml"
    text = propositions.read_text(encoding="utf-8")
    propositions.write_text(
        text.replace("substantial progress.\n", "substantial progress.\n  window: 14\n"),
        encoding="utf-8",
    )
    assert "window: 14" in propositions.read_text(encoding="utf-8")
    kim = OCT + "#claim-김정은-talks-progress"
    assert as_json(DATA / "small-claims.json", project, capsys) == {
        "claims": {"added": [], "removed": [], "changed": []},
        "contradictions": {
            "added": [],
            "removed": sorted(
                [
                    [JUNE + "#claim-first-base", kim],
                    [JUNE + "#claim-little", kim],
                    [JUNE + "#claim-rapid", OCT + "#claim-no-progress"],
                ]
            ),
        },
    }


# -- the sample newsroom as published at d1e031b, against today's ------------------------


def facts(speaker: str, stance: str | None, proposition: str | None, date: str) -> dict[str, Any]:
    return {"speaker": speaker, "stance": stance, "proposition": proposition, "date": date}


def test_the_sample_newsroom_lists_the_corrections_made_since(
    capsys: pytest.CaptureFixture[str],
):
    """The corrections to the sample since it was published (issue 10),
    as an editor reviewing the upgrade expects to see them."""
    old = DATA / "sample-claims.json"
    found = as_json(old, REPO, capsys)
    assert found["claims"] == {
        # Kang's KBS remark lost its proposition; its id was derived from
        # speaker and proposition, so it is a new address (now explicit)
        "added": [PYONGYANG + "#claim-kbs-interview"],
        "removed": [PYONGYANG + "#claim-kang-kyung-wha-verification-first-dead-end"],
        # sorted by url: the Singapore report's claim first
        "changed": [
            {
                # the willingness is the North's, relayed by Pompeo who did
                # not vouch for it (via: mike-pompeo)
                "url": SINGAPORE + "#claim-willing",
                "before": facts(
                    "mike-pompeo", "affirms", "north-korea-willing-to-denuclearize", "2018-06-11"
                ),
                "after": facts(
                    "north-korean-government",
                    "affirms",
                    "north-korea-willing-to-denuclearize",
                    "2018-06-11",
                ),
            },
            {
                # the closing warning is ZeroHedge's, on the report's date
                # (the source gives no 7 July)
                "url": PYONGYANG + "#claim-gangster-like",
                "before": facts("north-korean-government", None, None, "2018-07-07"),
                "after": facts("zerohedge", None, None, "2018-10-07"),
            },
            {
                # "better than the last time ... a long haul" is mixed, not a denial
                "url": PYONGYANG + "#claim-long-haul",
                "before": facts("american-official", "denies", "talks-progress", "2018-10-07"),
                "after": facts("american-official", None, None, "2018-10-07"),
            },
            {
                # "officials and some experts", no longer one id for every official
                "url": PYONGYANG + "#claim-start-with-yongbyon",
                "before": facts(
                    "south-korean-officials", "affirms", "verification-first-dead-end", "2018-10-07"
                ),
                "after": facts(
                    "south-korean-officials-and-experts",
                    "affirms",
                    "verification-first-dead-end",
                    "2018-10-07",
                ),
            },
            {
                "url": PYONGYANG + "#claim-verbal-commitment",
                "before": facts(
                    "south-korean-officials", "affirms", "second-summit-agreed", "2018-10-07"
                ),
                "after": facts(
                    "south-korean-officials-summit", "affirms", "second-summit-agreed", "2018-10-07"
                ),
            },
        ],
    }
    # talks-progress now has a 14-day window, and long-haul left it. Version 1
    # linked every affirming claim (rapid, 11 June; significant-progress and
    # kim-significant-progress, 7 October) with every denying one
    # (little-progress and first-base, 11 June; long-haul and
    # little-to-no-progress, 7 October): 12 links. Those left are within one
    # day: rapid with the two June denials, the two October affirmations
    # with little-to-no-progress. No link appears: no claim gained a stance,
    # and second-summit-agreed and verification-first-dead-end have only
    # affirming claims. willing's link to stalling-tactics (no window) stays.
    june_denials = [SINGAPORE + "#claim-little-progress", SINGAPORE + "#claim-first-base"]
    october_affirmations = [
        PYONGYANG + "#claim-significant-progress",
        PYONGYANG + "#claim-kim-significant-progress",
    ]
    across_months = [
        [SINGAPORE + "#claim-rapid", PYONGYANG + "#claim-little-to-no-progress"],
        *([june, october] for june in june_denials for october in october_affirmations),
    ]
    long_haul = [
        [affirming, PYONGYANG + "#claim-long-haul"]
        for affirming in [SINGAPORE + "#claim-rapid", *october_affirmations]
    ]
    assert found["contradictions"] == {
        "added": [],
        "removed": sorted(sorted(link) for link in across_months + long_haul),
    }
    # what the editor reads: the report titles from the version 1 file's
    # claims, and the id change pointed out
    status, out = run(old, REPO, capsys)
    assert status == 1
    assert "(claims.json version 1)" in out
    assert "1 claim added, 1 removed, 5 changed; 0 contradiction links appear, 8 disappear." in out
    assert f"\n{SINGAPORE} — Pompeo says talks are moving quickly" in out
    assert (
        "~ changed  #claim-willing\n             speaker: mike-pompeo -> north-korean-government"
    ) in out
    assert (
        "note: #claim-kang-kyung-wha-verification-first-dead-end and #claim-kbs-interview "
        "have the same text"
    ) in out

"""The sample newsroom: it builds with --strict and its disagreements are
linked both ways, within the windows an editor signed off."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, Site
from test_build import check_links

RAPID = "reports/2018/pompeo-rapid-progress/"
SUMMIT = "reports/2018/second-summit/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site_dir = tmp_path_factory.mktemp("sample-site")
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)  # raises on any warning
    return Site(REPO, Path(site_dir))


def targets(site: Site, url: str, anchor: str, container: str) -> set[tuple[str, str]]:
    claim = site.page(url).find(id=anchor)
    assert claim is not None, anchor
    return {site.resolve(url, a["href"]) for a in claim.select(f"{container} a[href]")}


def test_pompeo_rapid_is_disputed_in_its_report_not_by_october(sample: Site):
    # "moving quite rapidly" against the Post's "little progress" and Cha, the
    # same day; talks-progress has a 14-day window, so the Pyongyang meeting
    # four months later is another moment and no longer contradicts it.
    within = targets(sample, RAPID, "claim-rapid", ".claim-disputes")
    assert within == {(RAPID, "claim-little-progress"), (RAPID, "claim-first-base")}
    assert targets(sample, RAPID, "claim-rapid", ".claim-contradictions") == set()
    october = targets(sample, SUMMIT, "claim-little-to-no-progress", ".claim-disputes")
    assert october == {
        (SUMMIT, "claim-significant-progress"),
        (SUMMIT, "claim-kim-significant-progress"),
    }
    assert targets(sample, SUMMIT, "claim-little-to-no-progress", ".claim-contradictions") == set()
    for link in sample.page(RAPID).select("#claim-rapid .claim-disputes a"):
        assert link["data-relation"] == "same-day"


def test_a_contradiction_across_reports_both_ways_with_when(sample: Site):
    # North Korea's stated willingness to denuclearize (relayed by Pompeo in
    # June) against ZeroHedge's October verdict: "another stalling tactic".
    forward = sample.page(RAPID).select(
        "#claim-willing .claim-contradictions a.claim-contradiction"
    )
    assert [sample.resolve(RAPID, a["href"]) for a in forward] == [
        (SUMMIT, "claim-stalling-tactics")
    ]
    assert forward[0]["data-relation"] == "later"
    assert forward[0].parent.select_one(".claim-relation").get_text() == "4 months later"
    back = sample.page(SUMMIT).select(
        "#claim-stalling-tactics .claim-contradictions a.claim-contradiction"
    )
    assert [sample.resolve(SUMMIT, a["href"]) for a in back] == [(RAPID, "claim-willing")]
    assert back[0]["data-relation"] == "earlier"
    assert back[0].parent.select_one(".claim-relation").get_text() == "4 months earlier"
    # every contradiction link has its mirror on the other claim
    for url in (RAPID, SUMMIT):
        for claim in sample.page(url).select(".claim"):
            for target, anchor in targets(sample, url, claim["id"], ".claim-contradictions"):
                if anchor.startswith("claim-"):
                    mirror = targets(sample, target, anchor, ".claim-contradictions")
                    assert (url, claim["id"]) in mirror


def test_annotations_an_editor_sent_back_are_fixed(sample: Site):
    rapid, summit = sample.page(RAPID), sample.page(SUMMIT)
    willing = rapid.select_one("#claim-willing")
    assert willing["data-speaker"] == "north-korean-government"  # Pompeo relayed it
    assert "eager to see if its words prove sincere" in willing.get_text()
    significant = summit.select_one("#claim-significant-progress .claim-body").get_text()
    assert "significant progress" in significant
    assert "another step forward" not in significant and "productive" not in significant
    long_haul = summit.select_one("#claim-long-haul")
    assert not long_haul.has_attr("data-stance")  # mixed: better, but a long haul
    assert summit.select_one("#claim-start-with-yongbyon")["data-speaker"] == (
        "south-korean-officials-and-experts"
    )
    assert summit.select_one("#claim-verbal-commitment")["data-speaker"] == (
        "south-korean-officials-summit"
    )
    assert not sample.exists("speakers/south-korean-officials/")
    gangster = summit.select_one("#claim-gangster-like")
    assert gangster["data-speaker"] == "zerohedge"
    json_claims = {c["url"]: c for c in sample.json()["claims"]}
    assert json_claims[SUMMIT + "#claim-gangster-like"]["date"] == "2018-10-07"


def test_speaker_and_proposition_pages_show_the_dispute(sample: Site):
    pompeo = sample.page("speakers/mike-pompeo/")
    refs = {
        sample.resolve("speakers/mike-pompeo/", a["href"]) for a in pompeo.select("a.claim-ref")
    }
    assert (RAPID, "claim-rapid") in refs
    assert (SUMMIT, "claim-significant-progress") in refs
    assert pompeo.select(".speaker-reversal") == []
    page = sample.page("propositions/talks-progress/")
    url = "propositions/talks-progress/"
    affirming = {
        sample.resolve(url, a["href"])
        for a in page.select(".proposition-side--affirms a.claim-ref")
    }
    denying = {
        sample.resolve(url, a["href"]) for a in page.select(".proposition-side--denies a.claim-ref")
    }
    assert (RAPID, "claim-rapid") in affirming
    assert (RAPID, "claim-little-progress") in denying
    assert (SUMMIT, "claim-little-to-no-progress") in denying
    assert page.select_one(".proposition-window").get_text() == (
        "Claims contradict each other only when made at most 14 days apart."
    )


def test_korean_names_and_every_link_resolve(sample: Site):
    assert "김정은" in sample.page("speakers/kim-jong-un/").h1.get_text()
    check_links(sample)
    assert len(sample.json()["claims"]) >= 20

"""Time-aware contradictions: the window rule at its edges, in the core and
in real builds (callouts, counts, relations, speaker and proposition pages).

The rule (HELPERS.md, SPEC): two claims contradict when they take opposite
stances on the same registered proposition and, when a window applies
(the proposition's own, else the site's ``contradiction_window``), both are
dated at most ``window`` days apart; with a window an undated claim
contradicts nothing, without one dates do not matter.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_site, make_config, write
from mkdocs_claims.index import ClaimIndex, within_window
from mkdocs_claims.layout import Layout
from mkdocs_claims.model import Claim
from mkdocs_claims.registry import Registry, load_propositions, load_speakers, read_report
from mkdocs_claims.render import PageLinks, Renderer, span_between
from mkdocs_claims.syntax import parse_source

SPEAKERS = """\
pro:
  name: Pro Speaker
con:
  name: Con Speaker
"""

PROPOSITIONS = """\
open:
  statement: Without a window of its own.
week:
  statement: Claims a week apart still disagree.
  window: 7
same-day:
  statement: Only on the same day.
  window: 0
"""


def registry() -> Registry:
    found = Registry()
    load_speakers(SPEAKERS, "content/speakers.yml", found)
    load_propositions(PROPOSITIONS, "content/propositions.yml", found)
    assert found.diagnostics == []
    return found


def report(key: str, date: str | None, *blocks: str) -> str:
    front = f"title: {key}\n" + (f"date: {date}\n" if date else "")
    return f"---\n{front}---\n\n" + "\n\n".join(dedent(b).strip("\n") for b in blocks) + "\n"


def claim(speaker: str, stance: str, proposition: str, cid: str, date: str | None = None) -> str:
    option = f"\n    date: {date}" if date else ""
    return (
        f"/// claim | {speaker} {stance} {proposition}\n    id: {cid}{option}\n\nText {cid}.\n///"
    )


def index_of(window: int | None = None, **reports: str) -> ClaimIndex:
    read = []
    for key, text in reports.items():
        parsed = parse_source(text, f"content/{key}.md")
        read.append(read_report(parsed, key)[0])
    return ClaimIndex(read, registry(), window)


def pair_index(proposition: str, first: str | None, second: str | None, window=None):
    """Two reports, one claim each, opposite stances, dated as given."""
    index = index_of(
        window,
        a=report("a", first, claim("pro", "affirms", proposition, "x")),
        b=report("b", second, claim("con", "denies", proposition, "y")),
    )
    return index, index.claims[("a", "x")], index.claims[("b", "y")]


def linked(index: ClaimIndex, one: Claim, other: Claim) -> bool:
    """Whether the callouts link the two claims, checked from both sides and
    against the rule itself: every view must agree."""
    forward = other in index.contradictions(one, 5).shown
    backward = one in index.contradictions(other, 5).shown
    every = other in index.all_contradicting(one) and one in index.all_contradicting(other)
    rule = index.contradicts(one, other) and index.contradicts(other, one)
    assert forward == backward == every == rule
    return rule


# -- the rule at its edges ---------------------------------------------------------


def test_the_same_day_contradicts_under_every_window() -> None:
    for proposition in ("open", "week", "same-day"):
        index, x, y = pair_index(proposition, "2018-06-11", "2018-06-11")
        assert linked(index, x, y), proposition


def test_exactly_window_days_apart_contradict_one_more_day_does_not() -> None:
    index, x, y = pair_index("week", "2018-06-11", "2018-06-18")
    assert linked(index, x, y)
    index, x, y = pair_index("week", "2018-06-11", "2018-06-19")
    assert not linked(index, x, y)
    # the other way round: the affirming claim is the later one
    index, x, y = pair_index("week", "2018-06-18", "2018-06-11")
    assert linked(index, x, y)
    index, x, y = pair_index("week", "2018-06-19", "2018-06-11")
    assert not linked(index, x, y)


def test_window_zero_is_the_same_day_only() -> None:
    index, x, y = pair_index("same-day", "2018-06-11", "2018-06-12")
    assert not linked(index, x, y)
    index, x, y = pair_index("same-day", "2018-06-12", "2018-06-11")
    assert not linked(index, x, y)


def test_without_a_window_dates_do_not_matter_undated_claims_included() -> None:
    index, x, y = pair_index("open", "2018-06-11", "2028-06-11")
    assert linked(index, x, y)
    index, x, y = pair_index("open", None, "2018-06-11")
    assert x.date is None
    assert linked(index, x, y)
    index, x, y = pair_index("open", None, None)
    assert linked(index, x, y)


def test_with_a_window_an_undated_claim_contradicts_nothing() -> None:
    for first, second in ((None, "2018-06-11"), ("2018-06-11", None), (None, None)):
        index, x, y = pair_index("week", first, second)
        assert not linked(index, x, y), (first, second)
        assert index.contradictions(x, 5) == index.contradictions(y, 5)
        assert index.contradictions(x, 5).more == 0


def test_a_propositions_window_overrides_the_sites() -> None:
    # site: same day only; 'week' keeps its 7 days, 'open' takes the site's 0
    index, x, y = pair_index("week", "2018-06-11", "2018-06-16", window=0)
    assert linked(index, x, y)
    index, x, y = pair_index("open", "2018-06-11", "2018-06-12", window=0)
    assert not linked(index, x, y)
    index, x, y = pair_index("open", "2018-06-11", "2018-06-11", window=0)
    assert linked(index, x, y)
    # the site's window also leaves undated claims out
    index, x, y = pair_index("open", None, "2018-06-11", window=30)
    assert not linked(index, x, y)
    assert index.window_of("open") == 30 and index.window_of("week") == 7


def test_a_claims_own_date_counts_not_its_reports() -> None:
    index = index_of(
        a=report("a", "2018-10-07", claim("pro", "affirms", "week", "x", date="2018-06-11")),
        b=report("b", "2018-06-12", claim("con", "denies", "week", "y")),
    )
    assert linked(index, index.claims[("a", "x")], index.claims[("b", "y")])


def test_within_window_is_symmetric_and_exact() -> None:
    day = datetime.date(2018, 6, 11)
    assert within_window(day, day + datetime.timedelta(days=7), 7)
    assert within_window(day + datetime.timedelta(days=7), day, 7)
    assert not within_window(day, day + datetime.timedelta(days=8), 7)
    assert within_window(None, None, None)
    assert not within_window(None, day, 0)


# -- callouts: the cap, "and N more" and disputes with a window -----------------------


def test_the_cap_and_the_count_take_only_claims_in_the_window() -> None:
    reports = {
        # denials on 1..12 June; the affirming claim is on 10 June, window 7:
        # 3..12 June (10 claims) are in, 1 and 2 June are not
        f"d{day:02d}": report(
            f"d{day:02d}", f"2018-06-{day:02d}", claim("con", "denies", "week", "d")
        )
        for day in range(1, 13)
    }
    reports["pro"] = report(
        "pro",
        "2018-06-10",
        claim("pro", "affirms", "week", "a"),
        claim("con", "denies", "week", "same"),
        claim("con", "denies", "week", "far", date="2018-09-01"),
    )
    index = index_of(**reports)
    found = index.contradictions(index.claims[("pro", "a")], 3)
    assert [c.report for c in found.shown] == ["d12", "d11", "d10"]  # newest first
    assert found.more == 7  # 3..9 June; 1 and 2 June are outside the window
    # the same report's claims are disputes, and the window applies to them too
    assert [c.id for c in found.disputes] == ["same"]
    assert index.contradictions(index.claims[("pro", "a")], 0).more == 10
    # from the other side: 1 June is 9 days before 10 June
    assert index.contradictions(index.claims[("d01", "d")], 5).shown == ()
    assert [c.id for c in index.contradictions(index.claims[("d03", "d")], 5).shown] == ["a"]


def test_and_n_more_is_rendered_with_the_count_in_the_window() -> None:
    reports = {
        f"d{day:02d}": report(
            f"d{day:02d}", f"2018-06-{day:02d}", claim("con", "denies", "week", "d")
        )
        for day in range(1, 13)
    }
    reports["pro"] = report("pro", "2018-06-10", claim("pro", "affirms", "week", "a"))
    index = index_of(**reports)
    layout = Layout()
    html = Renderer(layout, max_contradictions=2).claim_footer(
        index.claims[("pro", "a")], index, PageLinks(layout, layout.report_url("pro"))
    )
    soup = BeautifulSoup(str(html), "html.parser")
    assert len(soup.select("a.claim-contradiction")) == 2
    assert soup.select_one("a.claim-more").get_text() == "and 8 more"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["r1", "r2", "r3"]),
            st.sampled_from(["affirms", "denies"]),
            st.sampled_from(["open", "week", "same-day"]),
            st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
        ),
        min_size=1,
        max_size=14,
    ),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
    st.integers(min_value=0, max_value=4),
)
def test_every_view_agrees_with_the_rule(claims, site_window, limit) -> None:
    """Callouts, counts, disputes and all_contradicting are the rule applied
    to every pair, whatever the dates, windows, reports and cap."""
    blocks: dict[str, list[str]] = {"r1": [], "r2": [], "r3": []}
    for number, (key, stance, proposition, day) in enumerate(claims):
        date = None
        if day is not None:  # otherwise the claim takes its report's date
            date = (datetime.date(2018, 6, 1) + datetime.timedelta(days=day)).isoformat()
        speaker = "pro" if stance == "affirms" else "con"
        blocks[key].append(claim(speaker, stance, proposition, f"c{number}", date))
    # r3 has no date of its own: its claims without a date option are undated
    dates = {"r1": "2018-06-05", "r2": "2018-06-12", "r3": None}
    index = index_of(site_window, **{k: report(k, dates[k], *v) for k, v in blocks.items()})
    every = list(index.claims.values())
    for one in every:
        expected = {o.key for o in every if index.contradicts(one, o)}
        assert {o.key for o in index.all_contradicting(one)} == expected
        found = index.contradictions(one, limit)
        elsewhere = [o for o in index.all_contradicting(one) if o.report != one.report]
        assert [o.key for o in found.shown] == [o.key for o in elsewhere[:limit]]
        assert found.more == len(elsewhere) - len(found.shown)
        # The same report's, in document order, capped like the others.
        own = [o for o in every if o.report == one.report and o.key in expected]
        own.sort(key=lambda o: o.line)
        assert [o.key for o in found.disputes] == [o.key for o in own[:limit]]
        assert found.disputes_more == len(own) - len(found.disputes)
        # newest first, the undated last
        order = [(o.date is None, -o.date.toordinal() if o.date else 0) for o in elsewhere]
        assert order == sorted(order)


def test_a_reversal_needs_the_speakers_own_claims_to_contradict() -> None:
    index = index_of(
        a=report("a", "2018-06-11", claim("pro", "affirms", "week", "x")),
        b=report("b", "2018-10-07", claim("pro", "denies", "week", "y")),
        c=report("c", "2018-06-11", claim("pro", "affirms", "open", "z")),
        d=report("d", "2019-06-11", claim("pro", "denies", "open", "w")),
    )
    assert index.reversals("pro") == {"open"}
    index = index_of(
        a=report("a", "2018-06-11", claim("pro", "affirms", "week", "x")),
        b=report("b", "2018-06-18", claim("pro", "denies", "week", "y")),
    )
    assert index.reversals("pro") == {"week"}


# -- when: earlier, later, and by how much ------------------------------------------------


@pytest.mark.parametrize(
    ("days", "count", "unit"),
    [
        (0, 0, "day"),
        (1, 1, "day"),
        (3, 3, "day"),
        (59, 59, "day"),
        (60, 2, "month"),  # 1.97 mean months
        (118, 4, "month"),  # 11 June to 7 October
        (349, 11, "month"),
        (350, 11, "month"),  # 11.499 months
        (351, 1, "year"),  # 11.53 months round to 12: a year
        (547, 1, "year"),  # 1.498 years
        (548, 2, "year"),  # 1.500 years
        (3653, 10, "year"),
    ],
)
def test_spans_are_rounded_as_documented(days: int, count: int, unit: str) -> None:
    day = datetime.date(2018, 6, 11)
    later = day + datetime.timedelta(days=days)
    span = span_between(day, later)
    assert (span.count, span.unit) == (count, unit)
    assert span_between(later, day) == span


def test_relations_say_earlier_later_or_same_day_in_any_language() -> None:
    index = index_of(
        a=report("a", "2018-06-11", claim("pro", "affirms", "open", "x")),
        b=report("b", "2018-06-14", claim("con", "denies", "open", "y")),
        c=report("c", "2018-10-07", claim("con", "denies", "open", "z")),
        d=report("d", "2018-06-11", claim("con", "denies", "open", "w")),
        e=report("e", "2018-06-12", claim("con", "denies", "open", "v")),
    )
    x = index.claims[("a", "x")]
    english = Renderer(Layout())

    def said(renderer: Renderer, one: Claim, other: tuple[str, str]) -> tuple[str, str]:
        relation = renderer.relation(one, index.claims[other])
        assert relation is not None
        return relation.kind, relation.label

    assert said(english, x, ("b", "y")) == ("later", "3 days later")
    assert said(english, index.claims[("b", "y")], ("a", "x")) == ("earlier", "3 days earlier")
    assert said(english, x, ("c", "z")) == ("later", "4 months later")
    assert said(english, index.claims[("c", "z")], ("a", "x")) == ("earlier", "4 months earlier")
    assert said(english, x, ("d", "w")) == ("same-day", "same day")
    assert said(english, x, ("e", "v")) == ("later", "1 day later")
    korean = Renderer(
        Layout(),
        labels={
            "later": "{time} 후",
            "earlier": "{time} 전",
            "days": "{count}일",
            "months": "{count}개월",
        },
    )
    assert said(korean, x, ("b", "y")) == ("later", "3일 후")
    assert said(korean, index.claims[("c", "z")], ("a", "x")) == ("earlier", "4개월 전")


def test_no_relation_for_an_undated_claim() -> None:
    index, x, y = pair_index("open", None, "2018-06-11")
    assert Renderer(Layout()).relation(x, y) is None
    layout = Layout()
    html = Renderer(layout).claim_footer(x, index, PageLinks(layout, layout.report_url("a")))
    link = BeautifulSoup(str(html), "html.parser").select_one("a.claim-contradiction")
    assert link is not None and not link.has_attr("data-relation")


# -- real builds ------------------------------------------------------------------------

BUILD_PROPOSITIONS = """
talks-progress:
  statement: The talks are making progress.
  window: 30
willing:
  statement: North Korea is willing to denuclearize.
sanctions:
  statement: Sanctions stay.
"""


@pytest.fixture
def timed_newsroom(tmp_path: Path) -> Path:
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config({"contradiction_window": 90}),
            "content/speakers.yml": SPEAKERS,
            "content/propositions.yml": BUILD_PROPOSITIONS,
            "content/2018/june.md": """
                ---
                title: June
                date: 2018-06-11
                ---

                /// claim | pro affirms talks-progress
                    id: rapid

                Moving quite rapidly.
                ///

                /// claim | con denies talks-progress
                    id: little

                Little progress.
                ///

                /// claim | pro affirms willing
                    id: willing

                Confirmed its willingness.
                ///

                /// claim | pro affirms sanctions
                    id: stay

                Sanctions stay.
                ///
                """,
            "content/2018/mid-june.md": """
                ---
                title: Mid-June
                date: 2018-06-14
                ---

                /// claim | con denies talks-progress
                    id: stalled

                Stalled.
                ///
                """,
            "content/2018/october.md": """
                ---
                title: October
                date: 2018-10-07
                ---

                /// claim | con denies talks-progress
                    id: no-progress

                Little to no progress.
                ///

                /// claim | con denies willing
                    id: stalling

                A stalling tactic.
                ///

                /// claim | con denies sanctions
                    id: relief

                Relief first.
                ///
                """,
        },
    )
    return tmp_path


def relations(site, url: str, anchor: str, container: str = ".claim-contradictions"):
    claim = site.page(url).select_one(f"#{anchor}")
    return {
        (
            site.resolve(url, a["href"])[1],
            a.get("data-relation"),
            a.parent.select_one(".claim-relation").get_text(),
        )
        for a in claim.select(f"{container} a[data-claim]")
    }


def test_a_build_links_within_windows_and_says_when_both_ways(timed_newsroom: Path):
    site = build_site(timed_newsroom)
    june, mid, october = "reports/2018/june/", "reports/2018/mid-june/", "reports/2018/october/"
    # talks-progress (30 days): June and mid-June disagree, October is too late
    assert relations(site, june, "claim-rapid") == {("claim-stalled", "later", "3 days later")}
    assert relations(site, mid, "claim-stalled") == {("claim-rapid", "earlier", "3 days earlier")}
    assert relations(site, june, "claim-rapid", ".claim-disputes") == {
        ("claim-little", "same-day", "same day")
    }
    assert site.page(october).select_one("#claim-no-progress .claim-contradictions") is None
    # willing has no window of its own and the site's 90 days: 118 days apart, no link
    assert site.page(june).select_one("#claim-willing .claim-contradictions") is None
    assert site.page(october).select_one("#claim-stalling .claim-contradictions") is None
    # the proposition page says what its window is
    note = site.page("propositions/talks-progress/").select_one(".proposition-window")
    assert note.get_text() == "Claims contradict each other only when made at most 30 days apart."
    assert site.page("propositions/willing/").select_one(".proposition-window").get_text() == (
        "Claims contradict each other only when made at most 90 days apart."
    )


def test_without_windows_the_months_are_said(timed_newsroom: Path):
    (timed_newsroom / "mkdocs.yml").write_text(make_config(), encoding="utf-8")
    site = build_site(timed_newsroom)
    june, october = "reports/2018/june/", "reports/2018/october/"
    assert relations(site, june, "claim-willing") == {("claim-stalling", "later", "4 months later")}
    assert relations(site, october, "claim-stalling") == {
        ("claim-willing", "earlier", "4 months earlier")
    }
    assert site.page("propositions/willing/").select_one(".proposition-window") is None


def test_speaker_pages_flag_only_reversals_within_the_window(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": SPEAKERS,
            "content/propositions.yml": BUILD_PROPOSITIONS,
            "content/june.md": report(
                "june",
                "2018-06-11",
                claim("pro", "affirms", "talks-progress", "a"),
                claim("pro", "affirms", "willing", "b"),
            ),
            "content/october.md": report(
                "october",
                "2018-10-07",
                claim("pro", "denies", "talks-progress", "c"),
                claim("pro", "denies", "willing", "d"),
            ),
        },
    )
    site = build_site(tmp_path)
    flags = site.page("speakers/pro/").select(".speaker-reversal")
    assert [flag["data-proposition"] for flag in flags] == ["willing"]


def test_an_invalid_site_window_is_reported_by_the_build_and_by_check(tmp_path: Path, caplog):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config({"contradiction_window": -3}),
            "content/speakers.yml": SPEAKERS,
            "content/propositions.yml": BUILD_PROPOSITIONS,
            "content/a.md": report("a", "2018-06-11", claim("pro", "affirms", "willing", "x")),
            "content/b.md": report("b", "2019-06-11", claim("con", "denies", "willing", "y")),
        },
    )
    site = build_site(tmp_path, caplog)
    message = (
        "mkdocs.yml:8: contradiction_window is -3; write a whole number of days (0 or more), "
        "or null for no limit — no limit is applied"
    )
    assert message in site.warnings
    assert site.page("reports/a/").select_one("#claim-x a.claim-contradiction") is not None
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.splitlines() == [message]
    assert "1 warning" in result.stderr and "1 warnings" not in result.stderr

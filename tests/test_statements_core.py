"""Unit tests of the pure core behind the newsroom pages: the timeline, the
shortened words, the Atom feeds, quoted and mentioned speakers, reversals.

No MkDocs here; the built pages are in test_pages.py and test_feeds.py.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import feedparser

from conftest import REPO
from mkdocs_claims.feeds import ATOM, Addresses, Feeds, atom
from mkdocs_claims.index import ClaimIndex
from mkdocs_claims.layout import Layout
from mkdocs_claims.model import Claim, Report
from mkdocs_claims.registry import Registry, load_propositions, load_speakers, read_report
from mkdocs_claims.render import DEFAULT_LABELS, Excerpts, Renderer, shorten
from mkdocs_claims.syntax import parse_source
from mkdocs_claims.timeline import MAX_TICKS, build_timeline

SPEAKERS = """\
mike-pompeo:
  name: Mike Pompeo
washington-post:
  name: The Washington Post
  kind: outlet
officials:
  name: South Korean officials
  kind: anonymous
"""

PROPOSITIONS = """\
talks-progress:
  statement: The talks are making progress.
"""


def claim(cid: str, speaker: str, stance: str | None, date: datetime.date | None) -> Claim:
    return Claim("r", cid, 1, "", speaker, stance, "talks-progress", date)  # type: ignore[arg-type]


def day(month: int, dom: int, year: int = 2018) -> datetime.date:
    return datetime.date(year, month, dom)


# -- the timeline -----------------------------------------------------------------


def test_timeline_places_claims_by_date_between_the_first_and_the_last() -> None:
    timeline = build_timeline(
        [
            claim("late", "a", "denies", day(10, 7)),
            claim("early", "a", "affirms", day(6, 11)),
            claim("middle", "b", "affirms", day(8, 24)),
        ]
    )
    positions = {m.claim.id: m.x for row in timeline.rows for m in row.marks}
    assert positions == {"early": 0, "middle": 63, "late": 100}  # day 74 of 118
    assert [row.speaker for row in timeline.rows] == ["a", "b"]  # by first claim
    assert [m.claim.id for m in timeline.rows[0].marks] == ["early", "late"]
    assert timeline.marks == 3 and not timeline.undated


def test_timeline_gives_undated_claims_their_own_slot_and_one_date_the_middle() -> None:
    timeline = build_timeline(
        [claim("dated", "a", "affirms", day(6, 11)), claim("undated", "b", "denies", None)]
    )
    positions = {m.claim.id: m.x for row in timeline.rows for m in row.marks}
    assert positions == {"dated": 42, "undated": timeline.undated_at}
    assert timeline.undated
    assert [t.label for t in timeline.ticks] == ["2018-06-11"]


def test_marks_that_would_overlap_go_to_separate_lanes() -> None:
    timeline = build_timeline(
        [
            claim("one", "a", "affirms", day(6, 11)),
            claim("two", "a", "denies", day(6, 11)),
            claim("three", "a", "affirms", day(6, 12)),
            claim("far", "a", "denies", day(12, 31)),
        ]
    )
    (row,) = timeline.rows
    assert [[m.claim.id for m in lane] for lane in row.lanes] == [
        ["one", "far"],
        ["two"],
        ["three"],
    ]


def test_many_claims_on_one_day_stay_linear() -> None:
    claims = [claim(str(i), "a", "affirms", day(6, 11)) for i in range(3000)]
    claims.append(claim("later", "a", "denies", day(7, 11)))
    (row,) = build_timeline(claims).rows
    assert len(row.lanes) == 3000
    assert row.lanes[0][-1].claim.id == "later"  # the first free lane


def test_ticks_label_both_ends_and_round_dates_between() -> None:
    timeline = build_timeline(
        [claim("a", "a", "affirms", day(6, 11)), claim("b", "b", "denies", day(10, 7))]
    )
    assert [(t.label, t.edge) for t in timeline.ticks] == [
        ("2018-06-11", True),
        ("2018-07", False),
        ("2018-08", False),
        ("2018-09", False),
        ("2018-10-07", True),
    ]


def test_ticks_stay_few_and_in_range_for_any_span() -> None:
    spans = [
        (day(1, 1), day(1, 2)),
        (day(1, 1), day(3, 1)),
        (day(1, 1, 2001), day(6, 1)),
        (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
        (datetime.date(9999, 11, 30), datetime.date(9999, 12, 31)),
    ]
    for start, end in spans:
        timeline = build_timeline(
            [claim("a", "a", "affirms", start), claim("b", "a", "denies", end)]
        )
        ticks = timeline.ticks
        assert 2 <= len(ticks) <= MAX_TICKS + 2
        assert [t.x for t in ticks] == sorted(t.x for t in ticks)
        assert all(start <= t.date <= end for t in ticks)
        assert ticks[0].edge and ticks[-1].edge


# -- the words ----------------------------------------------------------------------


def test_words_are_shortened_past_sixty_with_a_flag() -> None:
    sixty = " ".join(f"w{i}" for i in range(60))
    assert shorten(sixty).text == sixty and not shorten(sixty).shortened
    long = shorten(" ".join(f"w{i}" for i in range(61)))
    assert long.shortened and long.text.split() == [f"w{i}" for i in range(50)]


def test_excerpts_convert_each_body_once_and_keep_the_writers_quotes() -> None:
    calls: list[str] = []

    def plain(body: str) -> str:
        calls.append(body)
        return body.replace("*", "")

    words = Excerpts(plain)
    body = '"It is a *long haul*," he said.'
    assert words(body).text == '"It is a long haul," he said.'
    assert words(body) is words(body)
    assert calls == [body]
    assert Excerpts()("**Bold** and [a link](x.md).").text == "Bold and a link."


# -- reversals, quoted and mentioned ---------------------------------------------------


def registry() -> Registry:
    found = Registry()
    load_speakers(SPEAKERS, "content/speakers.yml", found)
    load_propositions(PROPOSITIONS, "content/propositions.yml", found)
    assert found.diagnostics == []
    return found


def report(key: str, date: str, body: str, **front: str) -> Report:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    text = f"---\ntitle: Report {key}\ndate: {date}\n{extra}---\n\n{body}\n"
    found, _ = read_report(parse_source(text, f"content/{key}.md"), key)
    return found


def block(speaker: str, stance: str, cid: str, extra: str = "") -> str:
    header = f"/// claim | {speaker} {stance} talks-progress\n    id: {cid}\n{extra}"
    return f"{header}\nWords {cid}.\n///\n"


def test_an_anonymous_group_is_never_flagged_for_taking_both_stances() -> None:
    index = ClaimIndex(
        [
            report(
                "a",
                "2018-06-11",
                block("officials", "affirms", "x") + block("mike-pompeo", "affirms", "p"),
            ),
            report(
                "b",
                "2018-10-07",
                block("officials", "denies", "y") + block("mike-pompeo", "denies", "q"),
            ),
        ],
        registry(),
    )
    assert index.reversals("officials") == set()
    assert index.reversals("mike-pompeo") == {"talks-progress"}


def test_a_report_tells_quoted_speakers_from_mentioned_ones() -> None:
    body = (
        "[The Post](@washington-post) and [Cha](@victor-cha) were named.\n\n"
        + block("mike-pompeo", "affirms", "x", "    via: washington-post\n")
        + "\n/// quote | officials\n\nWe met.\n///\n"
    )
    found = report("a", "2018-06-11", body)
    assert found.quoted_speaker_ids == ("mike-pompeo", "officials")
    assert found.mentioned_speaker_ids == ("washington-post", "victor-cha")


# -- feeds ---------------------------------------------------------------------------


def feeds_of(index: ClaimIndex, size: int = 50) -> Feeds:
    renderer = Renderer(Layout())
    return Feeds(
        index,
        Layout(),
        renderer.label,
        lambda c: c.body.strip(),
        lambda body: body.strip(),
        "Test newsroom",
        size,
    )


def newsroom() -> ClaimIndex:
    return ClaimIndex(
        [
            report(
                "june",
                "2018-06-11",
                block("mike-pompeo", "affirms", "rapid", "    note: briefing\n"),
                summary="June.",
            ),
            report(
                "oct",
                "2018-10-07",
                block("mike-pompeo", "affirms", "oct") + block("washington-post", "denies", "post"),
            ),
            report("undated", "", block("mike-pompeo", "denies", "nodate")),
        ],
        registry(),
    )


def parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)


def test_a_speaker_feed_is_valid_atom_newest_first_linking_each_claim() -> None:
    feed = feeds_of(newsroom()).speaker("mike-pompeo")
    document = atom(feed, Addresses("", "Test newsroom"))
    root = parse(document)
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{required}", ns) is not None, required
    entries = root.findall("a:entry", ns)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"a:{required}", namespaces=ns) or "").strip(), required
        assert entry.find("a:link[@rel='alternate']", ns) is not None
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.link for e in parsed.entries] == [
        "../../reports/oct/#claim-oct",
        "../../reports/june/#claim-rapid",
    ]  # the undated claim has no place in a feed ordered by time
    assert parsed.entries[0].title == "Mike Pompeo affirms: The talks are making progress."
    assert parsed.entries[1].summary == "Words rapid. (briefing)"
    assert parsed.entries[0].updated == "2018-10-07T00:00:00Z"
    assert parsed.feed.updated == "2018-10-07T00:00:00Z"
    assert root.find("a:link[@rel='self']", ns).get("href") == "feed.xml"


def test_feed_ids_are_stable_and_absolute_with_a_site_url() -> None:
    feed = feeds_of(newsroom()).proposition("talks-progress")
    without = feedparser.parse(atom(feed, Addresses("", "Test newsroom")))
    again = feedparser.parse(
        atom(feeds_of(newsroom()).proposition("talks-progress"), Addresses("", "Test newsroom"))
    )
    assert [e.id for e in without.entries] == [e.id for e in again.entries]
    assert all(e.id.startswith("urn:uuid:") for e in without.entries)
    assert len({e.id for e in without.entries}) == len(without.entries) == 3
    other_site = feedparser.parse(atom(feed, Addresses("", "Another newsroom")))
    assert {e.id for e in other_site.entries}.isdisjoint(e.id for e in without.entries)
    absolute = feedparser.parse(atom(feed, Addresses("https://news.example/", "Test newsroom")))
    assert absolute.entries[0].id == "https://news.example/reports/oct/#claim-oct"
    assert absolute.entries[0].link == "https://news.example/reports/oct/#claim-oct"
    assert absolute.feed.id == "https://news.example/propositions/talks-progress/feed.xml"


def test_reports_feed_and_limits() -> None:
    feeds = feeds_of(newsroom(), size=1)
    reports = feedparser.parse(atom(feeds.reports(), Addresses("", "N")))
    assert [e.link for e in reports.entries] == ["oct/"]  # beside reports/feed.xml
    speaker = feeds.speaker("mike-pompeo")
    assert len(speaker.entries) == 1
    empty = feeds.speaker("officials")
    assert empty.entries == () and empty.updated == datetime.date(2018, 10, 7)
    assert feeds.reports().path == "reports/feed.xml"


def test_feed_text_that_xml_cannot_hold_is_dropped_not_fatal() -> None:
    index = ClaimIndex(
        [
            report(
                "x",
                "2018-06-11",
                "/// claim | mike-pompeo affirms talks-progress\n\n"
                "Bell \x07 and <tag> & \U0001f600.\n///\n",
            )
        ],
        registry(),
    )
    document = atom(feeds_of(index).speaker("mike-pompeo"), Addresses("", "N\x00"))
    parsed = feedparser.parse(document)
    assert not parsed.bozo
    assert parsed.entries[0].summary == "Bell  and <tag> & \U0001f600."


def test_every_label_is_documented_in_the_configuration_reference() -> None:
    reference = (REPO / "docs/guide/configuration.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", reference, flags=re.M))
    assert set(DEFAULT_LABELS) - rows == set()

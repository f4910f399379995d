"""Unit tests of the pure core (parser, registries, index, renderers, export).

No MkDocs here: these are the parts another site generator could drive. Real
builds are in test_build.py and the other integration tests.
"""

from __future__ import annotations

import datetime
import json
from textwrap import dedent

from bs4 import BeautifulSoup

from mkdocs_claims.export import SiteData, claims_document, dumps, json_ld
from mkdocs_claims.ids import collision_key, did_you_mean, is_valid_id, normalize_id
from mkdocs_claims.index import ClaimIndex
from mkdocs_claims.layout import Layout
from mkdocs_claims.model import Diagnostic, ExternalClaim, Report
from mkdocs_claims.registry import (
    Registry,
    load_propositions,
    load_speakers,
    read_report,
    report_key,
)
from mkdocs_claims.render import PageLinks, Renderer
from mkdocs_claims.syntax import parse_source, split_front_matter

SPEAKERS = """\
mike-pompeo:
  name: Mike Pompeo
  role: US Secretary of State
washington-post:
  name: The Washington Post
  kind: outlet
김여정:
  name: Kim Yo Jong
  native_name: 김여정
"""

PROPOSITIONS = """\
talks-progress:
  statement: The talks are making progress.
sanctions-stay:
  statement: Sanctions stay in place.
"""


def registry() -> Registry:
    found = Registry()
    load_speakers(SPEAKERS, "content/speakers.yml", found)
    load_propositions(PROPOSITIONS, "content/propositions.yml", found)
    assert found.diagnostics == []
    return found


def report_text(date: str, *blocks: str, title: str = "A report") -> str:
    body = "\n\n".join(dedent(block).strip("\n") for block in blocks)
    return f"---\ntitle: {title}\ndate: {date}\noutlet: Wire\n---\n\n{body}\n"


def read(path: str, text: str) -> tuple[Report, list[Diagnostic]]:
    parsed = parse_source(text, f"content/{path}")
    return read_report(parsed, report_key(path))


def index_of(**reports: str) -> ClaimIndex:
    """An index of reports given as key=text (key without .md)."""
    return ClaimIndex([read(f"{key}.md", text)[0] for key, text in reports.items()], registry())


def kinds(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.kind for d in diagnostics]


CLAIM = """\
/// claim | mike-pompeo affirms talks-progress
    id: rapid
    note: at a briefing

They are moving quite rapidly.
///
"""

# -- the parser ----------------------------------------------------------------


def test_front_matter_is_split_and_the_body_line_counted() -> None:
    front, body, line = split_front_matter("---\ntitle: T\ndate: 2018-06-11\n---\n\nText\n")
    assert front == "title: T\ndate: 2018-06-11\n"
    assert body == "Text\n"
    assert line == 6


def test_a_claim_gets_speaker_stance_proposition_options_text_and_line() -> None:
    report, diagnostics = read("2018/pompeo.md", report_text("2018-06-11", "Intro.", CLAIM))
    assert diagnostics == []
    (claim,) = report.claims
    assert (claim.speaker, claim.stance, claim.proposition) == (
        "mike-pompeo",
        "affirms",
        "talks-progress",
    )
    assert claim.id == "rapid"
    assert claim.note == "at a briefing"
    assert claim.line == 9  # 5 lines of front matter, a blank, "Intro.", a blank
    assert "moving quite rapidly" in claim.body
    assert claim.date == datetime.date(2018, 6, 11)  # the report's date
    assert report.key == "2018/pompeo"


def test_claims_without_id_get_speaker_proposition_ids_made_unique() -> None:
    block = "/// claim | mike-pompeo denies talks-progress\nNo progress.\n///"
    report, diagnostics = read("r.md", report_text("2018-06-11", block, block))
    assert diagnostics == []
    assert [c.id for c in report.claims] == [
        "mike-pompeo-talks-progress",
        "mike-pompeo-talks-progress-2",
    ]


def test_a_claim_date_option_overrides_the_report_date() -> None:
    block = "/// claim | mike-pompeo affirms talks-progress\n    date: 2018-05-01\n\nYes.\n///"
    report, _ = read("r.md", report_text("2018-06-11", block))
    assert report.claims[0].date == datetime.date(2018, 5, 1)


def test_quotes_and_mentions_are_read_with_their_lines() -> None:
    text = report_text(
        "2018-06-11",
        "As [Pompeo](@mike-pompeo) said:",
        "/// quote | washington-post\nLittle progress.\n///",
    )
    report, diagnostics = read("r.md", text)
    assert diagnostics == []
    assert [(m.speaker, m.text, m.line) for m in report.mentions] == [("mike-pompeo", "Pompeo", 7)]
    (quote,) = report.quotes
    assert (quote.speaker, quote.line) == ("washington-post", 9)
    assert "Little progress." in quote.body


def test_blocks_and_mentions_in_code_are_not_annotations() -> None:
    text = report_text(
        "2018-06-11",
        "```markdown\n/// claim | mike-pompeo affirms talks-progress\nX\n///\n```",
        "Inline `[a](@mike-pompeo)` code.",
    )
    report, diagnostics = read("r.md", text)
    assert report.claims == () and report.mentions == ()
    assert diagnostics == []


def test_a_misspelt_stance_is_reported_with_a_suggestion_and_the_claim_kept() -> None:
    block = "/// claim | mike-pompeo afirms talks-progress\nText stays.\n///"
    report, diagnostics = read("2018/p.md", report_text("2018-06-11", block))
    (problem,) = diagnostics
    assert problem.kind == "bad_stance"
    assert (problem.path, problem.line) == ("content/2018/p.md", 7)
    assert "'affirms'" in problem.message
    assert len(report.claims) == 1 and "Text stays." in report.claims[0].body


def test_an_unknown_option_is_reported_with_the_accepted_ones() -> None:
    block = "/// claim | mike-pompeo affirms talks-progress\n    stnace: denies\n\nX\n///"
    _, diagnostics = read("r.md", report_text("2018-06-11", block))
    assert kinds(diagnostics) == ["unknown_option"]
    assert diagnostics[0].line == 8
    assert "stnace" in diagnostics[0].message


def test_unindented_options_are_read_and_reported() -> None:
    block = "/// claim | mike-pompeo affirms talks-progress\nid: rapid\n\nText.\n///"
    report, diagnostics = read("r.md", report_text("2018-06-11", block))
    assert kinds(diagnostics) == ["unindented_options"]
    assert report.claims[0].id == "rapid"


def test_an_unclosed_block_is_reported_and_keeps_its_text() -> None:
    text = report_text("2018-06-11", "/// claim | mike-pompeo affirms talks-progress\nText here.")
    report, diagnostics = read("r.md", text)
    assert "unclosed_block" in kinds(diagnostics)
    assert "Text here." in report.claims[0].body


def test_bad_front_matter_yaml_is_reported_at_its_line_and_the_rest_is_kept() -> None:
    text = "---\ntitle: ok\ndate: 2018-06-11\noutlet: a: b\n---\n\nText.\n"
    report, diagnostics = read("r.md", text)
    assert [(d.kind, d.line) for d in diagnostics] == [("invalid_yaml", 4)]
    assert "'outlet' is read as the text 'a: b'" in diagnostics[0].message
    assert (report.title, report.date, report.outlet) == ("ok", datetime.date(2018, 6, 11), "a: b")


def test_a_report_without_front_matter_is_reported() -> None:
    report, diagnostics = read("2018/plain.md", "# Plain\n\nText.\n")
    assert kinds(diagnostics) == ["missing_field"]
    assert "no front matter" in diagnostics[0].message
    assert report.title == "Plain" and report.date is None


def test_duplicate_claim_ids_in_one_report_are_reported() -> None:
    block = "/// claim | mike-pompeo affirms talks-progress\n    id: same\n\nX.\n///"
    _, diagnostics = read("r.md", report_text("2018-06-11", block, block))
    assert kinds(diagnostics) == ["duplicate_claim_id"]


def test_an_impossible_date_is_reported() -> None:
    report, diagnostics = read("r.md", report_text("2018-02-30", "Text.", title="Kept"))
    assert [(d.kind, d.line) for d in diagnostics] == [("invalid_date", 3)]
    assert report.date is None
    assert (report.title, report.outlet) == ("Kept", "Wire")  # the rest of the front matter


def test_an_invalid_date_option_names_the_block_it_is_in() -> None:
    quote = "/// quote | mike-pompeo\n    date: 2018-13-01\n\nWords.\n///"
    claim = "/// claim | mike-pompeo\n    date: June 11\n\nWords.\n///"
    report, diagnostics = read("r.md", report_text("2018-06-11", quote, claim))
    messages = [(d.kind, d.line, d.message) for d in diagnostics]
    assert messages == [
        ("invalid_date", 8, "quote date '2018-13-01' is not a date: write it as YYYY-MM-DD"),
        ("invalid_date", 14, "claim date 'June 11' is not a date: write it as YYYY-MM-DD"),
    ]
    assert [q.date for q in report.quotes] == [datetime.date(2018, 6, 11)]  # the report's


# -- ids and registries ---------------------------------------------------------


def test_ids_in_any_script_are_valid_and_normalised() -> None:
    assert is_valid_id("김여정") and is_valid_id("mike-pompeo")
    assert not is_valid_id("mike pompeo") and not is_valid_id("-x") and not is_valid_id("a--b")
    assert collision_key("Mike-Pompeo") == collision_key("mike-pompeo")
    assert normalize_id("\u1100\u1161") == "\uac00"  # Hangul jamo compose (NFC)


def test_did_you_mean_offers_the_closest_id() -> None:
    assert "mike-pompeo" in did_you_mean("pompeo", ["mike-pompeo", "washington-post"])
    assert did_you_mean("zzzz", ["mike-pompeo"]) == ""


def test_registry_entries_keep_their_fields_and_lines_of_mistakes() -> None:
    found = Registry()
    load_speakers(
        "a-b:\n  name: A B\n  kind: alien\nc-d:\n  role: no name\n", "content/speakers.yml", found
    )
    assert found.speakers["a-b"].kind == "person"
    assert [(d.kind, d.line) for d in found.diagnostics] == [
        ("invalid_value", 1),
        ("missing_field", 4),
    ]
    assert found.speakers["c-d"].name == "c-d"


def test_registry_yaml_errors_name_the_line() -> None:
    found = Registry()
    load_propositions("a:\n  statement: x\nb: [\n", "content/propositions.yml", found)
    assert found.diagnostics[0].kind == "invalid_yaml"
    assert found.diagnostics[0].path == "content/propositions.yml"
    assert found.diagnostics[0].line >= 3


def test_ids_that_collide_after_normalisation_are_reported() -> None:
    found = Registry()
    load_speakers("Kim:\n  name: A\nkim:\n  name: B\n", "content/speakers.yml", found)
    assert "id_collision" in kinds(found.diagnostics)


# -- the claim index ---------------------------------------------------------------


def claim_block(speaker: str, stance: str, cid: str, proposition: str = "talks-progress") -> str:
    return f"/// claim | {speaker} {stance} {proposition}\n    id: {cid}\n\nText {cid}.\n///"


def test_contradictions_link_both_ways_newest_first_and_disputes_stay_in_the_report() -> None:
    index = index_of(
        june=report_text(
            "2018-06-11",
            claim_block("mike-pompeo", "affirms", "rapid"),
            claim_block("washington-post", "denies", "little"),
        ),
        july=report_text("2018-07-01", claim_block("washington-post", "denies", "stalled")),
        may=report_text("2018-05-01", claim_block("washington-post", "denies", "slow")),
    )
    rapid = index.claims[("june", "rapid")]
    found = index.contradictions(rapid, 5)
    assert [(c.report, c.id) for c in found.shown] == [("july", "stalled"), ("may", "slow")]
    assert found.more == 0
    assert [c.id for c in found.disputes] == ["little"]
    back = index.contradictions(index.claims[("july", "stalled")], 5)
    assert [(c.report, c.id) for c in back.shown] == [("june", "rapid")]
    assert back.disputes == ()


def test_contradictions_are_capped_with_a_count_of_the_rest() -> None:
    reports = {
        f"r{n}": report_text(f"2018-06-{n + 1:02d}", claim_block("washington-post", "denies", "d"))
        for n in range(7)
    }
    reports["pro"] = report_text("2019-01-01", claim_block("mike-pompeo", "affirms", "a"))
    index = index_of(**reports)
    found = index.contradictions(index.claims[("pro", "a")], 2)
    assert [c.report for c in found.shown] == ["r6", "r5"]
    assert found.more == 5
    nothing_shown = index.contradictions(index.claims[("pro", "a")], 0)
    assert nothing_shown.shown == () and nothing_shown.more == 7
    soup = render_footer(index, "pro", "a", limit=0)
    assert [a["class"] for a in soup.select(".claim-contradictions a")] == [["claim-more"]]
    assert soup.select(".claim-contradictions ul") == []  # no empty list to announce


def test_claims_on_other_propositions_or_the_same_stance_do_not_contradict() -> None:
    index = index_of(
        a=report_text("2018-06-11", claim_block("mike-pompeo", "affirms", "x")),
        b=report_text("2018-06-12", claim_block("washington-post", "affirms", "y")),
        c=report_text(
            "2018-06-13", claim_block("washington-post", "denies", "z", "sanctions-stay")
        ),
    )
    found = index.contradictions(index.claims[("a", "x")], 5)
    assert found.shown == () and found.more == 0 and found.disputes == ()


def test_unknown_speakers_and_propositions_are_reported_with_suggestions() -> None:
    index = index_of(
        a=report_text("2018-06-11", claim_block("pompeo", "affirms", "x", "talks-progres"))
    )
    messages = {d.kind: d.message for d in index.diagnostics}
    assert "mike-pompeo" in messages["unknown_speaker"]
    assert "talks-progress" in messages["unknown_proposition"]
    assert all(d.path == "content/a.md" and d.line == 7 for d in index.diagnostics)


def test_a_speaker_taking_both_stances_is_a_reversal() -> None:
    index = index_of(
        a=report_text("2018-06-11", claim_block("mike-pompeo", "affirms", "x")),
        b=report_text("2018-10-01", claim_block("mike-pompeo", "denies", "y")),
    )
    assert index.reversals("mike-pompeo") == {"talks-progress"}
    assert index.reversals("washington-post") == set()


# -- layout and renderers -------------------------------------------------------------


def test_layout_urls_follow_directory_urls_and_percent_encode() -> None:
    assert Layout().report_url("2018/pompeo") == "reports/2018/pompeo/"
    assert Layout(directory_urls=False).report_url("2018/pompeo") == "reports/2018/pompeo.html"
    assert Layout().speaker_url("김여정") == "speakers/%EA%B9%80%EC%97%AC%EC%A0%95/"
    assert Layout().index_url("speakers/") == "speakers/"


def render_footer(index: ClaimIndex, report: str, claim: str, limit: int = 5) -> BeautifulSoup:
    layout = Layout()
    renderer = Renderer(layout, max_contradictions=limit)
    links = PageLinks(layout, layout.report_url(report))
    html = renderer.claim_footer(index.claims[(report, claim)], index, links)
    return BeautifulSoup(str(html), "html.parser")


def test_the_footer_links_each_contradicting_claim_relative_to_the_page() -> None:
    index = index_of(
        **{
            "2018/june": report_text("2018-06-11", claim_block("mike-pompeo", "affirms", "rapid")),
            "2019/jan": report_text(
                "2019-01-01", claim_block("washington-post", "denies", "little"), title="Jan"
            ),
        }
    )
    soup = render_footer(index, "2018/june", "rapid")
    (link,) = soup.select(".claim-contradictions a.claim-contradiction")
    assert link["href"] == "../../2019/jan/#claim-little"
    assert link["data-claim"] == "little" and link["data-report"] == "2019/jan"
    assert "The Washington Post" in link.get_text() and "Jan" in link.get_text()
    assert soup.select_one(".claim-note") is None


def test_the_footer_says_and_n_more_linking_the_proposition_page() -> None:
    reports = {
        f"r{n}": report_text(f"2018-06-{n + 1:02d}", claim_block("washington-post", "denies", "d"))
        for n in range(4)
    }
    reports["pro"] = report_text("2019-01-01", claim_block("mike-pompeo", "affirms", "a"))
    soup = render_footer(index_of(**reports), "pro", "a", limit=1)
    assert len(soup.select("a.claim-contradiction")) == 1
    more = soup.select_one("a.claim-more")
    assert more.get_text() == "and 3 more"
    assert more["href"] == "../../propositions/talks-progress/"


def test_hostile_registry_values_are_escaped_in_callouts() -> None:
    found = Registry()
    load_speakers('evil:\n  name: "<script>alert(1)</script>"\n', "s.yml", found)
    load_propositions('p:\n  statement: "<img src=x onerror=alert(1)>"\n', "p.yml", found)
    report, _ = read("r.md", report_text("2018-06-11", claim_block("evil", "affirms", "c", "p")))
    index = ClaimIndex([report], found)
    layout = Layout()
    html = str(
        Renderer(layout).claim_header(
            report.claims[0], index, index.speakers, index.propositions,
            PageLinks(layout, "reports/r/"),
        )
    )  # fmt: skip
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert soup.select_one("a.claim-speaker").get_text() == "<script>alert(1)</script>"
    assert soup.select_one("a.claim-proposition").get_text() == "<img src=x onerror=alert(1)>"


def test_labels_override_every_text_they_name() -> None:
    index = index_of(
        a=report_text("2018-06-11", claim_block("mike-pompeo", "affirms", "x")),
        b=report_text("2018-06-12", claim_block("washington-post", "denies", "y")),
    )
    layout = Layout()
    renderer = Renderer(layout, labels={"see_also": "함께 보기", "denies": "부정"})
    html = str(renderer.claim_footer(index.claims[("a", "x")], index, PageLinks(layout, "r/")))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".claim-contradictions-title").get_text() == "함께 보기"
    assert "부정" in soup.select_one("a.claim-contradiction").get_text()


# -- export -----------------------------------------------------------------------------


def test_json_for_scripts_cannot_close_the_script_element() -> None:
    text = dumps({"t": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!-- & \u2028"}


def test_json_ld_has_one_claim_per_claim_with_author_and_about() -> None:
    index = index_of(
        **{
            "2018/a": report_text(
                "2018-06-11", CLAIM, claim_block("washington-post", "denies", "l")
            )
        }
    )
    report = index.reports["2018/a"]
    script = json_ld(report, index, Layout(), {"rapid": "They said."}, "https://x.org/")
    data = json.loads(BeautifulSoup(script, "html.parser").script.string)
    graph = data["@graph"]
    assert [item["@id"] for item in graph] == [
        "https://x.org/reports/2018/a/#claim-rapid",
        "https://x.org/reports/2018/a/#claim-l",
    ]
    assert graph[0]["author"] == {"@type": "Person", "name": "Mike Pompeo"}
    assert graph[1]["author"]["@type"] == "Organization"
    assert graph[0]["about"] == "The talks are making progress."
    assert graph[0]["text"] == "They said."


def test_claims_json_lists_each_side_of_a_proposition_once() -> None:
    index = index_of(
        a=report_text("2018-06-11", claim_block("mike-pompeo", "affirms", "x")),
        b=report_text("2018-06-12", claim_block("washington-post", "denies", "y")),
    )
    data = SiteData(index, Layout(), lambda claim: claim.body, lambda quote: quote.body)
    document = claims_document(data)
    by_url = {claim["url"]: claim for claim in document["claims"]}
    assert set(by_url) == {"reports/a/#claim-x", "reports/b/#claim-y"}
    assert "contradicts" not in by_url["reports/a/#claim-x"]
    assert by_url["reports/a/#claim-x"]["speaker"] == "mike-pompeo"
    assert by_url["reports/a/#claim-x"]["report"] == "reports/a/"
    (talks,) = [p for p in document["propositions"] if p["affirming"] or p["denying"]]
    assert talks["affirming"] == ["reports/a/#claim-x"]
    assert talks["denying"] == ["reports/b/#claim-y"]
    assert talks["window"] is None


def test_disputes_in_one_report_are_capped_in_document_order() -> None:
    blocks = [
        f"/// claim | mike-pompeo {'affirms' if n % 2 else 'denies'} talks-progress\n"
        f"    id: c{n}\n\nSaid {n}.\n///"
        for n in range(12)
    ]
    report, _ = read("r.md", report_text("2018-06-11", *blocks))
    index = ClaimIndex([report], registry())
    found = index.contradictions(report.claims[1], 3)
    assert [c.id for c in found.disputes] == ["c0", "c2", "c4"]
    assert found.disputes_more == 3
    html = Renderer(Layout(), max_contradictions=3).claim_footer(
        report.claims[1], index, PageLinks(Layout(), "reports/r/")
    )
    more = BeautifulSoup(html, "html.parser").select(".claim-disputes a.claim-more")
    assert [a.get_text() for a in more] == ["and 3 more"]
    assert more[0]["href"] == "../../propositions/talks-progress/"


def test_other_sites_claims_count_in_and_n_more_and_disputes_stay_capped() -> None:
    # Federation merges other sites' claims into "See also" by date and counts
    # them in "and N more"; a report's own disputes are capped on their own.
    reports = {
        f"r{n}": report_text(f"2018-06-0{n + 1}", claim_block("washington-post", "denies", "d"))
        for n in range(4)
    }
    reports["pro"] = report_text(
        "2019-01-01",
        claim_block("mike-pompeo", "affirms", "a"),
        *[claim_block("washington-post", "denies", f"own{n}") for n in range(3)],
    )
    index = index_of(**reports)

    def external(day: str, cid: str) -> ExternalClaim:
        return ExternalClaim(
            site="South Desk",
            url=f"https://south.example/reports/x/#claim-{cid}",
            id=cid,
            stance="denies",
            proposition="talks-progress",
            date=datetime.date.fromisoformat(day),
            speaker="victor-cha",
            speaker_name="Victor Cha",
            report_title="Cha doubts the talks",
        )

    assert index.attach_external([external("2018-06-05", "newest"), external("2018-01-01", "old")])
    claim = index.claims[("pro", "a")]
    found = index.contradictions(claim, 2)
    assert [(getattr(c, "site", None), c.id) for c in found.shown] == [
        ("South Desk", "newest"),
        (None, "d"),
    ]
    assert found.more == 4  # 4 of this site's other reports + 2 of the other site - 2 shown
    assert [c.id for c in found.disputes] == ["own0", "own1"] and found.disputes_more == 1
    soup = render_footer(index, "pro", "a", limit=2)
    see_also = soup.select_one(".claim-contradictions")
    assert [a["href"] for a in see_also.select("a.claim-contradiction")] == [
        "https://south.example/reports/x/#claim-newest",
        "../r3/#claim-d",
    ]
    assert see_also.select_one("a.claim-external")["data-site"] == "South Desk"
    assert [a.get_text() for a in see_also.select("a.claim-more")] == ["and 4 more"]
    disputes = soup.select_one(".claim-disputes")
    assert len(disputes.select("a.claim-dispute")) == 2
    assert [a.get_text() for a in disputes.select("a.claim-more")] == ["and 1 more"]


def test_many_claims_with_one_derived_id_are_numbered_in_one_pass() -> None:
    block = "/// claim | mike-pompeo affirms talks-progress\n\nSaid.\n///"
    report, _ = read("r.md", report_text("2018-06-11", *[block] * 2000))
    ids = [claim.id for claim in report.claims]
    assert ids[:3] == [
        "mike-pompeo-talks-progress",
        "mike-pompeo-talks-progress-2",
        "mike-pompeo-talks-progress-3",
    ]
    assert len(set(ids)) == 2000 and ids[-1] == "mike-pompeo-talks-progress-2000"


def test_one_rule_for_every_address_linked_or_fetched(tmp_path) -> None:
    # A speaker's url (linked) and an import's url (fetched) are refused for
    # the same reasons, in the same words.
    from mkdocs_claims.federation import read_entries

    addresses = [
        "https://trusted.example@evil.example/",
        "https://example.org:99999/",
        "https://" + "a" * 2000 + ".example/",
        "https:///no-host",
        "ftp://example.org/",
    ]
    registry = Registry()
    load_speakers(
        "".join(f"s{n}:\n  name: S{n}\n  url: '{url}'\n" for n, url in enumerate(addresses)),
        "content/speakers.yml",
        registry,
    )
    linked = [d.message.split(", which is ")[1] for d in registry.diagnostics]
    _, problems = read_entries(
        [{"name": f"I{n}", "url": url} for n, url in enumerate(addresses)], str(tmp_path), "m"
    )
    fetched = [p.message.split("' is ", 1)[1] for p in problems]
    assert [reason.split("; ")[0] for reason in linked] == [
        "an http(s) URL with user information before '@', which hides the real host",
        "not a valid http(s) URL",
        "an http(s) URL longer than 2,000 characters",
        "an http(s) URL without a host",
        "not an http(s) URL",
    ]
    assert [reason.split("; ")[0] for reason in fetched[:4]] == [
        reason.split("; ")[0] for reason in linked[:4]
    ]
    assert registry.speakers["s1"].url is None

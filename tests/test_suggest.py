"""``mkdocs-claims suggest``: what it finds in a newsroom with planted cases,
in the seed reports, and how a writer silences what they have judged."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, build_site, make_config, write

DATA = Path(__file__).resolve().parent / "data"
SUGGEST = [sys.executable, "-m", "mkdocs_claims.cli", "suggest"]


def run(*args: str, cwd: Path, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [*SUGGEST, *args] if code is None else [sys.executable, "-c", code, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def suggestions(root: Path, *args: str) -> list[dict[str, Any]]:
    result = run("content", "--json", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def line_of(root: Path, path: str, phrase: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    [number] = [n + 1 for n, text in enumerate(lines) if phrase in text]
    return number


# -- a newsroom with planted cases and decoys -----------------------------------

ARCHIVE = "content/2024/archive-kessel.md"
PLANTED_STATEMENTS = [
    ("We are closer to a treaty than at any time", "ana-rose"),
    ("The talks, said Ortiz", "lena-ortiz"),
    ("According to the Ledger", "harbor-ledger"),
    ("Park said the two sides", "park-ji-ho"),
    ("“The crossings will open", "eastland-government"),
    ("'We will not be rushed,'", "park-ji-ho"),
    ("Tomas Berg, an analyst", "tomas-berg"),
    ("Envoy Daniel Park, asked", "daniel-park"),
    ("a senior Westland official said", "westland-officials"),
    ('> "Water does not respect borders,"', "ana-rose"),
    ('- "No deal is better', "lena-ortiz"),
    ("The regime has insisted", "eastland-government"),
]
PLANTED_CANDIDATES = [
    ("content/2024/talks-open.md", "id: progress-again", "talks-progress"),
    ("content/2024/talks-open.md", "id: tariffs-stay", "tariffs-first"),
    ("content/2024/dam-dispute.md", "id: park-no-halt", "dam-moratorium"),
    ("content/2024/dam-dispute.md", "id: crossings", "crossings-reopen"),
    (ARCHIVE, "id: treaty-this-year-loose", "treaty-this-year"),
]
PLANTED_SIMILAR = [
    ("treaty-by-december", "treaty-this-year"),
    ("crossings-trade", "crossings-reopen"),
]


def planted(root: Path) -> set[tuple[str, int, str, str]]:
    """Every planted case as (path, line, kind, speaker or proposition)."""
    cases = {
        (ARCHIVE, line_of(root, ARCHIVE, phrase), "unannotated_statement", speaker)
        for phrase, speaker in PLANTED_STATEMENTS
    }
    for path, option, proposition in PLANTED_CANDIDATES:
        header = line_of(root, path, option) - 1  # the header is the line above the id
        cases.add((path, header, "proposition_candidate", proposition))
    propositions = "content/propositions.yml"
    for later, earlier in PLANTED_SIMILAR:
        line = line_of(root, propositions, f"{later}:")
        cases.add((propositions, line, "similar_propositions", f"{later}~{earlier}"))
    return cases


def as_case(suggestion: dict[str, Any]) -> tuple[str, int, str, str]:
    kind = suggestion["kind"]
    if kind == "unannotated_statement":
        value = suggestion["speaker"]
    elif kind == "similar_propositions":
        value = f"{suggestion['proposition']}~{suggestion['other']}"
    else:
        value = suggestion["proposition"]
    return (suggestion["path"], suggestion["line"], kind, value)


def test_finds_the_planted_cases_and_no_decoy():
    """The planted newsroom (tests/data/planted): 12 unannotated statements,
    5 claims without a proposition and 2 near-duplicate proposition pairs,
    among 21 decoys (scare quotes, titles, quoted terms, unattributed quotes,
    unregistered speakers, objects, possessives, headings, code, silenced
    paragraphs) and 4 loose claims on other subjects."""
    root = DATA / "planted"
    expected = planted(root)
    found = {as_case(s) for s in suggestions(root)}
    right = found & expected
    recall = len(right) / len(expected)
    precision = len(right) / len(found)
    assert (recall, precision) == (1.0, 1.0), (sorted(expected - found), sorted(found - expected))


def test_json_fields():
    root = DATA / "planted"
    by_kind: dict[str, dict[str, Any]] = {}
    for suggestion in suggestions(root):
        by_kind.setdefault(suggestion["kind"], suggestion)
    statement = by_kind["unannotated_statement"]
    assert statement == {
        "path": ARCHIVE,
        "line": line_of(root, ARCHIVE, "We are closer to a treaty than at any time"),
        "kind": "unannotated_statement",
        "speaker": "ana-rose",
        "header": "/// claim | ana-rose",
        "message": "quoted words given to Ana Rose ('Rose told') are not annotated: wrap "
        "them in '/// claim | ana-rose' or a quote block, or add <!-- claims: ignore --> "
        "to the paragraph",
    }
    candidate = by_kind["proposition_candidate"]
    assert set(candidate) == {
        "path",
        "line",
        "kind",
        "speaker",
        "proposition",
        "score",
        "header",
        "message",
    }
    assert "affirms|denies" in candidate["header"]  # no stance is guessed
    assert 0.25 <= candidate["score"] <= 1
    similar = by_kind["similar_propositions"]
    assert set(similar) == {"path", "line", "kind", "proposition", "other", "score", "message"}


def test_text_output_and_counts():
    result = run("content", cwd=DATA / "planted")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 19
    assert lines[0] == (
        f"{ARCHIVE}:11: quoted words given to Ana Rose ('Rose told') are not annotated: wrap "
        "them in '/// claim | ana-rose' or a quote block, or add <!-- claims: ignore --> to "
        "the paragraph"
    )
    assert result.stderr.strip().endswith("mkdocs-claims: 3 reports, 19 suggestions")


# -- the seed reports, as plain Markdown -----------------------------------------

SEED_STATEMENTS = {
    # (file, first words of the paragraph): (speaker, via)
    ("wapo-cold-water.md", '"They can’t even get past first base'): ("victor-cha", None),
    ("wapo-cold-water.md", "During a press briefing Monday"): ("mike-pompeo", None),
    ("wapo-cold-water.md", '"Our ambassador to the Philippines'): ("mike-pompeo", None),
    ("wapo-cold-water.md", '"North Korea has previously confirmed'): ("mike-pompeo", None),
    ("wapo-cold-water.md", 'The summit has provided "an unprecedented'): ("mike-pompeo", None),
    ("wapo-cold-water.md", "While reporters lobbed questions"): ("mike-pompeo", None),
    ("wapo-cold-water.md", "He also emphasized"): ("mike-pompeo", None),
    ("wapo-cold-water.md", '"We are not going to conduct'): ("mike-pompeo", None),
    ("wapo-cold-water.md", '"The ultimate objective'): ("mike-pompeo", None),
    ("second-summit.md", "In their first face-to-face meeting"): ("washington-post", None),
    ("second-summit.md", "“It’s good to see you again,”"): ("mike-pompeo", None),
    ("second-summit.md", "“Well, I am really pleased"): ("kim-jong-un", None),
    ("second-summit.md", "As they sat for lunch, Kim said"): ("kim-jong-un", None),
    ("second-summit.md", "Pompeo said he had had a"): ("mike-pompeo", None),
    ("second-summit.md", "Though a date has not been set"): (
        "south-korean-presidential-office",
        "new-york-times",
    ),
    ("second-summit.md", "The Times, citing an anonymous official"): (
        "american-official",
        "new-york-times",
    ),
    ("second-summit.md", "An American official who accompanied"): ("american-official", None),
    ("second-summit.md", "In a tweet published late Sunday"): ("donald-trump", None),
    ("second-summit.md", "“Going down that road is a dead end,”"): ("siegfried-hecker", None),
}


def test_the_seed_reports():
    """The two seed reports with front matter added and nothing annotated
    (tests/data/seeds), with the sample newsroom's registries: every
    suggestion is an attributed statement an editor would annotate, with its
    speaker (and the relaying outlet)."""
    root = DATA / "seeds"
    expected = set()
    for (name, opening), (speaker, via) in SEED_STATEMENTS.items():
        path = f"content/2018/{name}"
        expected.add((path, line_of(root, path, opening), speaker, via))
    found = {(s["path"], s["line"], s["speaker"], s.get("via")) for s in suggestions(root)}
    assert found == expected


# -- silencing what an editor has judged -----------------------------------------

MARKED = """
    ---
    title: Marked
    date: 2018-06-11
    ---

    "We are ready," Pompeo said. <!-- claims: ignore -->

    <!-- claims: ignore - narration, the claim follows -->
    "We are not," Kim said.

    "We will see," Trump said.

    <!-- claims: ignore -->

    /// claim | mike-pompeo
        id: quiet

    "The working-level talks are making substantial progress," Pompeo said.
    ///

    /// claim | mike-pompeo
        id: loud

    "The working-level talks are making substantial progress on the agenda," Pompeo said again.
    ///
    """

REGISTRIES = {
    "content/speakers.yml": (
        "mike-pompeo:\n  name: Mike Pompeo\n  aliases: [Pompeo]\n"
        "kim-jong-un:\n  name: Kim Jong Un\n  aliases: [Kim]\n"
        "donald-trump:\n  name: Donald Trump\n  aliases: [Trump]\n"
    ),
    "content/propositions.yml": """
        talks-progress:
          statement: The working-level talks with North Korea are making substantial progress.
        # claims: ignore (one asks about progress, the other about its pace)
        talks-rapid:
          statement: The working-level talks with North Korea are making rapid progress.
        talks-advancing:
          statement: The working-level talks with North Korea are making real progress.
        sanctions-stay:
          statement: Sanctions stay until North Korea has fully denuclearized.
        second-summit:
          statement: A second summit between the two leaders will be held next year.
        verification-first:
          statement: Verification must come before any reward for Pyongyang.
        """,
    "content/2018/on-record.md": """
        ---
        title: On record
        date: 2018-06-10
        ---

        /// claim | mike-pompeo affirms talks-progress

        "The working-level talks are making substantial progress, real progress on the
        agenda of the summit," Pompeo said.
        ///

        /// claim | mike-pompeo affirms sanctions-stay

        "Sanctions will stay in force until the North has fully denuclearized," he said.
        ///

        /// claim | kim-jong-un affirms second-summit

        "We will meet again next year for a second summit," Kim said.
        ///

        /// claim | donald-trump denies verification-first

        "Nobody needs inspectors before the first reward," Trump said.
        ///
        """,
}


def test_a_marker_silences_what_it_marks(tmp_path: Path):
    write(tmp_path, {"mkdocs.yml": make_config(), **REGISTRIES, "content/2018/marked.md": MARKED})
    found = [(s["kind"], s.get("speaker"), s["line"]) for s in suggestions(tmp_path)]
    path = "content/2018/marked.md"
    assert [s for s in found if s[0] == "unannotated_statement"] == [
        ("unannotated_statement", "donald-trump", line_of(tmp_path, path, "We will see"))
    ]
    assert [s for s in found if s[0] == "proposition_candidate"] == [
        ("proposition_candidate", "mike-pompeo", line_of(tmp_path, path, "id: loud") - 1)
    ]
    # talks-rapid is silenced; talks-advancing is not.
    similar = [s for s in suggestions(tmp_path) if s["kind"] == "similar_propositions"]
    assert [(s["proposition"], s["other"]) for s in similar] == [
        ("talks-advancing", "talks-progress")
    ]


def test_a_marker_shows_nothing_on_the_page(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    write(tmp_path, {"mkdocs.yml": make_config(), **REGISTRIES, "content/2018/marked.md": MARKED})
    site = build_site(tmp_path, caplog)
    assert site.warnings == []
    page = site.page("reports/2018/marked/")
    content = page.select_one("article") or page
    text = content.get_text(" ")
    assert "claims:" not in text and "ignore" not in text
    assert "We are ready" in text and "We are not" in text
    # The block after the marker is still a claim.
    assert [c["id"] for c in content.select(".claim")] == ["claim-quiet", "claim-loud"]
    index = (site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "We are ready" in index and "claims: ignore" not in index


# -- the command ---------------------------------------------------------------


def test_without_the_similarity_library_statements_are_still_found(tmp_path: Path):
    code = (
        "import sys; sys.modules['bm25s'] = None; "
        "from mkdocs_claims.cli import main; sys.exit(main(['suggest'] + sys.argv[1:]))"
    )
    result = run("content", cwd=DATA / "planted", code=code)
    assert result.returncode == 0
    kinds = {line.split(": ", 1)[1].split(" ")[0] for line in result.stdout.splitlines()}
    assert kinds == {"quoted"}  # only unannotated statements
    assert len(result.stdout.splitlines()) == 12
    assert "pip install 'mkdocs-claims[suggest]'" in result.stderr


def test_runs_the_core_alone():
    code = (
        "import sys; from mkdocs_claims.cli import main; main(['suggest', '.']); "
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_content_directory(tmp_path: Path):
    result = run("nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert "no content directory" in result.stderr


def test_reads_the_project_configuration(tmp_path: Path):
    shutil.copytree(DATA / "planted" / "content", tmp_path / "news")
    (tmp_path / "mkdocs.yml").write_text(make_config({"content_dir": "news"}), encoding="utf-8")
    result = run(cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("news/2024/archive-kessel.md:11: ")

"""``mkdocs-claims suggest``: what it finds in a newsroom with planted cases,
in the sample newsroom written as plain prose, and how a writer silences
what they have judged. (The figures on the seed news reports themselves come
from ``bench/run.py seeds``: the repository carries no third-party article.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, build_site, make_config, write
from mkdocs_claims.attribution import build_names, words_of
from mkdocs_claims.scan import Sources, scan
from mkdocs_claims.syntax import parse_source

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


# -- the sample newsroom, its annotations turned back into prose ------------------


@dataclass(frozen=True)
class Former:
    """A claim or quote block of the sample newsroom, now a plain paragraph."""

    path: str
    line: int
    """The line of its sentence that names its speaker (else of its text's
    first line): the same line before and after."""
    lines: range
    """The lines of its text."""
    body: str
    speaker: str
    via: str | None
    names_itself: bool
    """Whether the detector reads its text as giving quoted words to its own
    speaker by name, with a cue ("Pompeo said", "according to the Post")."""


def unannotate(content: Path, project: Path) -> tuple[list[Former], set[tuple[str, int]]]:
    """Every claim and quote block of the reports under ``content`` made an
    ordinary paragraph, as a writer would have drafted it: the header, the
    options and the closing line become blank lines (so every line keeps its
    number), the text stays. Returns the former blocks and the lines of
    prose that were there before (the narration)."""
    index = scan(Sources(content_dir=str(content), project_dir=str(project))).index
    names = build_names(index.speakers.values())
    formers: list[Former] = []
    narration: set[tuple[str, int]] = set()
    for path in sorted(content.rglob("*.md")):
        label = path.relative_to(project).as_posix()
        lines = path.read_text(encoding="utf-8").split("\n")
        parsed = parse_source("\n".join(lines), label)
        narration.update((label, n) for n in parsed.prose_lines if lines[n - 1].strip())
        for block in parsed.blocks:
            text = block.body.split("\n")
            first = block.body_line - 1  # 0-based: the blank line or text after the options
            while not lines[first].strip():
                first += 1
            closing = first + len(text)
            # The sample has no nested blocks: the text is the lines before the closing fence.
            assert [line.strip() for line in lines[first:closing]] == [t.strip() for t in text]
            assert lines[closing].startswith("///") and block.closed
            for number in [*range(block.line - 1, first), closing]:
                lines[number] = ""
            speaker = block.argument.split()[0]
            via = (block.options or {}).get("via")
            own = [
                a
                for a in words_of(block.body, names)
                if a.role == "speaker" and a.quoted and a.candidates[0] == speaker
            ]
            line = first + 1 + block.body[: own[0].sentence].count("\n") if own else first + 1
            span = range(first + 1, closing + 1)
            formers.append(Former(label, line, span, block.body, speaker, via, bool(own)))
        path.write_text("\n".join(lines), encoding="utf-8")
    return formers, narration


def test_the_sample_newsroom_as_plain_prose(tmp_path: Path):
    """The sample newsroom with every claim and quote turned back into an
    ordinary paragraph: each statement whose text names its own speaker with
    a cue is suggested, with a header naming that speaker; the narration
    that was there before gets no suggestion."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    before = [s for s in suggestions(tmp_path) if s["kind"] == "unannotated_statement"]
    assert before == []  # the narration introduces the claims without quoting anyone
    formers, narration = unannotate(tmp_path / "content", tmp_path)
    expected = {(f.path, f.line, f.speaker) for f in formers if f.names_itself}
    # 16 of the 35 blocks: the others state without quoting ("the Post reported that
    # ..."), quote someone else (a via), or speak through "he said" alone.
    assert len(expected) >= 16, sorted(expected)
    assert {path for path, _, _ in expected} == {
        "content/2018/pompeo-rapid-progress.md",
        "content/2018/second-summit.md",
    }
    found = [s for s in suggestions(tmp_path) if s["kind"] == "unannotated_statement"]
    by_line = {(s["path"], s["line"], s["speaker"]): s for s in found}
    assert sorted(expected - set(by_line)) == []
    for key in expected:
        assert by_line[key]["header"] == f"/// claim | {key[2]}"
    assert [s for s in found if (s["path"], s["line"]) in narration] == []
    # Whatever else is suggested is in a former block, for a speaker its text names
    formers_at = {(f.path, n): f for f in formers for n in f.lines}
    index = scan(Sources(str(tmp_path / "content"), str(tmp_path))).index
    names = build_names(index.speakers.values())
    for s in found:
        former = formers_at.get((s["path"], s["line"]))
        assert former is not None, s
        named = {c for a in words_of(former.body, names) for c in a.candidates}
        assert s["speaker"] in {former.speaker, former.via} | named, s


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

"""Messages an editor reads after a mistake: one message per cause, at the
right line, with the hint that fixes it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site, make_config, write
from mkdocs_claims.markdown import unindexed_lines
from mkdocs_claims.registry import read_report
from mkdocs_claims.syntax import parse_source

HEAD = "---\ntitle: R\ndate: 2018-06-11\n---\n\n"


def newsroom(tmp_path: Path, body: str) -> None:
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": "mike-pompeo:\n  name: Mike Pompeo\n",
            "content/propositions.yml": "talks-progress:\n  statement: Talks progress.\n",
        },
    )
    (tmp_path / "content/r.md").write_text(HEAD + body, encoding="utf-8")


def test_a_missing_closing_line_is_said_once_where_it_is(tmp_path: Path, caplog):
    # The first block has no '///': Markdown reads the next blocks inside it,
    # and they used to add "1 claim block(s) were read by Markdown but not by
    # the plugin's scan ... check their indentation" at line 1.
    newsroom(
        tmp_path,
        "Intro.\n\n"
        "/// claim | mike-pompeo affirms talks-progress\n    id: rapid\n\nMoving.\n\n"
        "Narration.\n\n"
        "/// claim | mike-pompeo\n    id: second\n\nAnother claim.\n///\n\n"
        "/// claim | mike-pompeo affirms talks-progress\n    id: third\n\nA third.\n///\n",
    )
    site = build_site(tmp_path, caplog)
    assert site.warnings == [
        "content/r.md:8: the claim block opened here is never closed: "
        "add a line '///' after its text"
    ]
    text = site.page("reports/r/").get_text()
    assert "Another claim." in text and "A third." in text  # nothing is lost


def test_a_new_proposition_gets_a_hint_with_the_registry_path(tmp_path: Path, caplog):
    newsroom(
        tmp_path,
        "/// claim | mike-pompeo affirms second-summit-agreed\n\nA second summit.\n///\n\n"
        "/// claim | mike-pompeo affirms talks-progres\n\nTypo.\n///\n",
    )
    site = build_site(tmp_path, caplog)
    assert site.warnings == [
        "content/r.md:6: unknown proposition 'second-summit-agreed'; if it is a new "
        "proposition, add it to content/propositions.yml with a statement",
        "content/r.md:11: unknown proposition 'talks-progres' (did you mean 'talks-progress'?)",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.splitlines() == site.warnings
    assert result.stderr.strip() == "mkdocs-claims: 1 report, 2 claims, 2 warnings"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["mike-pompeo"], [11]),
        (["mike-pompeo", "mike-pompeo"], [11]),  # the second is not in the text
        (["other"], []),
    ],
)
def test_blocks_markdown_read_but_the_scan_did_not_are_found_by_line(arguments, expected):
    """The lines of headers the scan did not index, looked up in order, so
    that the message points at each block instead of at line 1."""
    text = (
        HEAD
        + "/// claim | mike-pompeo\n\nIndexed.\n///\n\n"  # line 6
        + "    /// claim | mike-pompeo\n\nIndented.\n///\n"  # line 11: a code block
    )
    report, _ = read_report(parse_source(text, "content/r.md"), "r")
    assert [claim.line for claim in report.claims] == [6]
    assert unindexed_lines(text, report, arguments) == expected

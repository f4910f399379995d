"""Property-based tests: no input makes the plugin raise, and no text is lost.

Each property runs CLAIMS_EXAMPLES examples (5,000 by default, so that the
two of them run 10,000 in CI); docs/guide/diagnostics.md records a longer run.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from mkdocs_claims.index import ClaimIndex
from mkdocs_claims.layout import Layout
from mkdocs_claims.markdown import ClaimsExtension, ClaimsState, PageCursor
from mkdocs_claims.registry import Registry, load_propositions, load_speakers, read_report
from mkdocs_claims.render import PageLinks, Renderer
from mkdocs_claims.syntax import parse_source, split_front_matter

EXAMPLES = int(os.environ.get("CLAIMS_EXAMPLES", "5000"))
LAYOUT = Layout()
REGISTRY = Registry()
load_speakers("mike-pompeo:\n  name: Mike Pompeo\nwapo:\n  name: WaPo\n", "s.yml", REGISTRY)
load_propositions("talks:\n  statement: Talks progress.\n", "p.yml", REGISTRY)
STATE = ClaimsState(Renderer(LAYOUT))
MD = Markdown(
    extensions=[
        "admonition",
        "pymdownx.superfences",
        "pymdownx.blocks.details",
        ClaimsExtension(STATE),
    ]
)
SAMPLE = sorted((Path(__file__).resolve().parent.parent / "content").rglob("*.md"))


def render(text: str) -> str:
    """The whole core on one report: scan, index, render as the plugin does."""
    parsed = parse_source(text, "content/r.md", MD.parser.blockprocessors["blocks"].blocks)
    report, _ = read_report(parsed, "r")
    STATE.index = ClaimIndex([report], REGISTRY)
    STATE.cursor = PageCursor.for_report(report, PageLinks(LAYOUT, "reports/r/"), "reports/r.md")
    _, body, _ = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    MD.reset()
    try:
        return MD.convert(body)
    finally:
        STATE.cursor = None


MARKER = re.compile(r"zq[0-9]+x")

speakers = st.sampled_from(["mike-pompeo", "wapo", "nobody", "김여정", "", "a/b", "Mike"])
stances = st.sampled_from(["", " affirms talks", " denies talks", " says talks", " affirms"])
options = st.lists(
    st.sampled_from(
        [
            "    id: rapid",
            "    id: bad id",
            "    date: 2018-06-11",
            "    date: June",
            "    via: wapo",
            '    note: "as of June"',
            "    note: he said: no",
            "    stnace: denies",
            "    stance: affirms",
            "id: rapid",
            "note: unindented",
            "    - a list",
            "    [unclosed",
        ]
    ),
    max_size=3,
)


@st.composite
def annotated_documents(draw: st.DrawFn) -> str:
    counter = iter(range(10_000))

    def words() -> str:
        return " ".join(f"zq{next(counter)}x" for _ in range(draw(st.integers(1, 3))))

    parts = ["---\ntitle: T\ndate: 2018-06-11\n---\n"]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["claim", "quote", "para", "list", "fence", "nested", "open"]))
        if kind in ("claim", "quote", "open"):
            header = f"/// {'quote' if kind == 'quote' else 'claim'} | {draw(speakers)}"
            if kind != "quote":
                header += draw(stances)
            lines = [header, *draw(options), "", words()]
            if kind != "open":
                lines.append("///")
            parts.append("\n".join(lines))
        elif kind == "para":
            parts.append(f"{words()} [{words()}](@{draw(speakers)})")
        elif kind == "list":
            parts.append(
                f"- {words()}\n\n    /// claim | {draw(speakers)}{draw(stances)}\n\n"
                f"    {words()}\n    ///"
            )
        elif kind == "fence":
            parts.append(f"```\n/// claim | x\n{words()}\n///\n```")
        else:
            parts.append(
                f"/// details | d\n\n/// claim | {draw(speakers)}\n\n{words()}\n///\n\n///"
            )
    return "\n\n".join(parts) + "\n"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(annotated_documents())
def test_annotated_text_always_reaches_the_page(document: str) -> None:
    html = render(document)
    for marker in MARKER.findall(document):
        assert marker in html, marker


def mutate(text: str, seed: int) -> str:
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        if not lines:
            lines = [""]
        position = rng.randrange(len(lines))
        action = rng.randrange(7)
        if action == 0:
            del lines[position]
        elif action == 1:
            lines.insert(position, rng.choice(["///", "/// claim |", "    ", "```", "---", "> "]))
        elif action == 2:
            lines[position] = "    " + lines[position]
        elif action == 3:
            lines[position] = lines[position].lstrip()
        elif action == 4 and lines[position]:
            cut = rng.randrange(len(lines[position]))
            lines[position] = lines[position][:cut] + lines[position][cut + 1 :]
        elif action == 5:
            lines.insert(position, lines[rng.randrange(len(lines))])
        else:
            lines[position] = lines[position].replace(":", rng.choice([": :", "", "#"]))
    return "\n".join(lines)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE or [None]), st.integers(0, 2**32), st.text(max_size=40))
def test_mutated_reports_never_raise(path: Path | None, seed: int, noise: str) -> None:
    text = path.read_text(encoding="utf-8") if path else "---\ntitle: x\n---\n/// claim | a\n"
    mutated = mutate(text, seed)
    cut = seed % (len(mutated) + 1)
    render(mutated[:cut] + noise + mutated[cut:])

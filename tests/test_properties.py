"""Property-based tests: no input makes the plugin raise, and no text is lost.

The two properties over whole reports run CLAIMS_EXAMPLES examples each
(5,000 by default, so that they run 10,000 in CI); the properties over
hostile inputs (YAML aliases and deep nesting, repeated keys, long lines,
mentions, symbolic links, colliding paths) run a tenth of that, and the
file-system ones a fiftieth; docs/guide/diagnostics.md records a longer run.
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
from mkdocs_claims.syntax import parse_source, split_front_matter, tame_headers

EXAMPLES = int(os.environ.get("CLAIMS_EXAMPLES", "5000"))
HOSTILE = max(1, EXAMPLES // 10)
FILES = max(1, EXAMPLES // 50)
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
        return MD.convert(tame_headers(body))
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


# -- hostile inputs ---------------------------------------------------------------

from mkdocs_claims.ids import collision_key  # noqa: E402
from mkdocs_claims.model import Report  # noqa: E402
from mkdocs_claims.scan import Sources, allocate, scan  # noqa: E402
from mkdocs_claims.yamlload import MAX_DEPTH, read_yaml  # noqa: E402

HOSTILE_SETTINGS = settings(
    max_examples=HOSTILE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# YAML scalars as written: quoted text of awkward characters, numbers (some
# longer than Python turns into an int), an impossible date, and escapes of
# lone and paired surrogates.
scalars = st.one_of(
    st.text(alphabet="abc:#&*'\"[]{}- \\\u2028", max_size=8).map(lambda v: json_like(v)),
    st.integers().map(str),
    st.integers(4290, 4400).map(lambda digits: "-" + "7" * digits),
    st.sampled_from(["2018-13-01", '"\\uD800 x"', '"\\uD83D\\uDE00"', "'it''s'"]),
)


@st.composite
def yaml_documents(draw: st.DrawFn) -> tuple[str, int, bool]:
    """YAML text with anchors, aliases, repeated keys and nesting of any
    depth; its true nesting depth and whether it has an anchor or alias."""
    depth = draw(st.integers(0, 3 * MAX_DEPTH))
    flow = draw(st.booleans())
    text = draw(scalars)
    for level in range(depth):
        if flow:
            text = f"[{text}]" if level % 2 else f"{{k{level}: {text}}}"
        else:
            text = f"k{level}:\n" + indent(text)
    anchors = draw(st.booleans())
    lines = [f"top: {text}" if flow else f"top:\n{indent(text)}"]
    keys = draw(st.lists(st.sampled_from(["a", "b", "top"]), max_size=4))
    lines += [f"{key}: {draw(scalars)}" for key in keys]
    if anchors:
        lines.insert(draw(st.integers(0, len(lines))), "bomb: &x [1, 2]\nboom: [*x, *x]")
    return "\n".join(lines) + "\n", depth + 1, anchors


def indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def json_like(value: object) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@HOSTILE_SETTINGS
@given(yaml_documents())
def test_yaml_in_content_is_bounded(document: tuple[str, int, bool]) -> None:
    text, depth, anchors = document
    result = read_yaml(text)  # never raises
    refusals = []
    if anchors:
        refusals.append("anchors and aliases")
    if depth > MAX_DEPTH:
        refusals.append("levels deep")
    if refusals:  # whichever YAML meets first
        assert not result.ok and any(word in (result.error or "") for word in refusals)
    else:
        assert result.ok, result.error
    if result.ok:
        assert isinstance(result.data, dict)
        # The first value of a repeated key is kept, each repeat reported.
        keys = [line.split(":", 1)[0] for line in text.split("\n") if line[:1].isalpha()]
        assert len(result.duplicates) == len(keys) - len(set(keys))
        shown = repr(result.data)
        assert "\ud800" not in shown


@HOSTILE_SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "title: T",
                "title: a: b",
                "title: #1 priority",
                "title: &Co",
                "date: 2018-13-01",
                "date: 2018-02-30",
                "outlet: x\u2028y",
                "outlet: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                "  nested: 1",
                "speakers:\n  alice:\n    name: A",
                "- item",
                "title: again",
            ]
        ),
        max_size=8,
    ),
    st.text(max_size=20),
)
def test_front_matter_never_reaches_the_page(lines: list[str], tail: str) -> None:
    front = "\n".join(lines)
    text = f"---\n{front}\n---\n\nzq1x {tail}\n"
    parsed = parse_source(text, "r.md")
    assert parsed.front_matter_text is not None
    html = render(text)
    assert "zq1x" in html
    for line in lines:
        if ": " in line and not line.startswith(" "):
            assert line.split(": ", 1)[0] + ": " not in html.replace("&quot;", '"'), line
    for diagnostic in parsed.diagnostics:
        assert 2 <= diagnostic.line <= 2 + front.count("\n"), diagnostic


@HOSTILE_SETTINGS
@given(
    st.lists(
        st.one_of(
            st.builds(lambda n: "~" * n + "x", st.integers(3, 6)),
            st.builds(lambda n: "`" * n, st.integers(3, 6)),
            st.builds(
                lambda n: "/// claim | mike-pompeo" + " " * n + "affirms talks",
                st.integers(1, 3000),
            ),
            st.builds(lambda n: "[" * n + "](@wapo)" + "]" * n, st.integers(0, 200)),
            st.just("///"),
            st.just(""),
            st.just("zq7x"),
        ),
        max_size=40,
    )
)
def test_long_lines_and_unclosed_fences_are_read_in_one_pass(lines: list[str]) -> None:
    text = "---\ntitle: T\ndate: 2018-06-11\n---\n\n" + "\n".join(lines) + "\n"
    parsed = parse_source(text, "r.md")
    for block in parsed.blocks:
        assert block.argument.split() in (["mike-pompeo", "affirms", "talks"], [])
    render(text)


mention_forms = st.sampled_from(
    [
        "[{t}](@{s})",
        '[{t}](@{s} "a title")',
        "[{t}](@{s} 'a title')",
        "[{t}](<@{s}>)",
        "[{t}]( @{s} )",
        "[{t} [x]](@{s})",
        "`[{t}](@{s})`",
        "![{t}](@{s})",
        "\\[{t}](@{s})",
        "[{t}](mailto:{s})",
    ]
)


@HOSTILE_SETTINGS
@given(
    st.lists(
        st.tuples(mention_forms, st.sampled_from(["wapo", "mike-pompeo", "nobody"])), max_size=6
    )
)
def test_mentions_are_indexed_exactly_when_rendered(forms: list[tuple[str, str]]) -> None:
    body = " and ".join(form.format(t="who", s=speaker) for form, speaker in forms)
    text = f"---\ntitle: T\ndate: 2018-06-11\n---\n\n{body}\n"
    parsed = parse_source(text, "r.md")
    report, _ = read_report(parsed, "r")
    STATE.index = ClaimIndex([report], REGISTRY)
    cursor = PageCursor.for_report(report, PageLinks(LAYOUT, "reports/r/"), "reports/r.md")
    STATE.cursor = cursor
    MD.reset()
    try:
        html = MD.convert(split_front_matter(text)[1])
    finally:
        STATE.cursor = None
    rendered = re.findall(r'data-speaker="([^"]+)"', html)
    assert sorted(rendered) == sorted(m.speaker for m in report.mentions)
    assert cursor.unindexed_mentions == 0 and sum(cursor.mentions.values()) == 0


FILE_SETTINGS = settings(max_examples=FILES, deadline=None, suppress_health_check=list(HealthCheck))

entries = st.lists(
    st.tuples(
        st.sampled_from(["a.md", "b/index.md", "b.md", "index.md", "c/d.md", "_x.md", "e.md"]),
        st.sampled_from(["file", "link-inside", "link-outside", "fifo", "folder", "dir-link"]),
    ),
    max_size=8,
    unique_by=lambda entry: entry[0],
)


@FILE_SETTINGS
@given(entries)
def test_only_regular_files_inside_the_content_folder_are_read(
    entries: list[tuple[str, str]],
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "outside").mkdir()
        (root / "outside" / "secret.md").write_text("---\ntitle: SECRET\n---\nSECRET\n")
        content = root / "content"
        content.mkdir()
        (content / "target.md").write_text("---\ntitle: Target\n---\n")
        for name, kind in entries:
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_text(f"---\ntitle: {name}\ndate: 2020-01-01\n---\n")
            elif kind == "link-inside":
                os.symlink(content / "target.md", path)
            elif kind == "link-outside":
                os.symlink(root / "outside" / "secret.md", path)
            elif kind == "fifo":
                os.mkfifo(path)
            elif kind == "folder":
                path.mkdir()
            else:
                os.symlink(root / "outside", path)
        result = scan(Sources(str(content), str(root)))
        titles = {report.title for report in result.index.reports.values()}
        assert "SECRET" not in titles
        messages = " ".join(str(d) for d in result.diagnostics)
        assert "SECRET" not in messages
        for name, kind in entries:
            if kind in ("link-outside", "fifo", "folder", "dir-link") and not name.startswith("_"):
                assert f"content/{name}:1:" in messages, (name, kind)


@FILE_SETTINGS
@given(
    st.lists(
        st.sampled_from(["x", "x/index", "index", "X", "own", "café", "cafe\u0301", "a/b"]),
        unique=True,
        max_size=8,
    ),
    st.sets(
        st.sampled_from(["reports/own/index.html", "reports/index.html", "reports/x/index.html"])
    ),
    st.booleans(),
)
def test_every_page_has_one_source(keys: list[str], taken: set[str], directory_urls: bool) -> None:
    reports = [Report(key=key, path=f"content/{key}.md", title=key, date=None) for key in keys]
    diagnostics: list = []
    layout = Layout(directory_urls=directory_urls)
    kept, _ = allocate(reports, Registry(), layout, {t: "docs" for t in taken}, diagnostics)
    dests = [collision_key(layout.dest(layout.report_src(r.key))) for r in kept]
    assert len(dests) == len(set(dests))
    assert not {collision_key(t) for t in taken} & set(dests)
    left_out = [d for d in diagnostics if d.path.startswith("content/")]
    assert len(kept) + len(left_out) == len(reports)
    assert all(d.kind == "reserved_path" and d.line == 1 for d in diagnostics)


def _plain_parent_maps(md: Markdown) -> Markdown:
    """``md`` with pymdown's own parent maps (the plugin's lean ones removed)."""
    manager = md.parser.blockprocessors["blocks"]
    if "parse_blocks" in vars(manager):
        del manager.parse_blocks
    return md


PLAIN_MD = _plain_parent_maps(
    Markdown(
        extensions=[
            "admonition",
            "pymdownx.superfences",
            "pymdownx.blocks.details",
            "def_list",
            ClaimsExtension(STATE),
        ]
    )
)
LEAN_MD = Markdown(
    extensions=[
        "admonition",
        "pymdownx.superfences",
        "pymdownx.blocks.details",
        "def_list",
        ClaimsExtension(STATE),
    ]
)


@HOSTILE_SETTINGS
@given(annotated_documents(), st.sampled_from(["", "- ", "    ", "Term\n:   "]))
def test_lean_parent_maps_render_as_pymdown_does(document: str, prefix: str) -> None:
    _, body, _ = split_front_matter(document)
    text = "\n".join(prefix + line if line else line for line in body.split("\n"))
    outputs = []
    for md in (PLAIN_MD, LEAN_MD):
        md.reset()
        outputs.append(md.convert(text))
    assert "parse_blocks" in vars(LEAN_MD.parser.blockprocessors["blocks"])
    assert outputs[0] == outputs[1]

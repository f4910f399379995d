"""Hostile and accidental inputs: one real build of a newsroom full of them.

Every case is a file a writer could commit. The build must finish without an
exception, read nothing from outside the content folder, publish nothing of
what it refused, and say `path:line:` for every problem; `mkdocs-claims
check` must say the same. One build holds every case, so the module stays
fast; the cases are small versions of the real attacks (bench/ measures the
large ones).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import unicodedata

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, serve
from conftest import Site, build_site, make_config, write

SECRET = "hunter2-claims-secret-7f3a"
ENV_SECRET = "env-claims-secret-91c2"

BOMB = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
    for i in range(1, 10)
)
HANGUL_90 = "가" * 90
NFC = unicodedata.normalize("NFC", "josé-luis")
NFD = unicodedata.normalize("NFD", "josé-luis")

SPEAKERS = f"""\
alice:
  name: Alice Minister
  role: Minister
bob:
  name: Bob
index:
  name: Not an index
{HANGUL_90}:
  name: Too long
{NFC}:
  name: José Luis
{NFD}:
  name: José Luis again
"a\\nWARNING -  forged":
  name: Forger
alice:
  name: An Impostor
"""

PROPOSITIONS = "peace:\n  statement: Peace is near.\n"


def report(front: str, body: str = "Text.\n") -> str:
    return f"---\n{front}---\n\n{body}"


CLAIM = "/// claim | alice affirms peace\n\nPeace is near, she said.\n///\n"

REPORTS = {
    # YAML that cannot be bounded: refused, with the rest of the front matter kept.
    "bomb.md": report("title: Bomb\ndate: 2020-01-01\n" + BOMB),
    "bomb-options.md": report(
        "title: Bomb in options\ndate: 2020-01-01\n",
        "/// claim | alice affirms peace\n    note: &a [x, x]\n    via: *a\n\nWords.\n///\n",
    ),
    "deep.md": report("title: Deep\ndate: 2020-01-01\nnote: " + "[" * 2000 + "]" * 2000 + "\n"),
    # Front matter recovery.
    "month13.md": report("title: Month thirteen\ndate: 2018-13-01\noutlet: Wire\n"),
    "feb30.md": report("title: February 30\ndate: 2018-02-30\noutlet: Wire\n"),
    "colon.md": report('title: Pompeo: talks "moving"\ndate: 2020-01-02\noutlet: Wire\n'),
    "env.md": report(f"title: !ENV {'CLAIMS_TEST_SECRET'}\ndate: 2020-01-03\n"),
    "xss.md": report(
        "title: <script>window.__xss = 1</script>: x\ndate: 2020-01-04\n"
        "outlet: <img src=x onerror='window.__xss = 2'>: y\n"
        "summary: &a <b onmouseover='window.__xss = 3'>z</b>\n"
    ),
    "separator.md": report("title: Before\u2028after\ndate: 2020-01-04\noutlet: a: b\n"),
    "twice.md": report("title: First\ndate: 2020-01-05\ntitle: Second\n"),
    "surrogate.md": report('title: Surrogate\ndate: 2020-01-06\noutlet: "\\uD800 x"\n', CLAIM),
    "userinfo.md": report(
        "title: User info\ndate: 2020-01-07\nsource: https://trusted.example@evil.example/\n"
    ),
    # A URL repeated with every claim of the report: bounded like the texts.
    "longurl.md": report(
        "title: Long URL\ndate: 2020-01-07\nsource: https://x.example/" + "a" * 3000 + "\n"
    ),
    # Front matter passed on to the theme.
    "theme.md": report(
        "title: Theme keys\ndate: 2020-01-08\nhide: true\nsearch: true\n"
        "template: missing.html\nicon: missing\nstatus: {a: 1}\n"
    ),
    # The body.
    "hash.md": report(
        "title: Hash\ndate: 2020-01-09\n",
        "/// claim | alice affirms peace\n    #1 priority is peace, she said.\n///\n",
    ),
    "mentions.md": report(
        "title: Mentions\ndate: 2020-01-10\n",
        '[Alice](@alice "the minister") met [Bob](<@bob>).\n',
    ),
    "nested.md": report(
        "title: Nested\ndate: 2020-01-11\n",
        "".join(f"/// claim | bob\n    id: n{i}\n\nLevel {i}.\n\n" for i in range(90))
        + "///\n\n" * 90,
    ),
    "fence.md": report("title: Fences\ndate: 2020-01-12\n", "~~~x\n" * 3000),
    "deep-list.md": report(
        "title: Deep list\ndate: 2020-01-12\n",
        "".join("    " * i + "- item\n" for i in range(110)),
    ),
    "spaces.md": report(
        "title: Spaces\ndate: 2020-01-13\n",
        "/// claim | alice" + " " * 20000 + "affirms peace\n\nSpaced.\n///\n",
    ),
    "big.md": report("title: Big\ndate: 2020-01-14\n", "x" * 70_000 + "\n"),
    # Paths.
    "x.md": report("title: X\ndate: 2020-01-15\n", CLAIM),
    "x/index.md": report("title: X again\ndate: 2020-01-16\n", CLAIM),
    "own.md": report("title: Own\ndate: 2020-01-17\n", CLAIM),
    "index.md": report("title: Index\ndate: 2020-01-18\n", CLAIM),
    "inside.md": report("title: Inside\ndate: 2020-01-19\n", CLAIM),
    "back\\slash.md": report("title: Backslash\ndate: 2020-01-20\n"),
    "new\nline.md": report("title: Newline\ndate: 2020-01-21\n"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("hostile")
    (root / "outside").mkdir()
    (root / "outside/secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    write(
        root,
        {
            "mkdocs.yml": make_config({"max_report_size": 60_000}, site_url="https://n.example/"),
            "docs/index.md": "# Home\n",
            "docs/reports/own/index.md": "# The site's own page\n",
            "docs/speakers/index.md": "# Our speakers\n",
        },
    )
    content = root / "content"
    content.mkdir()
    (content / "speakers.yml").write_text(SPEAKERS, encoding="utf-8")
    (content / "propositions.yml").write_text(PROPOSITIONS, encoding="utf-8")
    for name, text in REPORTS.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    os.symlink("/proc/self/environ", content / "environ.md")
    os.symlink("/dev/zero", content / "zero.md")
    os.symlink(root / "outside/secret.md", content / "secret.md")
    os.symlink(root / "outside", content / "linked")
    os.symlink(content / "inside.md", content / "alias-of-inside.md")
    os.mkfifo(content / "fifo.md")
    (content / "folder.md").mkdir()
    (content / "folder.md/in.md").write_text(report("title: In a folder\ndate: 2020-01-22\n"))
    handler = Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    os.environ["CLAIMS_TEST_SECRET"] = ENV_SECRET
    try:
        site = build_site(root)
    finally:
        logger.removeHandler(handler)
        del os.environ["CLAIMS_TEST_SECRET"]
    site.records = handler.records
    return site


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def warning(site: Site, prefix: str, *words: str) -> str:
    """The one warning starting with ``prefix`` that has every word."""
    found = [w for w in site.warnings if w.startswith(prefix) and all(x in w for x in words)]
    assert len(found) == 1, (prefix, words, [w for w in site.warnings if w.startswith(prefix)])
    return found[0]


def site_text(site: Site) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in site.site_dir.rglob("*")
        if path.is_file()
    )


def test_nothing_from_outside_the_content_folder_is_read_or_published(hostile: Site):
    published = site_text(hostile)
    assert SECRET not in published and ENV_SECRET not in published
    assert "PATH=" not in published  # /proc/self/environ
    assert not any(SECRET in w or ENV_SECRET in w for w in hostile.warnings)
    for name in ("environ", "zero", "secret", "fifo", "folder", "linked/secret"):
        assert not hostile.exists(f"reports/{name}/"), name
    warning(hostile, "content/environ.md:1: ", "symbolic link to a file outside")
    warning(hostile, "content/secret.md:1: ", "symbolic link to a file outside")
    warning(hostile, "content/zero.md:1: ", "symbolic link to a file outside")  # /dev/zero
    warning(hostile, "content/fifo.md:1: ", "not a regular file")
    warning(hostile, "content/folder.md:1: ", "not a regular file")
    warning(hostile, "content/linked:1: ", "symbolic link, which is not followed")
    # A link to a report inside the content folder is read like the report.
    assert hostile.page("reports/alias-of-inside/").h1.get_text() == "Inside"


def test_yaml_that_cannot_be_bounded_is_refused_at_its_line(hostile: Site):
    bomb = warning(hostile, "content/bomb.md:4: ", "anchors and aliases")
    assert len(bomb) < 400  # the value is quoted shortened, never expanded
    assert hostile.page("reports/bomb/").h1.get_text() == "Bomb"
    warning(hostile, "content/bomb-options.md:7: ", "options of the claim block", "anchors")
    claim = hostile.page("reports/bomb-options/").select_one(".claim")
    assert "note: &a [x, x]" in claim.get_text()  # shown as text, never lost
    warning(hostile, "content/deep.md:4: ", "nest more than 32 levels")
    assert hostile.page("reports/deep/").h1.get_text() == "Deep"


def test_front_matter_is_recovered_and_never_shown(hostile: Site):
    for name, line, word in (
        ("month13", 3, "not a date"),
        ("feb30", 3, "not a date"),
        ("colon", 2, "read as the text"),
        ("env", 2, "read as the text"),
        ("separator", 4, "read as the text"),
    ):
        warning(hostile, f"content/{name}.md:{line}: ", word)
        page = hostile.page(f"reports/{name}/")
        article = page.select_one("article").get_text()
        assert "date: 20" not in article, name  # no front matter as text
        assert page.select_one("article hr") is None, name
    assert hostile.page("reports/month13/").select_one(".report-outlet").get_text() == "Wire"
    assert hostile.page("reports/colon/").h1.get_text() == 'Pompeo: talks "moving"'
    assert hostile.page("reports/env/").h1.get_text() == "!ENV CLAIMS_TEST_SECRET"
    warning(hostile, "content/twice.md:4: ", "key 'title' is given twice", "first on line 2")
    assert hostile.page("reports/twice/").h1.get_text() == "First"


def test_values_that_would_crash_the_theme_are_dropped_with_their_line(hostile: Site):
    for line, key in ((4, "hide"), (5, "search"), (6, "template"), (7, "icon"), (8, "status")):
        warning(hostile, f"content/theme.md:{line}: ", f"front matter '{key}'")
    assert hostile.page("reports/theme/").h1.get_text() == "Theme keys"


def test_surrogates_and_user_information(hostile: Site):
    data = hostile.json()  # valid JSON, written without an encoding error
    outlets = {report["outlet"] for report in data["reports"]}
    assert "\ufffd x" in outlets
    warning(hostile, "content/userinfo.md:4: ", "user information")
    assert hostile.page("reports/userinfo/").select_one(".report-source") is None
    long = warning(hostile, "content/longurl.md:4: ", "longer than 2,000 characters")
    assert len(long) < 300
    assert hostile.page("reports/longurl/").select_one(".report-source") is None


def test_registry_duplicates_collisions_and_reserved_ids(hostile: Site):
    warning(hostile, "content/speakers.yml:16: ", "key 'alice' is given twice", "first on line 1")
    assert hostile.page("speakers/alice/").h1.get_text().startswith("Alice Minister")
    warning(hostile, "content/speakers.yml:6: ", "reserved")
    warning(hostile, "content/speakers.yml:8: ", "270 bytes long")
    warning(hostile, "content/speakers.yml:12: ", "collides with")
    forged = warning(hostile, "content/speakers.yml:14: ", "not a valid id")
    assert "\n" not in forged and "\\n" in forged
    assert not any(w.startswith("WARNING") or "\nWARNING" in w for w in hostile.warnings)


def test_pages_at_the_same_address_are_reported_and_the_site_wins(hostile: Site):
    warning(hostile, "content/x/index.md:1: ", "would replace content/x.md")
    warning(hostile, "content/own.md:1: ", "would replace docs/reports/own/index.md")
    warning(hostile, "content/index.md:1: ", "reports index")
    warning(hostile, "docs/speakers/index.md:1: ", "speakers index")
    assert hostile.page("reports/x/").h1.get_text() == "X"
    assert hostile.page("reports/own/").h1.get_text() == "The site's own page"
    assert hostile.page("speakers/").h1.get_text() == "Our speakers"
    urls = {claim["report"] for claim in hostile.json()["claims"]}
    assert "reports/own/" not in urls and "reports/" not in urls  # skipped: not in the index
    nav = hostile.page("").select("nav.md-nav--primary a.md-nav__link[href]")
    assert [a["href"] for a in nav].count("speakers/") == 1


def test_bad_file_names_are_reported_safely(hostile: Site):
    warning(hostile, "content/back\\slash.md:1: ", "backslash")
    newline = warning(hostile, "content/new\\nline.md:1: ", "line break")
    assert "\n" not in newline


def test_size_limit_and_long_ids(hostile: Site):
    warning(hostile, "content/big.md:1: ", "more than max_report_size (60,000)")
    assert not hostile.exists("reports/big/")


def test_an_indented_hash_line_is_text_and_reported(hostile: Site):
    warning(hostile, "content/hash.md:7: ", "not options")
    claim = hostile.page("reports/hash/").select_one(".claim-body")
    assert claim.get_text().strip() == "#1 priority is peace, she said."


def test_mentions_with_title_or_angle_brackets_are_indexed(hostile: Site):
    for speaker in ("alice", "bob"):
        page = hostile.page(f"speakers/{speaker}/")
        links = [a["href"] for a in page.select("a[href]") if "reports/mentions/" in a["href"]]
        assert links, speaker
    mentions = hostile.page("reports/mentions/").select("a.speaker-mention")
    assert [a["data-speaker"] for a in mentions] == ["alice", "bob"]


def test_nested_claims_have_their_own_text(hostile: Site):
    claims = {
        c["id"]: c["text"]
        for c in hostile.json()["claims"]
        if c["url"].startswith("reports/nested/")
    }
    assert claims["n0"] == "Level 0." and claims["n89"] == "Level 89."
    page = (hostile.site_dir / "reports/nested/index.html").stat().st_size
    assert page < 2_000_000


def test_nesting_markdown_cannot_render_is_refused(hostile: Site):
    # Python-Markdown recurses once per list level: a few hundred would stop the build.
    warning(hostile, "content/deep-list.md:107: ", "nested 101 levels deep", "not built")
    assert not hostile.exists("reports/deep-list/")


def test_pathological_bodies_build(hostile: Site):
    assert hostile.page("reports/fence/").h1.get_text() == "Fences"
    claim = hostile.page("reports/spaces/").select_one(".claim")
    assert claim["data-stance"] == "affirms" and "Spaced." in claim.get_text()


def test_every_warning_has_a_path_and_line(hostile: Site):
    assert hostile.warnings
    for message in hostile.warnings:
        path, line, _ = message.split(":", 2)
        assert path and line.isdigit(), message


def test_check_agrees_with_the_build(hostile: Site):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "check", str(hostile.root)],
        capture_output=True,
        text=True,
        check=False,
        cwd=hostile.root,
    )
    assert result.returncode == 1, result.stderr
    built = sorted(set(hostile.warnings))
    checked = sorted(set(result.stdout.splitlines()))
    assert checked == built


def test_values_repeated_on_every_page_are_bounded(tmp_path, caplog):
    """A name of a megabyte in a registry, shown in each of 300 callouts,
    would make a page of 300 MB: such values are shortened, with a warning."""
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": f"alice:\n  name: {'A' * 1_000_000}\n",
            "content/propositions.yml": f"peace:\n  statement: {'P' * 100_000}\n",
            "content/r.md": report(
                f"title: {'T' * 50_000}\ndate: 2020-01-01\n",
                "".join(
                    f"/// claim | alice affirms peace\n    note: {'n' * 20_000}\n\nSaid.\n///\n\n"
                    for _ in range(60)
                ),
            ),
        },
    )
    site = build_site(tmp_path, caplog)
    assert any("name has 1,000,000 characters; it is shortened to 500" in w for w in site.warnings)
    assert any("statement has 100,000 characters" in w for w in site.warnings)
    assert any("front matter 'title' has 50,000 characters" in w for w in site.warnings)
    assert any("note has 20,000 characters" in w for w in site.warnings)
    page = site.site_dir / "reports/r/index.html"
    assert page.stat().st_size < 2_000_000  # 60 callouts, not 60 MB


def test_recovered_values_are_text_and_nothing_runs_in_chromium(hostile: Site):
    page = hostile.page("reports/xss/")
    assert page.h1.get_text() == "<script>window.__xss = 1</script>: x"
    assert page.select_one("article script") is None
    with serve(hostile.site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        visited = 0
        for path in sorted(hostile.site_dir.glob("reports/*/index.html")):
            url = hostile.url_of(path)
            tab.goto(base + url)
            for link in tab.locator("article a").all()[:10]:
                if link.is_visible():
                    link.hover(force=True)
            assert tab.evaluate("() => window.__xss === undefined"), url
            visited += 1
        browser.close()
    assert dialogs == [] and visited > 10

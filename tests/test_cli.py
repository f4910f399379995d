"""`mkdocs-claims check`: the build's diagnostics without MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, make_config, write

CHECK = [sys.executable, "-m", "mkdocs_claims.cli", "check"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHECK, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_sample_newsroom_is_clean():
    result = run(cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 warnings" in result.stderr


def test_reports_the_build_diagnostics_and_fails(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(
                {"content_dir": "news", "validation": {"empty_claim": "info"}}
            ),
            "news/speakers.yml": "mike-pompeo:\n  name: Mike Pompeo\n",
            "news/2018/pompeo.md": """
                ---
                title: T
                date: 2018-06-11
                ---

                /// claim | pompeo

                Text.
                ///

                /// claim | mike-pompeo
                ///
                """,
        },
    )
    result = run(cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "news/2018/pompeo.md:6: unknown speaker 'pompeo' (did you mean 'mike-pompeo'?)"
    ]
    verbose = run("-v", str(tmp_path / "mkdocs.yml"), cwd=REPO)
    assert "news/2018/pompeo.md:11: the claim block has no text" in verbose.stdout


def test_does_not_import_mkdocs():
    code = (
        "import sys; from mkdocs_claims.cli import main; main(['check', '.']); "
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_reads_mkdocs_yaml_as_mkdocs_does(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yaml": make_config({"content_dir": "news"}),
            "news/2018/a.md": """
                ---
                title: T
                date: 2018-06-11
                ---

                [Nobody](@nobody)
                """,
        },
    )
    result = run(cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("news/2018/a.md:6: mention of unknown speaker 'nobody'")


def test_an_invalid_mkdocs_yml_is_one_line_and_status_2(tmp_path: Path):
    write(
        tmp_path,
        {"mkdocs.yml": "site_name: x\nplugins:\n  - claims\n nav: [\n", "content/.keep": ""},
    )
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("mkdocs-claims: mkdocs.yml:4: not valid YAML")
    write(tmp_path, {"mkdocs.yml": "plugins:\n  - claims:\n      max_report_size: big\n"})
    result = run(cwd=tmp_path)
    assert result.returncode == 2 and "max_report_size" in result.stderr
    assert "Traceback" not in result.stderr


def test_env_tags_and_inherit_are_read_as_mkdocs_reads_them(tmp_path: Path):
    write(
        tmp_path,
        {
            "base.yml": (
                "site_name: Base\nplugins:\n  - claims:\n"
                "      content_dir: !ENV [NEWS_DIR, content]\n"
            ),
            "mkdocs.yml": "INHERIT: base.yml\nsite_name: !ENV [SITE_NAME, Newsroom]\n",
            "news/2018/a.md": "---\ntitle: T\ndate: 2018-06-11\n---\n\n[Nobody](@nobody)\n",
        },
    )
    env = {**os.environ, "NEWS_DIR": "news"}
    result = subprocess.run(
        [*CHECK], cwd=tmp_path, capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("news/2018/a.md:6: mention of unknown speaker 'nobody'")
    without = run(cwd=tmp_path)  # NEWS_DIR unset: the default, which does not exist
    assert without.returncode == 2 and "no content directory" in without.stderr

"""The core is plain Python: only the MkDocs adapter imports MkDocs."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import mkdocs_claims
from conftest import REPO

ADAPTER = {"mkdocs_claims.plugin", "mkdocs_claims.config"}


def core_modules() -> list[str]:
    found = [
        info.name
        for info in pkgutil.walk_packages(mkdocs_claims.__path__, "mkdocs_claims.")
        if info.name not in ADAPTER
    ]
    return sorted(found)


def test_the_generator_neutral_layer_is_in_the_core():
    # The rooms the adapter was split into, and the second generator's driver.
    assert {
        "mkdocs_claims.site",
        "mkdocs_claims.nav",
        "mkdocs_claims.dirty",
        "mkdocs_claims.publish",
        "mkdocs_claims.rendered",
    } <= set(core_modules())


def test_no_core_module_imports_mkdocs():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "    loaded = [m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')]\n"
        "    assert not loaded, (name, loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_adapter_does_import_mkdocs():
    # The check above would pass vacuously if the walk found nothing that does.
    code = (
        "import sys, mkdocs_claims.plugin\n"
        "assert 'mkdocs.plugins' in sys.modules or 'properdocs.plugins' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

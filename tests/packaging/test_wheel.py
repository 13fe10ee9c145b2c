"""The built wheel: every module of the four layers, all under the one name `branchbook`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("domain", "workflows", "projections", "documents", "cli")


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The file names inside a wheel built from a copy of the source tree."""
    source = tmp_path_factory.mktemp("source")
    for name in (*LAYERS, "branchbook"):
        shutil.copytree(ROOT / name, source / name, symlinks=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    build = ["wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)]
    subprocess.run(
        [sys.executable, "-m", "pip", *build],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("branchbook-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_module_of_the_four_layers(wheel_names: set[str]) -> None:
    expected = {
        f"branchbook/{path.relative_to(ROOT).as_posix()}"
        for layer in LAYERS
        for path in (ROOT / layer).rglob("*.py")
    }
    assert expected
    assert expected - wheel_names == set()


def test_the_wheel_claims_no_top_level_name_but_branchbook(wheel_names: set[str]) -> None:
    tops = {name.split("/", 1)[0] for name in wheel_names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"branchbook"}


def test_the_wheel_holds_the_report_templates_and_stylesheet(wheel_names: set[str]) -> None:
    templates = ROOT / "documents" / "templates"
    expected = {
        f"branchbook/documents/templates/{path.name}"
        for pattern in ("*.j2", "*.css")
        for path in templates.glob(pattern)
    }
    assert "branchbook/documents/templates/report.css" in expected
    assert "branchbook/documents/templates/branch.html.j2" in expected
    assert "branchbook/documents/templates/organisation.html.j2" in expected
    assert expected - wheel_names == set()

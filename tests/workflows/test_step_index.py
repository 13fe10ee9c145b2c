"""The index a recorded step finds its command's stage by agrees with the catalogue, and loading
one command leaves the other stages (and their aggregates) unloaded."""

from __future__ import annotations

import subprocess
import sys

from branchbook.workflows.steps.catalogue import SPECS
from branchbook.workflows.steps.index import STAGES, spec_of


def test_the_index_lists_every_command_in_the_catalogues_order() -> None:
    assert list(STAGES) == [spec.name for spec in SPECS]


def test_each_command_is_found_where_the_catalogue_has_it() -> None:
    for spec in SPECS:
        assert spec_of(spec.name) is spec
        assert spec.handler.__module__ == f"branchbook.workflows.steps.{STAGES[spec.name]}"


def test_an_unknown_command_has_no_definition() -> None:
    assert spec_of("member.fly") is None
    assert spec_of("") is None


def test_one_command_loads_its_own_stage_only() -> None:
    program = (
        "import sys\n"
        "from branchbook.workflows.steps.index import spec_of\n"
        "assert spec_of('member.apply') is not None\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, check=True)
    modules = set(done.stdout.decode().split())
    assert "branchbook.workflows.steps.application" in modules
    assert "branchbook.workflows.steps.dues" not in modules
    assert "branchbook.domain.dues" not in modules
    assert "branchbook.workflows.steps.catalogue" not in modules

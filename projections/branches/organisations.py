"""The organisation views' queries: the higher organisations, as a tree above the branches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.projections.storage.tables import branches, organisations


@frozen
class OrganisationRow:
    """A higher organisation in the tree."""

    code: str
    name: str
    kind: str
    parent: str | None
    authority: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "authority": self.authority,
        }


def organisations_all(conn: Connection) -> list[OrganisationRow]:
    """Every higher organisation, by code."""
    rows = conn.execute(select(organisations).order_by(organisations.c.code))
    return [OrganisationRow(r.code, r.name, r.kind, r.parent, r.authority) for r in rows]


def chain_above(conn: Connection, parent: str) -> tuple[OrganisationRow, ...]:
    """The organisations above a branch whose parent is `parent`, nearest first."""
    return chain_in({o.code: o for o in organisations_all(conn)}, parent)


def chain_in(every: Mapping[str, OrganisationRow], parent: str) -> tuple[OrganisationRow, ...]:
    """The same, among these organisations by code."""
    chain: list[OrganisationRow] = []
    found = every.get(parent)
    while found is not None and all(o.code != found.code for o in chain):
        chain.append(found)
        found = None if found.parent is None else every.get(found.parent)
    return tuple(chain)


@frozen
class TreeNode:
    """An organisation in the tree: its depth below the top and the branches directly under it."""

    organisation: OrganisationRow
    depth: int
    branches: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {**self.organisation.as_dict(), "depth": self.depth, "branches": list(self.branches)}


def organisation_tree(conn: Connection) -> list[TreeNode]:
    """Every organisation, depth first from the top ones, each with the branches under it."""
    every = organisations_all(conn)
    known = {o.code for o in every}
    children: dict[str | None, list[OrganisationRow]] = defaultdict(list)
    for o in every:
        children[o.parent if o.parent in known else None].append(o)
    under: dict[str, list[str]] = defaultdict(list)
    for code, parent in conn.execute(
        select(branches.c.code, branches.c.parent).order_by(branches.c.code)
    ):
        under[parent].append(code)
    out: list[TreeNode] = []
    seen: set[str] = set()

    def visit(parent: str | None, depth: int) -> None:
        for o in children[parent]:
            if o.code not in seen:
                seen.add(o.code)
                out.append(TreeNode(o, depth, tuple(under[o.code])))
                visit(o.code, depth + 1)

    visit(None, 0)
    return out

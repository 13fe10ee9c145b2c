"""A ledger's rows as journal commands: a member row opens a member's record (member.enrol);
a branches-sheet row enters a higher organisation (org.add) or founds a branch (branch.found)
and, when it names a secretary, records the leadership in office (branch.leadership).

Only the cells' forms are read here (see ledger.cells); what the values may be is the
commands' to judge, and a journal key in their error leads back to its column through
`Columns.column_for`. Each item carries an idempotency key built from the row's number or code
(import:member:1001), so importing the same ledger again records nothing twice.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from attrs import frozen

from branchbook.workflows.ledger import cells
from branchbook.workflows.ledger.cells import CellProblem
from branchbook.workflows.ledger.columns import Columns
from branchbook.workflows.ledger.table import Row, column_letter

Command = dict[str, Any]

# How each optional member field is read; member, name, birth, branch and status always are.
MEMBER_READERS: dict[str, Callable[[object], object]] = {
    "applied": lambda c: cells.day(c).isoformat(),
    "activist-since": lambda c: cells.day(c).isoformat(),
    "candidate-since": lambda c: cells.day(c).isoformat(),
    "admitted": lambda c: cells.day(c).isoformat(),
    "full-since": lambda c: cells.day(c).isoformat(),
    "sex": cells.sex,
    "id-number": cells.number_text,
    "ethnicity": cells.text,
    "education": cells.text,
    "work-unit": cells.text,
    "phone": cells.number_text,
}
MEMBER_REQUIRED: dict[str, Callable[[object], object]] = {
    "member": cells.number_text,
    "name": cells.text,
    "birth": lambda c: cells.day(c).isoformat(),
    "branch": cells.number_text,
    "status": cells.status,
}
MEMBER_READ = {**MEMBER_REQUIRED, **MEMBER_READERS}
ORGANISATION_KINDS = frozenset(cells.ORGANISATION_KINDS.values())


@frozen
class RowProblem:
    """Why a row gives no commands: its number, the header of the column to blame (None for
    the row as a whole) and what is wrong, on one line."""

    number: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.number}" + (f", {self.column}" if self.column is not None else "")
        return f"{where}: {self.message}"


@frozen
class RowCommands:
    """The journal items a row gives, in the order they are to be recorded."""

    number: int
    items: tuple[Command, ...]


class _Problem(Exception):
    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class _Reader:
    """One row's cells, read field by field; a cell that cannot be read raises _Problem."""

    def __init__(self, row: Row, columns: Columns) -> None:
        self.row = row
        self.columns = columns

    def cell(self, field: str) -> object:
        index = self.columns.index.get(field)
        if index is None or index >= len(self.row.cells):
            return None
        value = self.row.cells[index]
        return None if cells.empty(value) else value

    def get(self, field: str, read: Callable[[object], Any]) -> Any:
        """The field's value, or None when its cell is empty (or there is no such column)."""
        value = self.cell(field)
        if value is None:
            return None
        try:
            return read(value)
        except CellProblem as exc:
            raise _Problem(self.columns.header[field], str(exc)) from None

    def need(self, field: str, read: Callable[[object], Any]) -> Any:
        value = self.get(field, read)
        if value is None:
            raise _Problem(self.columns.header.get(field), "empty; it must be given")
        return value


def _check_unheaded(row: Row, width: int) -> None:
    """Cells past the last header hold nothing (the table pads every row to its headers)."""
    for i in range(width, len(row.cells)):
        if not cells.empty(row.cells[i]):
            raise _Problem(None, f"a value in column {column_letter(i)}, which has no header")


def member_commands(
    row: Row, columns: Columns, *, date: date, doc: str | None = None
) -> RowCommands | RowProblem:
    """The member.enrol item of a member row, on the ledger's date, or the row's problem."""
    if row.problem is not None:
        return RowProblem(row.number, None, row.problem)
    given: dict[str, object] = {}
    values = row.cells
    try:
        _check_unheaded(row, columns.width)
        for field, index in columns.index.items():  # in column order
            cell = values[index]
            if cell is None or cells.empty(cell):
                continue
            try:
                given[field] = MEMBER_READ[field](cell)
            except CellProblem as exc:
                raise _Problem(columns.header[field], str(exc)) from None
        item: Command = {"command": "member.enrol"}
        for field in MEMBER_REQUIRED:
            if field not in given:
                raise _Problem(columns.header[field], "empty; it must be given")
            item[field] = given[field]
    except _Problem as problem:
        return RowProblem(row.number, problem.column, problem.message)
    item["id"] = f"import:member:{item['member']}"
    optional = {field: given.get(field) for field in MEMBER_READERS}
    return RowCommands(row.number, (_with(item, {**optional, "doc": doc}, date.isoformat()),))


def branch_commands(
    row: Row, columns: Columns, *, date: date, doc: str | None = None
) -> RowCommands | RowProblem:
    """The items of a branches-sheet row, or its problem: org.add for a higher organisation, on
    its founding date; branch.found for a branch, on its founding date, then its leadership in
    office (branch.leadership, on the ledger's date) when a secretary is named.

    Cells that do not apply to the row's kind (full members, units and leaders of an
    organisation; the approval authority of a branch) are not read."""
    if row.problem is not None:
        return RowProblem(row.number, None, row.problem)
    reader = _Reader(row, columns)
    try:
        _check_unheaded(row, columns.width)
        code = reader.need("code", cells.number_text)
        name = reader.need("name", cells.text)
        kind = reader.need("kind", cells.kind)
        founded = reader.need("founded", cells.day).isoformat()
        parent = reader.get("parent", cells.number_text)
        if kind in ORGANISATION_KINDS:
            org: Command = {"command": "org.add", "id": f"import:org:{code}", "code": code}
            org.update(name=name, kind=kind)
            authority = reader.get("approves-admissions", cells.flag)
            given = {"parent": parent, "approves-admissions": authority, "doc": doc}
            items = [_with(org, given, founded)]
        else:
            items = _branch_items(
                reader,
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                founded=founded,
                on=date,
                doc=doc,
            )
    except _Problem as problem:
        return RowProblem(row.number, problem.column, problem.message)
    return RowCommands(row.number, tuple(items))


def _branch_items(
    reader: _Reader,
    *,
    code: str,
    name: str,
    kind: str,
    parent: str | None,
    founded: str,
    on: date,
    doc: str | None,
) -> list[Command]:
    found: Command = {"command": "branch.found", "id": f"import:branch:{code}", "code": code}
    found.update(name=name, kind=kind)
    given = {
        "parent": parent,
        "full-members": reader.get("full-members", cells.count),
        "units": reader.get("units", cells.names) or None,
        "doc": doc,
    }
    items = [_with(found, given, founded)]
    secretary = reader.get("secretary", cells.number_text)
    deputy = reader.get("deputy", cells.number_text)
    committee = reader.get("committee", cells.codes)
    term_start = reader.get("term-start", cells.day)
    if secretary is None:
        for field in ("deputy", "committee", "term-start"):
            if reader.cell(field) is not None:
                raise _Problem(
                    reader.columns.header.get("secretary", "secretary"),
                    f"empty, yet {reader.columns.header[field]} is given; name the secretary",
                )
        return items
    leaders: Command = {"command": "branch.leadership", "id": f"import:leadership:{code}"}
    leaders.update(branch=code, secretary=secretary)
    heads = [secretary] + ([deputy] if deputy is not None else [])
    given = {
        "deputy": deputy,
        "members": heads + [m for m in committee if m not in heads] if committee else None,
        "term-start": term_start.isoformat() if term_start is not None else None,
        "doc": doc,
    }
    items.append(_with(leaders, given, on.isoformat()))
    return items


def _with(item: Command, given: dict[str, object], on: str) -> Command:
    """The item with the optional values that are given, then its date (and document)."""
    item.update((key, value) for key, value in given.items() if value is not None and key != "doc")
    item["date"] = on
    if given.get("doc") is not None:
        item["doc"] = given["doc"]
    return item


def in_tree_order(rows: Iterable[Row], columns: Columns) -> list[Row]:
    """Branches-sheet rows with each parent before its children, otherwise in the sheet's
    order. A row whose parent is not in the sheet (it is in the record, or nowhere), or that
    cannot be read, keeps its place; rows on a cycle of parents, or under one, come last in
    the sheet's order, for the recorder to report."""
    listed = list(rows)
    codes: list[str | None] = []
    parents: list[str | None] = []
    for row in listed:
        reader = _Reader(row, columns)
        try:
            codes.append(reader.get("code", cells.number_text))
            parents.append(reader.get("parent", cells.number_text))
        except _Problem:
            codes.append(None)
            parents.append(None)
    first: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code is not None:
            first.setdefault(code, i)
    waiting: dict[str, list[int]] = {}
    ready: list[int] = []
    for i, parent in enumerate(parents):
        if parent is None or parent not in first:
            ready.append(i)
        else:
            waiting.setdefault(parent, []).append(i)
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        code = codes[i]
        if code is not None and first.get(code) == i:
            for child in waiting.pop(code, []):
                heapq.heappush(ready, child)
    placed = set(order)
    order.extend(i for i in range(len(listed)) if i not in placed)
    return [listed[i] for i in order]

"""Which column of a ledger holds which field: its headers recognised by their usual names, in
Chinese or English, or as a map file says.

Headers are compared ignoring case, surrounding and inner spaces, full-width and half-width
forms, and a `*` that marks a required column in many templates. A map file (TOML) names the
field of a header the usual names miss, or tells that a column is to be left out:

    [columns]
    "支部名称" = "branch"
    "备注" = "ignore"

Every header that is neither recognised nor mapped is listed in `unknown`, so the caller can
say so: no column is dropped unseen.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from attrs import frozen

from branchbook.workflows.errors import BadInput
from branchbook.workflows.ledger.table import column_letter
from branchbook.workflows.values import small_file

IGNORE = "ignore"  # what a map file maps a column to that is to be left out
KINDS = ("members", "branches")

# The fields of a member row (the journal keys of member.enrol) and their usual headers.
MEMBER_FIELDS: dict[str, tuple[str, ...]] = {
    "member": ("党员编号", "人员编号", "编号", "member number", "number", "id"),
    "name": ("姓名", "name"),
    "sex": ("性别", "sex", "gender"),
    "birth": ("出生日期", "出生年月", "birth", "date of birth", "birth date"),
    "branch": ("所在党支部", "党支部", "支部编码", "所在支部", "branch", "branch code"),
    "status": ("人员类别", "党员类别", "类别", "政治面貌", "status"),
    "applied": ("申请入党日期", "申请日期", "applied", "application date"),
    "activist-since": ("确定为入党积极分子日期", "列为积极分子日期", "activist since"),
    "candidate-since": ("确定为发展对象日期", "candidate since"),
    "admitted": ("入党日期", "发展日期", "接收预备党员日期", "admitted", "admission date"),
    "full-since": ("转正日期", "full since", "conversion date"),
    "id-number": ("公民身份号码", "身份证号", "身份证号码", "id number"),
    "ethnicity": ("民族", "ethnicity"),
    "education": ("学历", "education"),
    "work-unit": ("工作单位", "单位", "work unit", "employer"),
    "phone": ("联系电话", "手机号码", "电话", "phone"),
}
# The fields of an organisation or branch row and their usual headers.
BRANCH_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("组织编码", "党组织编码", "code"),
    "name": ("组织名称", "党组织名称", "name"),
    "kind": ("组织类别", "组织类型", "类别", "kind"),
    "parent": ("上级党组织编码", "上级组织编码", "上级党组织", "parent"),
    "founded": ("成立日期", "建立日期", "founded"),
    "full-members": ("正式党员数", "full members"),
    "approves-admissions": ("审批预备党员权限", "approves admissions"),
    "units": ("单位", "所在单位", "units"),
    "secretary": ("书记", "secretary"),
    "deputy": ("副书记", "deputy"),
    "committee": ("委员", "支委委员", "committee"),
    "term-start": ("任期开始日期", "本届任期开始", "term start"),
}
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "members": MEMBER_FIELDS,
    "branches": BRANCH_FIELDS,
}
# Without these columns no row can be read. (A branch row needs a parent too; a top
# organisation has none, so the column is judged row by row.)
REQUIRED: dict[str, tuple[str, ...]] = {
    "members": ("member", "name", "birth", "branch", "status"),
    "branches": ("code", "name", "kind", "founded"),
}
# The column a journal key comes from, where the key is not the field's own name.
KEY_FIELDS: dict[tuple[str, str], str] = {
    ("org.add", "date"): "founded",
    ("branch.found", "date"): "founded",
    ("branch.leadership", "branch"): "code",
    ("branch.leadership", "members"): "committee",
}


def normalised(header: str) -> str:
    """A header as it is compared: NFKC (full-width to half-width), case-folded, without
    spaces or a required-column star."""
    folded = unicodedata.normalize("NFKC", header).casefold()
    return "".join(folded.split()).strip("*")


@frozen
class Columns:
    """Where each field of a ledger's rows is: its column index and its header as written."""

    kind: str
    index: Mapping[str, int]  # field → 0-based column index
    header: Mapping[str, str]  # field → the header as the file writes it
    unknown: tuple[str, ...]  # headers neither recognised nor mapped, in column order
    ignored: tuple[str, ...]  # headers a map file said to leave out
    width: int  # how many headers there are

    def column_for(self, key: str, command: str | None = None) -> str | None:
        """The header of the column a journal key of a command came from (None when the key
        comes from no column, as the ledger's date)."""
        field = KEY_FIELDS.get((command or "", key), key)
        return self.header.get(field)


def read_map(path: Path) -> dict[str, str]:
    """A map file's [columns] table: header as written → field name or "ignore"."""
    data = small_file(path, "column map")
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(f"column map {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"column map {path}: not TOML: {exc}") from None
    except RecursionError:
        raise BadInput(f"column map {path}: not TOML: nested too deeply") from None
    extra = sorted(set(document) - {"columns"})
    if extra:
        raise BadInput(f"column map {path}: unknown table or key {extra[0]!r}; expected [columns]")
    table = document.get("columns")
    if not isinstance(table, dict):
        raise BadInput(f"column map {path}: expected a [columns] table")
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for header, field in table.items():
        if not isinstance(field, str):
            raise BadInput(f"column map {path}: {header!r} must map to a field name, as text")
        key = normalised(header)
        if key in seen:
            raise BadInput(f"column map {path}: header {header!r} is mapped twice")
        seen[key] = header
        mapping[header] = field
    return mapping


def recognise(
    headers: Sequence[str],
    kind: str,
    mapping: Mapping[str, str] | None = None,
    *,
    source: str = "the ledger",
) -> Columns:
    """Which column holds which field of a members or branches sheet; BadInput (naming
    `source`) for a map that names an unknown field or a header the file lacks, two columns
    of one field, or a required field no column holds."""
    fields = FIELDS[kind]
    aliases = {normalised(alias): field for field, names in fields.items() for alias in names}
    aliases.update({normalised(field): field for field in fields})
    mapped = _mapped(headers, fields, mapping or {}, source)
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    unknown: list[str] = []
    ignored: list[str] = []
    for i, text in enumerate(headers):
        key = normalised(text)
        field = mapped[key] if key in mapped else aliases.get(key)
        if field == IGNORE:
            ignored.append(text)
            continue
        if field is None:
            unknown.append(text or f"(column {column_letter(i)}, no header)")
            continue
        if field in index:
            raise BadInput(
                f"{source}: columns {header[field]!r} and {text!r} both hold {field}; "
                'map one of them to another field or to "ignore" (--map)'
            )
        index[field] = i
        header[field] = text
    missing = [field for field in REQUIRED[kind] if field not in index]
    if missing:
        found = ", ".join(repr(h) for h in headers if h) or "none"
        raise BadInput(
            f"{source}: no column for {', '.join(missing)} (headers found: {found}); "
            "name the columns with --map"
        )
    return Columns(kind, index, header, tuple(unknown), tuple(ignored), len(headers))


def _mapped(
    headers: Sequence[str],
    fields: Mapping[str, object],
    mapping: Mapping[str, str],
    source: str,
) -> dict[str, str]:
    """The map's entries by normalised header, each checked against the fields and headers."""
    present = {normalised(h) for h in headers}
    out: dict[str, str] = {}
    for given, field in mapping.items():
        if field != IGNORE and field not in fields:
            raise BadInput(
                f"{source}: the column map sends {given!r} to {field!r}, which is not a field; "
                f"fields: {', '.join(fields)}, or {IGNORE}"
            )
        key = normalised(given)
        if key not in present:
            raise BadInput(f"{source}: the column map names {given!r}, which no header is")
        if key in out:
            raise BadInput(f"{source}: header {given!r} is mapped twice")
        out[key] = field
    return out

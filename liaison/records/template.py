"""The downloadable .xlsx templates for imports: headers, an example row, drop-down lists, a 説明 sheet."""

from __future__ import annotations

import io
from datetime import date

import duckdb

from liaison import fiscal, records, store
from liaison.records import Reference, import_format, referral_import, talent
from liaison.records.stored import reference

CHOICES_SHEET = "選択肢"
GUIDE_SHEET = "説明"
LAST_ROW = 5000  # drop-downs reach this row


def _choices(kind: str, ref: Reference, departments: list[str] | None = None) -> dict[str, list]:
    """Drop-down values per internal column name (departments: those in use, for referrals)."""
    liaison_labels = [ref.liaison_label(liaison_id) for liaison_id in ref.liaisons]
    lists: dict[str, list] = {
        "municipality_code": [m.name_ja for m in ref.targets],
        "liaison_id": liaison_labels,
        "owner_liaison_id": liaison_labels,
        "field_id": list(ref.fields.values()),
        **{name: list(values) for name, values in import_format.ENUM_SOURCES.items()},
        "talent_support_wanted": [talent.YES, talent.NO],
        "is_active": [talent.YES, talent.NO],
        "department_id": list(departments or []),
    }
    for name, (low, high) in {
        "step": records.RANGES[("readiness_assessments", "step")],
        **{s: records.RANGES[("readiness_assessments", s)] for s in records.SCORE_COLUMNS},
    }.items():
        lists[name] = list(range(low, high + 1))
    return {c.name: lists[c.name] for c in import_format.COLUMNS[kind] if c.name in lists}


def _example(kind: str, ref: Reference, today: date) -> dict[str, object]:
    first = ref.targets[0].name_ja if ref.targets else ""
    liaison = ref.liaison_label(next(iter(ref.liaisons), None)) or ""
    examples = {
        "visits": {
            "source_key": "",
            "visited_on": today,
            "municipality_code": first,
            "department": records.DEPARTMENTS[0],
            "purpose": records.PURPOSES[0],
            "liaison_id": liaison,
        },
        "consultations": {
            "source_key": "",
            "received_on": today,
            "municipality_code": first,
            "field_id": next(iter(ref.fields.values()), ""),
            "channel": records.CHANNELS[0],
            "title": "（例）DX推進計画の策定手順について",
            "status": records.STATUSES[0],
            "owner_liaison_id": liaison,
        },
        "liaisons": {  # issue 11: the roster
            "name_ja": "（例）兵庫 太郎",
            "section": "デジタル戦略課",
            "assignments": "地域:但馬",
            "active_from": today,
        },
        # issue 11: engagements, pushes and follow-ups (liaison.records.relation_import)
        "engagements": {
            "held_on": today,
            "kind": records.ENUMS[("engagements", "kind")][0],
            "title": "（例）首長とのDX対話",
            "participants": "、".join(
                f"{m.name_ja}:{level}" for m, level in zip(ref.targets[:2], ("首長", "幹部"), strict=False)
            ),
            "liaisons": liaison,
        },
        "pushes": {
            "pushed_on": today,
            "field_id": next(iter(ref.fields.values()), ""),
            "title": "（例）生成AI利用ガイドラインのひな形（情報提供）",
            "recipients": "すべて",
        },
        "followups": {
            "engagement_id": "（例）E-0123456789abcdef0123",
            "promised_by": "（例）県デジタル戦略課",
            "due_on": today,
        },
        "departments": {
            "name_ja": "（例）情報政策課",
            "section": "企画部",
            "is_active": talent.YES,
        },  # issue 11
        "referrals": {
            "consultation_id": "（例）相談記録の出力の管理番号",
            "department_id": "（例）情報政策課",
            "referred_on": today,
            "request": "（例）制度面の確認と市町への助言をお願いします",
            "outcome": records.ENUMS[("referrals", "outcome")][0],
        },
        "readiness": {
            "municipality_code": first,
            "fiscal_year": fiscal.fiscal_year_of(today),
            "assessed_on": today,
            "step": 1,
            **{score: 3 for score in records.SCORE_COLUMNS},
        },
    }[kind]
    examples[import_format.NOTE_COLUMN[kind]] = import_format.EXAMPLE_NOTE
    return examples


def build(kind: str, ref: Reference, today: date, departments: list[str] | None = None) -> bytes:
    """The template workbook for one import kind, as .xlsx bytes (departments: the referrals' drop-down)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind not in import_format.KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    columns = import_format.COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = import_format.SHEET_NAMES[kind]
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    bold = Font(bold=True)
    example = _example(kind, ref, today)
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        cell = sheet.cell(row=1, column=position, value=column.header(kind))
        cell.font = bold
        if column.required:
            cell.fill = required_fill
        value = example.get(column.name)
        target = sheet.cell(row=2, column=position, value=None if value == "" else value)
        target.font = Font(italic=True, color="808080")
        if isinstance(value, date):
            target.number_format = "yyyy-mm-dd"
        width = 30 if column.parse == "text" else 16
        sheet.column_dimensions[letter].width = max(width, len(column.header(kind)) * 2 + 4)
        if column.parse == "date":
            for row in range(3, 200):
                sheet.cell(row=row, column=position).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    # drop-down lists read from the 選択肢 sheet (list literals are limited to 255 characters)
    lists = workbook.create_sheet(CHOICES_SHEET)
    choices = _choices(kind, ref, departments)
    choices = {name: values for name, values in choices.items() if values}  # a store without liaisons
    for list_position, (name, values) in enumerate(choices.items(), start=1):
        column = next(c for c in columns if c.name == name)
        list_letter = get_column_letter(list_position)
        lists.cell(row=1, column=list_position, value=column.header(kind)).font = bold
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_position, value=value)
        lists.column_dimensions[list_letter].width = 24
        source = f"{quote_sheetname(CHOICES_SHEET)}!${list_letter}$2:${list_letter}${len(values) + 1}"
        # names where codes or ids are also accepted only warn; fixed lists stop a wrong value
        lenient = column.parse in ("municipality", "liaison", "field") or column.name == "department_id"
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=not column.required,
            errorStyle="warning" if lenient else "stop",
            showErrorMessage=True,
            errorTitle=column.header(kind),
            error="一覧にない値です" + ("（コード・IDも使えます）" if lenient else ""),
        )
        data_letter = get_column_letter(columns.index(column) + 1)
        validation.add(f"{data_letter}2:{data_letter}{LAST_ROW}")
        sheet.add_data_validation(validation)

    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append([f"{import_format.KIND_LABELS[kind]}の取込用テンプレート"])
    guide["A1"].font = Font(bold=True, size=14)
    note_header = next(c.header(kind) for c in columns if c.name == import_format.NOTE_COLUMN[kind])
    notes = [
        f"「{import_format.SHEET_NAMES[kind]}」シートの1行目が見出しです。見出しの名前は変えないでください（黄色は必須の列）。",
        f"2行目は記入例です（「{note_header}」が「{import_format.EXAMPLE_NOTE}」の行は取り込まれません）。",
        "日付は 2025-04-01、2025/4/1、R7.4.1、令和7年4月1日 のどれでも読めます。未来の日付は取り込めません。",
        "市町は市町名か団体コード（5桁・6桁）で。神戸市はDX推進リエゾンの対象外です。",
        "数式は使わず、値を入力してください。CSVで保存するときは「CSV UTF-8」か「CSV（コンマ区切り）」で。",
        f"1ファイル {import_format.MAX_BYTES // 1024 // 1024} MB・{import_format.MAX_ROWS:,} 行まで。"
        "取り込む前に、問題のある行をすべて一覧で確認できます。問題が1つでもあれば1行も書き込みません。",
    ]
    if kind == "followups":
        notes.append(
            "関わりの管理番号は、先に取り込んだ（または出力した）関わりの管理番号です。関わり・内容・約束した人・期限が同じ行は二度登録されません。"
        )
    elif kind == "departments":
        notes.append("部署名が登録済みの部署と同じ行は取り込まれません（登録済みの部署は変更しません）。")
    elif kind == "readiness":
        notes.append(
            "市町と年度の組が同じ行は、登録済みと同じ内容なら読み飛ばし、違えば問題として表示します（上書きしません）。"
        )
    else:
        notes.append(
            "管理番号が同じ行は二度登録されません。空欄なら内容から自動で決まります（同じ内容の行は二度登録されません）。"
        )
    for note in notes:
        guide.append([note])
    guide.append([])
    guide.append(["列", "必須", "書き方", "選べる値"])
    for cell in guide[guide.max_row]:
        cell.font = bold
    for column in columns:
        values = choices.get(column.name) or []
        shown = "、".join(str(v) for v in values[:12]) + (
            "…（選択肢シート）" if values and len(values) > 12 else ""
        )
        guide.append(
            [column.header(kind), "必須" if column.required else "", column.help, shown if values else ""]
        )
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 6
    guide.column_dimensions["C"].width = 60
    guide.column_dimensions["D"].width = 60
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(kind: str, con: duckdb.DuckDBPyConnection) -> bytes:
    """An .xlsx to fill in: Japanese headers, one example row (skipped on import), drop-down lists
    for municipalities, DX fields, liaisons and every enumeration, and a 説明 sheet."""
    cursor = con.cursor()
    try:
        today = store.as_of(store.read_meta(cursor))
    finally:
        cursor.close()
    departments = referral_import.department_choices(con) if kind == "referrals" else None
    return build(kind, reference(con), today, departments)

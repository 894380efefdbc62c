"""Mapping a file's own headers (last year's Excel) to the import format's columns; no store, no Streamlit.

`suggest` proposes, for each of the file's columns, one of ours or none, by name similarity: headers
are compared after NFKC, without spaces or required marks, lower-cased, against our header and its
synonyms (日付/訪問日, 市町村名/市町, 担当課/部署, 内容/概要 …); exact synonyms win, then difflib's ratio.
One of ours is never given to two file columns. `apply` turns a mapped file into our format: mapped
columns take our header, the others are left out and named (never silently dropped). A mapping is
remembered per kind and header row (`HeaderMap.key`, liaison.records.column_maps).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass

from liaison.records import Problem
from liaison.records.import_format import COLUMNS, HEADER_ALIASES
from liaison.records.matching import canonical, column_letter, match_headers

CUTOFF = 0.6  # below this similarity a file column is suggested as 取り込まない
SKIP_LABEL = "取り込まない"

# Names other offices' sheets use for our columns, by internal column name (any kind).
_COMMON = {
    "source_key": ("管理番号", "番号", "no", "no.", "通し番号", "整理番号", "id"),
    "municipality_code": (
        "市町",
        "市町村名",
        "市町名",
        "市町村",
        "自治体",
        "自治体名",
        "団体名",
        "団体コード",
    ),
}
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "visits": {
        **_COMMON,
        "visited_on": ("訪問日", "日付", "年月日", "訪問年月日", "実施日", "訪問日時", "日時"),
        "department": ("訪問先部署", "担当課", "部署", "訪問先", "担当部署", "所属", "課名", "訪問先課"),
        "purpose": ("目的", "訪問目的", "用件", "訪問の目的", "種別", "区分"),
        "topic_field_id": ("分野", "dx分野", "テーマ", "支援分野"),
        "liaison_id": ("リエゾン", "訪問者", "担当者", "担当リエゾン", "対応者", "訪問リエゾン"),
        "summary": ("概要", "内容", "件名", "訪問内容", "概要・内容", "メモ", "備考", "記録"),
    },
    "consultations": {
        **_COMMON,
        "received_on": ("受付日", "日付", "相談日", "受付年月日", "年月日", "受理日"),
        "field_id": ("分野", "dx分野", "テーマ", "相談分野"),
        "channel": ("受付方法", "方法", "経路", "受付経路", "手段", "相談方法"),
        "title": ("件名", "表題", "相談件名", "タイトル", "題名", "概要"),
        "detail": ("内容", "相談内容", "詳細", "内容詳細", "備考"),
        "status": ("状況", "状態", "ステータス", "進捗", "対応状況"),
        "owner_liaison_id": ("担当リエゾン", "担当者", "担当", "対応者", "リエゾン"),
        "closed_on": ("完了日", "終了日", "対応完了日", "橋渡し日", "完了年月日"),
    },
    "readiness": {
        **_COMMON,
        "fiscal_year": ("年度", "実施年度", "対象年度"),
        "assessed_on": ("実施日", "日付", "ヒアリング日", "聞き取り日", "年月日"),
        "step": ("ステップ", "段階", "手順書ステップ"),
        "note": ("備考", "メモ", "コメント", "特記事項"),
        "talent_support_wanted": ("人材支援の希望", "デジタル人材の希望", "支援の希望", "人材支援"),
        "talent_support_kinds": ("支援の種類", "希望する支援", "人材支援の種類", "希望内容"),
    },
    # issue 11: engagements, pushes and follow-ups (liaison.records.relation_import)
    "engagements": {
        "source_key": _COMMON["source_key"],
        "held_on": ("開催日", "実施日", "日付", "年月日", "開催年月日"),
        "kind": ("種類", "種別", "区分", "会議の種類"),
        "title": ("名称", "件名", "会議名", "タイトル", "題名"),
        "participants": ("参加市町", "参加自治体", "出席市町", "参加者"),
        "liaisons": ("出席リエゾン", "出席者", "リエゾン", "同席者"),
        "note": ("メモ", "概要", "内容", "備考"),
    },
    "pushes": {
        "source_key": _COMMON["source_key"],
        "pushed_on": ("配信日", "日付", "送信日", "年月日"),
        "field_id": ("分野", "dx分野", "テーマ"),
        "title": ("件名", "表題", "タイトル", "題名"),
        "body": ("本文・リンク", "本文", "内容", "リンク", "url"),
        "recipients": ("配信先", "送信先", "宛先", "配信先市町"),
    },
    "followups": {
        "engagement_id": ("関わりの管理番号", "管理番号", "会議の管理番号"),
        "promise": ("フォローアップの内容", "内容", "約束", "約束したこと"),
        "promised_by": ("約束した人", "担当", "担当者"),
        "due_on": ("期限", "期日", "締切"),
        "done_on": ("対応済みの日", "対応日", "完了日"),
    },
    # issue 11: the roster (liaison.records.roster_import)
    "liaisons": {
        "liaison_id": ("id", "リエゾンid", "職員番号"),
        "name_ja": ("氏名", "名前", "リエゾン", "リエゾン名", "担当者"),
        "section": ("所属", "所属課", "課", "課名"),
        "assignments": ("担当", "担当地域", "担当分野", "担当圏域"),
        "contact": ("連絡先", "電話", "内線", "メール"),
        "active_from": ("着任日", "着任", "開始日", "就任日"),
        "active_to": ("退任日", "退任", "終了日"),
    },
    # issue 11: 関係部署 and 橋渡し (liaison.records.referral_import)
    "departments": {
        "name_ja": ("部署名", "部署", "課名", "所属課", "担当課", "関係部署"),
        "section": ("所属部局", "部局", "部局名", "部"),
        "contact": ("連絡先", "電話", "内線", "メール"),
        "is_active": ("利用中", "使用中", "有効"),
    },
    "referrals": {
        "source_key": _COMMON["source_key"],
        "consultation_id": ("相談の管理番号", "相談番号", "相談の番号", "相談管理番号"),
        "department_id": ("橋渡し先の部署", "橋渡し先", "関係部署", "部署", "部署名", "担当課"),
        "referred_on": ("橋渡し日", "依頼日", "日付", "年月日"),
        "request": ("依頼内容", "依頼", "内容"),
        "due_on": ("回答期限", "期限", "締切"),
        "outcome": ("結果", "状況", "対応状況"),
        "response": ("部署の回答・対応", "回答", "回答内容", "対応"),
        "responded_on": ("回答日", "回答年月日", "対応日"),
    },
}


def name_key(value: object) -> str:
    """A header as compared: NFKC, no spaces, no required/optional marks or brackets, lower case."""
    text = re.sub(r"\s+", "", canonical(value)).lower()
    text = re.sub(r"^[*※]|(\*|※|\(必須\)|\(任意\))$", "", text)
    return HEADER_ALIASES.get(text, text)


def file_headers(header: list[object]) -> tuple[str, ...]:
    """The file's header row as matched and remembered: NFKC, trimmed, trailing blank cells dropped."""
    cells = [canonical(cell) for cell in header]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def is_ours(kind: str, header: list[object]) -> bool:
    """True when the header row is the import format's own (nothing to map)."""
    return not match_headers(kind, header, "")[1]


def shown_header(headers: tuple[str, ...], position: int) -> str:
    """A file column as the user knows it: its header, or 「（C 列・見出しなし）」."""
    text = headers[position] if position < len(headers) else ""
    return text or f"（{column_letter(position)} 列・見出しなし）"


@dataclass(frozen=True)
class HeaderMap:
    """For each column of a file's header row, our column name or None (not imported)."""

    kind: str
    headers: tuple[str, ...]
    targets: tuple[str | None, ...]

    @property
    def key(self) -> str:
        """SHA-256 of the header row (in order): files with the same headers share a mapping."""
        return header_key(self.headers)

    def ours(self, name: str | None) -> str:
        """Our Japanese header of an internal column name, or 取り込まない."""
        return SKIP_LABEL if name is None else our_header(self.kind, name)

    def unmapped(self) -> list[str]:
        """The file columns that are not imported (their headers as shown)."""
        return [shown_header(self.headers, at) for at, name in enumerate(self.targets) if name is None]

    def pairs(self) -> list[tuple[str, str]]:
        """(file column, our column or 取り込まない), in the file's order: the mapping as said to users."""
        return [(shown_header(self.headers, at), self.ours(name)) for at, name in enumerate(self.targets)]

    def problems(self, file_name: str | None = None) -> list[Problem]:
        """One of ours chosen twice, and required columns of ours that no file column maps to."""
        found: list[Problem] = []
        for name in dict.fromkeys(n for n in self.targets if n is not None):
            chosen = [shown_header(self.headers, at) for at, n in enumerate(self.targets) if n == name]
            if len(chosen) > 1:
                listed = "」「".join(chosen)
                reason = f"ファイルの列「{listed}」が同じ列に対応しています（1列だけにしてください）"
                found.append(Problem(reason, self.ours(name), 1, None, file_name))
        for column in COLUMNS[self.kind]:
            if column.required and column.name not in self.targets:
                reason = f"必須の列「{column.header(self.kind)}」にファイルのどの列も対応していません"
                found.append(Problem(reason, column.header(self.kind), 1, None, file_name))
        return found

    def to_json(self) -> str:
        return json.dumps(list(self.targets), ensure_ascii=False)

    def with_targets(self, targets: list[str | None]) -> HeaderMap:
        return HeaderMap(self.kind, self.headers, tuple(targets))


def header_key(headers: tuple[str, ...]) -> str:
    return hashlib.sha256(json.dumps(list(headers), ensure_ascii=False).encode("utf-8")).hexdigest()


def our_header(kind: str, name: str) -> str:
    return next(c.header(kind) for c in COLUMNS[kind] if c.name == name)


def _names(kind: str, name: str) -> set[str]:
    return {name_key(our_header(kind, name)), *(name_key(s) for s in SYNONYMS[kind].get(name, ()))}


def similarity(kind: str, header: str, name: str) -> float:
    """How alike a file header and one of our columns are (1.0: our header or a known synonym)."""
    key = name_key(header)
    if not key:
        return 0.0
    candidates = _names(kind, name)
    if key in candidates:
        return 1.0
    return max(difflib.SequenceMatcher(None, key, candidate).ratio() for candidate in candidates)


def suggest(kind: str, header: list[object]) -> HeaderMap:
    """For each file column the most similar of our columns (or None), each of ours given at most once.

    Pairs are taken best first: a 1.0 match (our header or a synonym) beats a partial one, and among
    equals the synonym listed first for our column wins, then the leftmost file column.
    """
    headers = file_headers(header)
    scored = []
    for at, text in enumerate(headers):
        for order, column in enumerate(COLUMNS[kind]):
            score = similarity(kind, text, column.name)
            if score >= CUTOFF:
                rank = _synonym_rank(kind, text, column.name)
                scored.append((-score, rank, at, order, column.name))
    targets: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for _, _, at, _, name in sorted(scored):
        if targets[at] is None and name not in taken:
            targets[at] = name
            taken.add(name)
    return HeaderMap(kind, headers, tuple(targets))


def _synonym_rank(kind: str, header: str, name: str) -> int:
    """Where the header stands in our column's list of names (0: our own header), 99 if not listed."""
    listed = [name_key(our_header(kind, name)), *(name_key(s) for s in SYNONYMS[kind].get(name, ()))]
    key = name_key(header)
    return listed.index(key) if key in listed else 99


def from_json(kind: str, header: list[object], mapping_json: str) -> HeaderMap | None:
    """A remembered mapping for this header row, or None when it no longer fits (names unknown)."""
    headers = file_headers(header)
    targets = json.loads(mapping_json)
    known = {c.name for c in COLUMNS[kind]}
    if len(targets) != len(headers) or any(t is not None and t not in known for t in targets):
        return None
    return HeaderMap(kind, headers, tuple(targets))


def parse_pairs(kind: str, header: list[object], text: str) -> HeaderMap:
    """A mapping from `日付=訪問日,市町村名=市町` (file header = our header, or =取り込まない).

    File columns not named keep our own header if they have one, else are not imported. Raises
    ValueError (Japanese) for a file header the file does not have or a column we do not have.
    """
    headers = file_headers(header)
    by_ours = {name_key(c.header(kind)): c.name for c in COLUMNS[kind]}
    by_ours.update({c.name: c.name for c in COLUMNS[kind]})
    targets: list[str | None] = [by_ours.get(name_key(h)) for h in headers]
    for pair in filter(None, (p.strip() for p in re.split(r"[,、，]", text))):
        if "=" not in pair:
            raise ValueError(f"「{pair}」は「ファイルの見出し=取り込みの見出し」の形ではありません")
        theirs, ours = (part.strip() for part in pair.split("=", 1))
        positions = [at for at, h in enumerate(headers) if name_key(h) == name_key(theirs)]
        if not positions:
            raise ValueError(f"ファイルに見出し「{theirs}」の列がありません（見出し: {'、'.join(headers)}）")
        if name_key(ours) in ("", name_key(SKIP_LABEL)):
            target = None
        elif name_key(ours) in by_ours or ours in by_ours:
            target = by_ours.get(name_key(ours), by_ours.get(ours))
        else:
            allowed = "、".join(c.header(kind) for c in COLUMNS[kind])
            raise ValueError(f"「{ours}」は取り込みの見出しではありません（使える見出し: {allowed}）")
        for at in positions:
            targets[at] = target
    return HeaderMap(kind, headers, tuple(targets))


def apply(mapping: HeaderMap, header: list[object], matrix, formulas, file_name: str | None = None):
    """(header, matrix, formulas, warnings) of the file as our format: mapped columns only, our headers.

    The warnings name each column left out, and a column past the header row that holds data. Formula
    cells keep their row; their column follows.
    """
    kept = [at for at, name in enumerate(mapping.targets) if name is not None]
    new_header = [mapping.ours(mapping.targets[at]) for at in kept]
    new_matrix = [[row[at] if at < len(row) else None for at in kept] for row in matrix]
    moved = {old: new for new, old in enumerate(kept)}
    new_formulas = [(row, moved[at], text) for row, at, text in formulas if at in moved]
    reason = f"「{SKIP_LABEL}」を選んだ列です（この列の値は登録されません）"
    warnings = [Problem(reason, name, 1, None, file_name) for name in mapping.unmapped()]
    width = max((len(row) for row in matrix), default=0)
    for at in range(len(mapping.headers), width):
        if any(at < len(row) and canonical(row[at]) for row in matrix):
            reason = "見出しのない列にデータがあります（取り込みません）"
            warnings.append(Problem(reason, f"{column_letter(at)} 列", 1, None, file_name))
    return new_header, new_matrix, new_formulas, warnings

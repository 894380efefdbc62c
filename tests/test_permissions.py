"""The write API enforces the role × action rules (liaison.access.rules), whatever a page shows.

One row of MATRIX is one action on a record of a known reach; its columns say, for each role, whether
the write API lets it through. A forbidden call raises access.PermissionDenied and leaves every record
table and the audit log exactly as they were (a fingerprint of every row); an allowed one succeeds.
The people are tests/roles.py's (the demo roster's first 地域 liaison of 淡路, the first 分野 liaison of
AI・RPA, the first department); municipalities and records are read from, or made in, the demo store.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from liaison import access, accounts, demo, store
from liaison.records import corrections, referrals, roster, writes
from liaison.records.commit import commit
from liaison.records.preview import preview
from tests import roles
from tests.import_corpus import GOOD, csv_bytes, table

TODAY = demo.AS_OF
OPERATOR = "テスト担当"  # a plain name: the command-line operator (管理者), who prepares the records
ROLES = roles.ROLES  # 閲覧, 地域リエゾン, 分野リエゾン, 関係部署, 管理者
Y, N = True, False

# Every table a write may change, fingerprinted whole (constant statements: no SQL built from a name).
FINGERPRINTS = {
    "visits": "select count(*), coalesce(sum(hash(t)), 0) from visits as t",
    "consultations": "select count(*), coalesce(sum(hash(t)), 0) from consultations as t",
    "support_actions": "select count(*), coalesce(sum(hash(t)), 0) from support_actions as t",
    "readiness_assessments": "select count(*), coalesce(sum(hash(t)), 0) from readiness_assessments as t",
    "engagements": "select count(*), coalesce(sum(hash(t)), 0) from engagements as t",
    "engagement_participants": "select count(*), coalesce(sum(hash(t)), 0) from engagement_participants as t",
    "engagement_liaisons": "select count(*), coalesce(sum(hash(t)), 0) from engagement_liaisons as t",
    "engagement_followups": "select count(*), coalesce(sum(hash(t)), 0) from engagement_followups as t",
    "chat_pushes": "select count(*), coalesce(sum(hash(t)), 0) from chat_pushes as t",
    "chat_push_recipients": "select count(*), coalesce(sum(hash(t)), 0) from chat_push_recipients as t",
    "departments": "select count(*), coalesce(sum(hash(t)), 0) from departments as t",
    "referrals": "select count(*), coalesce(sum(hash(t)), 0) from referrals as t",
    "liaisons": "select count(*), coalesce(sum(hash(t)), 0) from liaisons as t",
    "liaison_assignments": "select count(*), coalesce(sum(hash(t)), 0) from liaison_assignments as t",
    "voided_records": "select count(*), coalesce(sum(hash(t)), 0) from voided_records as t",
    "import_column_maps": "select count(*), coalesce(sum(hash(t)), 0) from import_column_maps as t",
    "accounts": "select count(*), coalesce(sum(hash(t)), 0) from accounts as t",
}
AUDIT_ROWS = "select count(*) from audit_log"


def fingerprint(con) -> dict[str, tuple]:
    found = {name: con.execute(sql).fetchone() for name, sql in FINGERPRINTS.items()}
    return found | {"audit_log": con.execute(AUDIT_ROWS).fetchone()}


# --------------------------------------------------------------------------- the store and the people


@dataclass(frozen=True)
class Places:
    """Real numbers of the demo store, read from it: the test people's reach and what lies outside it."""

    region: str  # the 地域 liaison's 圏域
    inside: str  # a liaison-target municipality in it
    inside_2: str  # another one in it
    outside: str  # a liaison-target municipality of another 圏域
    field: str  # the 分野 liaison's DX field
    other_field: str  # a field that is not theirs
    field_liaison: str  # the 分野 liaison's roster id
    other_liaison: str  # a 地域 liaison of the outside municipality's 圏域
    department: int  # the 関係部署 person's department
    other_department: int  # another department in use


@pytest.fixture(scope="module")
def world(tmp_path_factory, store_template):
    """A writable copy of the demo store shared by the matrix (every case prepares its own records)."""
    import shutil

    path = tmp_path_factory.mktemp("permissions") / "writable.duckdb"
    shutil.copyfile(store_template, path)
    con = store.connect(path)
    people = roles.principals(con)
    regional, field_person, department = people["地域リエゾン"], people["分野リエゾン"], people["関係部署"]
    (region,) = regional.region_ids
    (field,) = field_person.field_ids
    inside, inside_2 = [
        code
        for (code,) in con.execute(
            "select code from municipalities where region_id = $region and is_liaison_target order by code",
            {"region": region},
        ).fetchall()
    ][:2]
    outside, outside_region = con.execute(
        "select code, region_id from municipalities"
        " where region_id <> $region and is_liaison_target order by code limit 1",
        {"region": region},
    ).fetchone()
    other_liaison = con.execute(
        "select min(liaison_id) from liaison_roles where kind = '地域' and region_id = $region",
        {"region": outside_region},
    ).fetchone()[0]
    other_field = con.execute(
        "select min(field_id) from dx_fields where field_id <> $field", {"field": field}
    ).fetchone()[0]
    other_department = con.execute(
        "select min(department_id) from departments where is_active and department_id <> $id",
        {"id": department.department_id},
    ).fetchone()[0]
    places = Places(
        region,
        inside,
        inside_2,
        outside,
        field,
        other_field,
        field_person.liaison_id,
        other_liaison,
        department.department_id,
        int(other_department),
    )
    yield con, people, places
    con.close()


def test_the_places_are_what_the_demo_store_says(world):
    """The matrix's numbers: 淡路 (洲本市, 南あわじ市) against 姫路市, AI・RPA, 情報政策課 and 市町振興課."""
    _, people, places = world
    assert (places.region, places.inside, places.inside_2) == ("awaji", "282057", "282243")
    assert (places.outside, places.other_liaison) == ("282014", "R-naka_harima-1")
    assert (places.field, places.field_liaison, places.other_field) == ("ai_rpa", "F-ai_rpa", "awareness")
    assert (places.department, places.other_department) == (1, 2)
    assert people["閲覧"].liaison_id is None and people["管理者"].role == "管理者"


# --------------------------------------------------------------------------- records the operator prepares

_serial = itertools.count(1)


def _unique(text: str) -> str:
    return f"{text}（権限テスト {next(_serial)}）"


def new_consultation(con, code: str, field: str, owner: str | None = None) -> int:
    return writes.add_consultation(
        con,
        OPERATOR,
        today=TODAY,
        received_on=date(2025, 10, 1),
        municipality_code=code,
        field_id=field,
        channel="電話",
        title=_unique("相談"),
        owner_liaison_id=owner,
        allow_duplicate=True,
    )


def new_visit(con, code: str, liaison: str) -> int:
    return writes.add_visit(con, OPERATOR, today=TODAY, allow_duplicate=True, **visit_values(code, liaison))


def new_followup(con, codes: list[str]) -> int:
    engagement_id = writes.record_engagement(
        con,
        OPERATOR,
        today=TODAY,
        held_on=date(2025, 10, 1),
        kind="首長対話",
        title=_unique("首長対話"),
        participants=dict.fromkeys(codes, "首長"),
        followups=[{"promise": "資料を送る", "promised_by": "県デジタル戦略課", "due_on": None}],
        allow_duplicate=True,
    )
    return con.execute(
        "select followup_id from engagement_followups where engagement_id = $id", {"id": engagement_id}
    ).fetchone()[0]


def new_referral(con, consultation_id: int, department: int) -> int:
    return referrals.add_referral(
        con,
        OPERATOR,
        today=TODAY,
        consultation_id=consultation_id,
        department=department,
        referred_on=date(2025, 10, 2),
        request=_unique("依頼"),
    )


def visit_values(code: str, liaison: str, topic: str | None = None) -> dict:
    return {
        "visited_on": date(2025, 11, 1),
        "municipality_code": code,
        "liaison_id": liaison,
        "department": "自治体DX担当",
        "purpose": "個別支援" if topic else "定期巡回",
        "topic_field_id": topic,
        "summary": _unique("巡回"),
    }


# --------------------------------------------------------------------------- the actions
# Each action is (prepare, act): prepare(con, places) makes what the act needs as the operator (outside
# the fingerprint), act(con, who, places, prepared) is the one write API call the role makes.


def _none(con, places):
    return None


def add_visit(code_of, liaison_of, topic_of=lambda places: None):
    def act(con, who, places, _):
        values = visit_values(code_of(places), liaison_of(places), topic_of(places))
        writes.add_visit(con, who, today=TODAY, allow_duplicate=True, **values)

    return _none, act


def add_consultation(code_of, field_of, owner_of=lambda places: None):
    def act(con, who, places, _):
        writes.add_consultation(
            con,
            who,
            today=TODAY,
            received_on=date(2025, 11, 1),
            municipality_code=code_of(places),
            field_id=field_of(places),
            channel="メール",
            title=_unique("新しい相談"),
            owner_liaison_id=owner_of(places),
            allow_duplicate=True,
        )

    return _none, act


def on_consultation(code_of, field_of, act_on):
    """An action on a fresh consultation (of municipality and field given by the places)."""
    return (lambda con, places: new_consultation(con, code_of(places), field_of(places))), act_on


def change_status(con, who, places, consultation_id):
    writes.change_status(con, who, today=TODAY, consultation_id=consultation_id, status="対応中")


def add_support_action(con, who, places, consultation_id):
    writes.add_support_action(
        con,
        who,
        today=TODAY,
        consultation_id=consultation_id,
        acted_on=date(2025, 11, 2),
        support_type="事例紹介",
        note=_unique("対応"),
    )


def add_referral(con, who, places, consultation_id):
    referrals.add_referral(
        con,
        who,
        today=TODAY,
        consultation_id=consultation_id,
        department=places.department,
        referred_on=date(2025, 11, 2),
        request=_unique("依頼"),
    )


def record_hearing(code_of):
    scores = dict.fromkeys(
        ("score_vision", "score_top_commitment", "score_structure", "score_staff_mindset"), 3
    )
    scores |= dict.fromkeys(("score_talent_profile", "score_talent_policy", "score_progress"), 2)
    scores["score_issue_awareness"] = 4

    def act(con, who, places, _):
        writes.record_hearing(
            con,
            who,
            today=TODAY,
            municipality_code=code_of(places),
            fiscal_year=2025,
            assessed_on=date(2025, 8, 20),
            step=2,
            scores=scores,
            note=_unique("ヒアリング"),
            replace=True,  # the demo store holds this 年度's hearing: an allowed call overwrites it
        )

    return _none, act


def record_engagement(codes_of, liaisons_of=lambda places: []):
    def act(con, who, places, _):
        writes.record_engagement(
            con,
            who,
            today=TODAY,
            held_on=date(2025, 11, 1),
            kind="首長対話",
            title=_unique("首長対話"),
            participants=dict.fromkeys(codes_of(places), "首長"),
            liaisons=liaisons_of(places),
            allow_duplicate=True,
        )

    return _none, act


def record_push(field_of, recipients_of):
    def act(con, who, places, _):
        writes.record_push(
            con,
            who,
            today=TODAY,
            pushed_on=date(2025, 11, 1),
            field_id=field_of(places),
            title=_unique("配信"),
            recipients=recipients_of(places),
            allow_duplicate=True,
        )

    return _none, act


def complete_followup(codes_of):
    def act(con, who, places, followup_id):
        writes.complete_followup(con, who, today=TODAY, followup_id=followup_id, done_on=date(2025, 11, 2))

    return (lambda con, places: new_followup(con, codes_of(places))), act


def edit_visit(from_of, to_of):
    """Move a fresh visit (by another liaison) from one municipality to another."""

    def act(con, who, places, visit_id):
        corrections.edit_record(
            con, who, "visits", visit_id, {"municipality_code": to_of(places)}, today=TODAY
        )

    return (lambda con, places: new_visit(con, from_of(places), places.other_liaison)), act


def edit_consultation_field(code_of, from_of, to_of):
    def act(con, who, places, consultation_id):
        corrections.edit_record(
            con, who, "consultations", consultation_id, {"field_id": to_of(places)}, today=TODAY
        )

    return (lambda con, places: new_consultation(con, code_of(places), from_of(places))), act


def void_visit():
    def act(con, who, places, visit_id):
        corrections.void_record(con, who, "visits", visit_id, "重複して登録したため")

    return (lambda con, places: new_visit(con, places.inside, places.other_liaison)), act


def restore_visit():
    def prepare(con, places):
        visit_id = new_visit(con, places.inside, places.other_liaison)
        corrections.void_record(con, OPERATOR, "visits", visit_id, "誤って取り消し")
        return visit_id

    def act(con, who, places, visit_id):
        corrections.restore_record(con, who, "visits", visit_id)

    return prepare, act


def record_response(code_of, department_of):
    """The answer to a fresh referral (of a consultation at `code_of`) addressed to `department_of`."""

    def prepare(con, places):
        return new_referral(
            con, new_consultation(con, code_of(places), places.other_field), department_of(places)
        )

    def act(con, who, places, referral_id):
        referrals.record_response(
            con,
            who,
            today=TODAY,
            referral_id=referral_id,
            outcome="回答あり",
            responded_on=date(2025, 11, 3),
            response=_unique("回答"),
        )

    return prepare, act


def edit_referral(code_of):
    def prepare(con, places):
        return new_referral(
            con, new_consultation(con, code_of(places), places.other_field), places.department
        )

    def act(con, who, places, referral_id):
        referrals.edit_referral(con, who, today=TODAY, referral_id=referral_id, request=_unique("依頼の訂正"))

    return prepare, act


def add_person():
    def act(con, who, places, _):
        roster.add_person(
            con,
            who,
            today=TODAY,
            name=_unique("新任"),
            section="デジタル戦略課",
            assignments=[("地域", places.region, None)],
            allow_duplicate=True,
        )

    return _none, act


def edit_person():
    def prepare(con, places):
        return roster.add_person(
            con, OPERATOR, today=TODAY, name=_unique("名簿"), section="デジタル改革課", allow_duplicate=True
        )

    def act(con, who, places, liaison_id):
        roster.edit_person(con, who, today=TODAY, liaison_id=liaison_id, contact=_unique("内線"))

    return prepare, act


def add_department():
    def act(con, who, places, _):
        referrals.add_department(con, who, today=TODAY, name_ja=_unique("新設課"))

    return _none, act


def edit_department():
    def act(con, who, places, _):
        referrals.edit_department(
            con, who, today=TODAY, department_id=places.department, contact=_unique("内線")
        )

    return _none, act


def import_visits():
    def prepare(con, places):
        good = list(GOOD["visits"])
        good[-1] = _unique("取り込み")
        return preview(con, "visits", "visits.csv", csv_bytes(table("visits", good)), today=TODAY)

    def act(con, who, places, prepared):
        assert commit(con, prepared, who) == 1

    return prepare, act


def create_account():
    def act(con, who, places, _):
        accounts.create_account(
            con,
            who,
            login_name=f"new{next(_serial)}",
            display_name="新しい閲覧者",
            role="閲覧",
            password=roles.PASSWORD,
        )

    return _none, act


def inside(places):
    return places.inside


def outside(places):
    return places.outside


def own_field(places):
    return places.field


def other_field(places):
    return places.other_field


# --------------------------------------------------------------------------- the matrix
#                                                                            閲覧 地域 分野 部署 管理者
MATRIX = {
    "巡回 add_visit: 圏域内": (add_visit(inside, lambda p: p.other_liaison), (N, Y, N, N, Y)),
    "巡回 add_visit: 圏域外": (add_visit(outside, lambda p: p.other_liaison, other_field), (N, N, N, N, Y)),
    "巡回 add_visit: 圏域外・自分の分野": (
        add_visit(outside, lambda p: p.other_liaison, own_field),
        (N, N, Y, N, Y),
    ),
    "巡回 add_visit: 圏域外・自分が訪問": (add_visit(outside, lambda p: p.field_liaison), (N, N, Y, N, Y)),
    "相談 add_consultation: 圏域内": (add_consultation(inside, other_field), (N, Y, N, N, Y)),
    "相談 add_consultation: 圏域外": (add_consultation(outside, other_field), (N, N, N, N, Y)),
    "相談 add_consultation: 自分の分野": (add_consultation(outside, own_field), (N, N, Y, N, Y)),
    "相談 add_consultation: 自分が担当": (
        add_consultation(outside, other_field, lambda p: p.field_liaison),
        (N, N, Y, N, Y),
    ),
    "状況 change_status: 圏域内": (on_consultation(inside, other_field, change_status), (N, Y, N, N, Y)),
    "状況 change_status: 圏域外": (on_consultation(outside, other_field, change_status), (N, N, N, N, Y)),
    "状況 change_status: 自分の分野": (on_consultation(outside, own_field, change_status), (N, N, Y, N, Y)),
    "対応 add_support_action: 圏域内": (
        on_consultation(inside, other_field, add_support_action),
        (N, Y, N, N, Y),
    ),
    "対応 add_support_action: 自分の分野": (
        on_consultation(outside, own_field, add_support_action),
        (N, N, Y, N, Y),
    ),
    "対応 add_support_action: 圏域外・他分野": (
        on_consultation(outside, other_field, add_support_action),
        (N, N, N, N, Y),
    ),
    "ヒアリング record_hearing: 圏域内": (record_hearing(inside), (N, Y, N, N, Y)),
    "ヒアリング record_hearing: 圏域外": (record_hearing(outside), (N, N, N, N, Y)),
    "トップ層 record_engagement: 全市町が圏域内": (
        record_engagement(lambda p: [p.inside, p.inside_2]),
        (N, Y, N, N, Y),
    ),
    "トップ層 record_engagement: 一市町が圏域外": (
        record_engagement(lambda p: [p.inside, p.outside]),
        (N, N, N, N, Y),
    ),
    "トップ層 record_engagement: 自分が同席": (
        record_engagement(lambda p: [p.outside], lambda p: [p.field_liaison]),
        (N, N, Y, N, Y),
    ),
    "配信 record_push: 自分の分野・圏域内の市町": (
        record_push(own_field, lambda p: [p.inside]),
        (N, Y, Y, N, Y),
    ),
    "配信 record_push: 他分野・自分の圏域": (record_push(other_field, lambda p: p.region), (N, Y, N, N, Y)),
    "配信 record_push: 自分の分野・全市町": (record_push(own_field, lambda p: "all"), (N, N, Y, N, Y)),
    "配信 record_push: 他分野・全市町": (record_push(other_field, lambda p: "all"), (N, N, N, N, Y)),
    "フォローアップ complete_followup: 圏域内": (complete_followup(lambda p: [p.inside]), (N, Y, N, N, Y)),
    "フォローアップ complete_followup: 圏域外": (complete_followup(lambda p: [p.outside]), (N, N, N, N, Y)),
    "修正 edit_record: 圏域内で移す": (edit_visit(inside, lambda p: p.inside_2), (N, Y, N, N, Y)),
    "修正 edit_record: 圏域外へ移す": (edit_visit(inside, outside), (N, N, N, N, Y)),
    "修正 edit_record: 圏域外から移す": (edit_visit(outside, inside), (N, N, N, N, Y)),
    "修正 edit_record: 他分野の相談を自分の分野へ": (
        edit_consultation_field(outside, other_field, own_field),
        (N, N, N, N, Y),
    ),
    "修正 edit_record: 自分の分野の相談を他分野へ": (
        edit_consultation_field(outside, own_field, other_field),
        (N, N, N, N, Y),
    ),
    "取り消し void_record": (void_visit(), (N, N, N, N, Y)),
    "復元 restore_record": (restore_visit(), (N, N, N, N, Y)),
    "橋渡し add_referral: 圏域内": (on_consultation(inside, other_field, add_referral), (N, Y, N, N, Y)),
    "橋渡し add_referral: 圏域外": (on_consultation(outside, other_field, add_referral), (N, N, N, N, Y)),
    "橋渡し edit_referral: 圏域内": (edit_referral(inside), (N, Y, N, N, Y)),
    "回答 record_response: 自部署あて": (record_response(outside, lambda p: p.department), (N, N, N, Y, Y)),
    "回答 record_response: 他部署あて": (
        record_response(outside, lambda p: p.other_department),
        (N, N, N, N, Y),
    ),
    "回答 record_response: 圏域内の相談・他部署あて": (
        record_response(inside, lambda p: p.other_department),
        (N, Y, N, N, Y),
    ),
    "名簿 add_person": (add_person(), (N, N, N, N, Y)),
    "名簿 edit_person": (edit_person(), (N, N, N, N, Y)),
    "関係部署 add_department": (add_department(), (N, N, N, N, Y)),
    "関係部署 edit_department": (edit_department(), (N, N, N, N, Y)),
    "取り込み commit": (import_visits(), (N, N, N, N, Y)),
    "アカウント create_account": (create_account(), (N, N, N, N, Y)),
}
CASES = [
    pytest.param(action, role, allowed[position], id=f"{action}-{role}")
    for action, (_, allowed) in MATRIX.items()
    for position, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_role_by_action(world, action, role, allowed):
    con, people, places = world
    (prepare, act), _ = MATRIX[action]
    prepared = prepare(con, places)
    before = fingerprint(con)
    if allowed:
        act(con, people[role], places, prepared)
        assert fingerprint(con)["audit_log"][0] > before["audit_log"][0]  # written, and audited
    else:
        with pytest.raises(access.PermissionDenied) as denied:
            act(con, people[role], places, prepared)
        assert people[role].display_name in str(denied.value) and "権限がありません" in str(denied.value)
        assert fingerprint(con) == before  # nothing written anywhere


def test_the_viewer_may_write_nothing():
    """閲覧 has no column of Y in the matrix: executives read, never write."""
    assert not any(allowed[ROLES.index("閲覧")] for _, allowed in MATRIX.values())


def test_a_command_line_name_is_the_operator(world):
    """A plain string actor (command-line tools, existing callers) acts as 管理者, named as given."""
    con, _, places = world
    visit_id = new_visit(con, places.outside, places.other_liaison)
    actor = con.execute(
        "select actor from audit_log where table_name = 'visits' and record_key = $key",
        {"key": str(visit_id)},
    ).fetchone()[0]
    assert actor == OPERATOR


def test_the_audit_row_names_the_principal(world):
    con, people, places = world
    regional = people["地域リエゾン"]
    visit_id = writes.add_visit(
        con, regional, today=TODAY, allow_duplicate=True, **visit_values(places.inside, places.other_liaison)
    )
    actor = con.execute(
        "select actor from audit_log where table_name = 'visits' and record_key = $key",
        {"key": str(visit_id)},
    ).fetchone()[0]
    assert actor == "地域リエゾン テスト（regional）"

"""対話の組み立て: groups and their ranking by hand on the brief store (tests/brief_fixtures.py), 2025-11-30.

Members (open fields, step, relationship level): 小野市 {genai, frontyard} 1 0; 三木市 {} 2 0; 加西市 {talent,
genai} 3 1; 加東市 {} — 0; 多可町 {security} 2 1; 相生市 {} 1 0; 赤穂市 {} 1 0 (both 西播磨, bordering).
  相生市+赤穂市            fields 0, steps 0.2×1, relation 0.2×1, place 0.2          → 0.60 (rank 1)
  三木市+小野市+加西市      genai shared → 0.4×1/3 = 0.13; steps 1–3 → 0.2×(1−2/3) = 0.07;
                            relation (1+1+0.5)/3 → 0.17; place 0.2                     → 0.57 (rank 2)
  +加東市 (no hearing)      0.13; steps 0.2×(1/3)×3/4 = 0.05; relation 0.875×0.2 = 0.175 → 0.18; 0.2 → 0.56 (rank 3)
  三木市+多可町 and 三木市+小野市+加西市+多可町 tie at 0.55: the larger group first.
"""

from __future__ import annotations

import pytest
from brief_fixtures import AS_OF, fill
from planner_fixtures import AIOI, AKO, KASAI, KATO, MIKI, ONO, TAKA

from liaison import dialogue, geography, store


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("dialogue") / "small.duckdb", fill)
    connection = store.connect(path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def people(small):
    return dialogue.members(dialogue.load_frames(small, 2025, AS_OF), "ja")


def test_neighbours_from_the_boundaries():
    near = geography.neighbours()
    assert near[ONO] == {"282103", MIKI, KASAI, KATO}  # 加古川市, 三木市, 加西市, 加東市
    assert near["282260"] == {"282057"}  # 淡路市 borders 洲本市 only
    assert all(code in near[other] for code, others in near.items() for other in others)  # symmetric


def test_ranking_by_hand(people):
    ranked = dialogue.score_groups(people, geography.neighbours(), limit=5)
    assert list(ranked["codes"]) == [
        tuple(sorted((AIOI, AKO))),
        tuple(sorted((MIKI, ONO, KASAI))),
        tuple(sorted((MIKI, ONO, KASAI, KATO))),
        tuple(sorted((MIKI, ONO, KASAI, TAKA))),
        tuple(sorted((MIKI, TAKA))),
    ]
    assert list(ranked["score"]) == [0.60, 0.57, 0.56, 0.55, 0.55]
    second = ranked.iloc[1]
    assert (second["part_fields"], second["part_steps"], second["part_relation"], second["part_place"]) == (
        0.13,
        0.07,
        0.17,
        0.2,
    )


def test_groups_are_connected_and_sized(people):
    ranked = dialogue.score_groups(people, geography.neighbours(), sizes=(1, 2, 3, 4), limit=None)
    assert set(ranked["size"]) == {1, 2, 3, 4} and len(ranked["codes"]) == len(set(ranked["codes"]))
    assert (ranked["size"] == 1).sum() == 40  # every liaison target alone
    assert "281000" not in {code for codes in ranked["codes"] for code in codes}  # 神戸市 is outside
    near = geography.neighbours()
    region = {code: member.region_id for code, member in people.items()}
    for codes in ranked.loc[ranked["size"] == 2, "codes"]:
        a, b = codes
        assert b in near[a] or region[a] == region[b]


def test_within_a_region(people):
    codes = {code for code, member in people.items() if member.region_id == "nishi_harima"}
    ranked = dialogue.score_groups(people, geography.neighbours(), within=codes, limit=None)
    assert all(set(group) & codes for group in ranked["codes"])


def test_reasons_and_agenda(small, people):
    frames = dialogue.load_frames(small, 2025, AS_OF)
    names = dialogue.field_names(frames.open_fields, "ja")
    group = [people[c] for c in sorted((MIKI, ONO, KASAI))]
    assert dialogue.reasons(group, names, "ja") == [
        "共通の未完了分野: 生成AI（2）",
        "ステップ1〜3",
        "接触なし 2、幹部に接触 1",
        "同じ圏域（北播磨）",
    ]
    agenda = dialogue.agenda(group, names, "ja")
    assert (
        agenda[0]
        == "各市町の現在地: 三木市（ステップ2・3.00）、小野市（ステップ1・2.00）、加西市（ステップ3・4.00）"
    )
    assert agenda[1] == "生成AIの取組と課題の共有（未完了の相談 2 件）"
    assert agenda[2] == "ヒアリングで共通して弱い「目指す姿」（平均 3.00）の底上げ"
    assert agenda[-1] == "次の一歩: 首長対話の提案"


def test_open_fields_sum_to_the_open_figure(small):
    frames = dialogue.load_frames(small, 2025, AS_OF)
    per_code = frames.open_fields.groupby("code")["open_consultations"].sum()
    metrics = frames.metrics.set_index("code")
    for code, open_count in per_code.items():
        assert open_count == metrics.loc[code, "open_consultations"]
    assert per_code.sum() == metrics.loc[metrics["is_liaison_target"], "open_consultations"].sum()


def test_the_caption_states_the_weights_in_use():
    from liaison.i18n import t

    for lang in ("ja", "en"):
        caption = t("dialogue_caption", lang)
        assert [f"{weight:.2f}" in caption for weight in dialogue.WEIGHTS.values()] == [True] * 4
        assert f"{sum(dialogue.WEIGHTS.values()):.2f}" in caption


def test_members_read_as_the_map_and_the_profile(con, as_of):
    """Each member's step and readiness are the map's figures for that municipality, as the pages write them."""
    from liaison import figures
    from liaison.queries import run_query

    metrics = run_query("municipality_metrics", con=con, fiscal_year=2025, as_of=as_of).set_index("code")
    people = dialogue.members(dialogue.load_frames(con, 2025, as_of), "ja")
    assert len(people) == 40
    for code, member in people.items():
        row = metrics.loc[code]
        assert member.readiness == figures.get("readiness_latest").text(row["readiness_index"], "ja"), code
        assert member.step == figures.get("step_latest").value(row["step"]), code

"""The README's 「役割と権限」 table is the one liaison.access.matrix makes from the rules (docs cannot drift)."""

from __future__ import annotations

from liaison import paths
from liaison.access import matrix, rules

START, END = "<!-- roles-matrix:start -->\n", "<!-- roles-matrix:end -->"


def test_readme_holds_exactly_the_generated_table():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1
    shown = readme.split(START, 1)[1].split(END, 1)[0]
    assert shown == matrix.markdown_table(), (
        "run `python -m liaison.access.matrix` and paste it into README.md"
    )


def test_every_kind_and_permission_has_a_row():
    assert set(matrix.RECORD_KINDS) == set(matrix.record_kinds())
    assert set(matrix.PERMISSION_SUBJECTS) == set(rules.PERMISSIONS)
    lines = matrix.markdown_table().splitlines()
    assert len(lines) == 2 + len(matrix.record_kinds()) + len(rules.PERMISSIONS)
    assert lines[0] == "| 対象 | 操作 | 閲覧 | 地域リエゾン | 分野リエゾン | 関係部署 | 管理者 |"


def test_the_table_says_what_the_rules_say():
    rows = {tuple(line.split(" | ")[:2]): line for line in matrix.markdown_table().splitlines()[2:]}
    hearing = rows[("| ヒアリング（DX推進状況）", "登録・上書き・修正")]
    assert hearing == "| ヒアリング（DX推進状況） | 登録・上書き・修正 | — | 担当圏域の市町のみ | — | — | ○ |"
    response = rows[("| 橋渡しへの回答", "回答の記録")]
    assert response.endswith("| 自部署あてのみ | ○ |")
    void = rows[("| すべての記録", "記録を取り消し")]
    assert void == "| すべての記録 | 記録を取り消し | — | — | — | — | ○ |"

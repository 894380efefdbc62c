"""History sentences of engagements, pushes and follow-ups: children listed by name, as visits read today."""

from __future__ import annotations

from datetime import date

from liaison import demo, store
from liaison.records import audit_view, transactions, writes

TODAY = demo.AS_OF
ACTOR = "山田 太郎"


def test_an_engagement_and_its_followup_read_as_sentences(writable_store):
    con = store.connect(writable_store)
    try:
        liaison_id, liaison_name = con.execute(
            "select liaison_id, name_ja from liaisons where is_active order by liaison_id limit 1"
        ).fetchone()
        engagement_id = writes.record_engagement(
            con,
            ACTOR,
            today=TODAY,
            held_on=date(2025, 11, 1),
            kind="首長対話",
            title="首長とのDX対話（臨時）",
            participants={"姫路市": "首長"},
            liaisons=[liaison_id],
            followups=[{"promise": "事例集を送る", "promised_by": "県", "due_on": date(2025, 11, 30)}],
        )
        names = {
            "liaisons": {liaison_id: liaison_name},
            "municipalities": {"282014": "姫路市"},
            "fields": {},
        }
        history = transactions.history(con, "engagements", str(engagement_id))
        said = audit_view.readable(history, "ja", names, "engagements").iloc[0, 0]
        assert "トップ層との関わり" in said
        assert "参加市町: 姫路市（首長）" in said
        assert f"出席リエゾン: {liaison_name}" in said
        assert "フォローアップ: 「事例集を送る」（県、期限 2025-11-30）" in said
        english = audit_view.readable(history, "en", names, "engagements").iloc[0, 0]
        assert "Participating municipalities: 姫路市 (" in english
        followup_id = con.execute(
            "select followup_id from engagement_followups where engagement_id = $id", {"id": engagement_id}
        ).fetchone()[0]
        writes.complete_followup(con, ACTOR, today=TODAY, followup_id=followup_id, done_on=date(2025, 11, 20))
        history = transactions.history(con, "engagement_followups", str(followup_id))
        said = audit_view.readable(history, "ja", names, "engagement_followups").iloc[0, 0]
        assert "対応済みの日 を （なし） から 2025-11-20 に" in said
    finally:
        con.close()

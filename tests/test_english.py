"""English finished: the language lives in the URL, widgets relabel on the switch, forms and the profile
read English, problems and dates are said once per language."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from liaison import access, consultations, demo, fiscal, paths, records, store
from liaison.i18n import Bilingual, reason_of, term
from liaison.records import Problem, problems_frame, writes
from liaison.records.labels import LABELS
from liaison.records.preview import preview
from liaison.records.schema_lists import ENUMS
from liaison.texts.forms import FIELD_EN
from liaison.texts.vocabulary import VOCABULARY
from tests import import_corpus as corpus

APP = str(paths.ROOT / "app.py")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")  # kana, kanji, full-width forms
WIDGETS = ("selectbox", "multiselect", "radio", "text_input", "text_area", "date_input", "number_input",
           "toggle", "checkbox", "button", "slider", "select_slider")  # fmt: skip


def japanese(texts) -> list[str]:
    return [text for text in texts if JAPANESE.search(str(text))]


def widget_labels(at: AppTest, keys_from: str = "") -> list[str]:
    """Labels of every widget (whose key contains `keys_from`), metrics and table headers."""
    found = []
    for kind in WIDGETS:
        for widget in at.get(kind):
            if widget.key == "sidebar_lang" or keys_from not in str(widget.key or ""):
                continue
            found.append(widget.label)
            if kind == "date_input" or not hasattr(widget, "options"):
                continue
            if not re.search(r"_(liaison|owner)$", str(widget.key)):  # people's names stay as written
                found.extend(widget.options)
    if not keys_from:
        found += [m.label for m in at.metric]
        found += [str(c) for frame in at.dataframe for c in frame.value.columns]
    return found


def open_app(page: str | None = None, lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang != "ja":
        at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        if lang != "ja":
            at.query_params["lang"] = lang
        at.run()
    assert not at.exception
    return at


# --------------------------------------------------------------------------- the vocabulary, once


def test_every_schema_value_has_its_english():
    for (table, column), values in ENUMS.items():
        if (table, column) == ("audit_log", "action"):
            continue  # never shown as such
        english = VOCABULARY[(table, column)]
        assert set(values) == set(english), (table, column)
        assert not japanese(english.values()) or (table, column) == ("municipalities", "kind")


def test_the_consultations_page_uses_the_same_english():
    """liaison/consultations.py keeps its own STATUS_EN / SUPPORT_EN until it imports the vocabulary."""
    assert consultations.STATUS_EN == VOCABULARY[("consultations", "status")]
    assert consultations.SUPPORT_EN == VOCABULARY[("support_actions", "support_type")]


def test_every_field_has_an_english_name():
    assert {t: set(c) for t, c in FIELD_EN.items()} == {t: set(c) for t, c in LABELS.items()}
    assert not japanese(name for columns in FIELD_EN.values() for name in columns.values())


def test_term():
    assert term("municipalities", "kind", "町", "en") == "Town"
    assert term("municipalities", "kind", "町", "ja") == "町"
    assert term("consultations", "status", None, "en") == "—"
    assert term("consultations", "status", float("nan"), "ja") == "—"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 11, 30), "2026-11-30"),
        (pd.Timestamp("2019-05-01"), "2019-05-01"),
        (None, "—"),
        (pd.NaT, "—"),
    ],
)
def test_one_date_format_per_language(day, shown):
    """One format on screen in both languages, text and tables alike (ISO); 和暦 is for the 年度."""
    assert fiscal.date_label(day, "ja") == fiscal.date_label(day, "en") == fiscal.date_label(day) == shown


# --------------------------------------------------------------------------- problems


def test_problem_message_in_english():
    problem = Problem(records.REQUIRED, "件名", 3, None, "x.csv")
    assert problem.message() == "ファイル x.csv の 3 行目「件名」: 必須の項目が空欄です"
    assert problem.message("en") == "File x.csv, row 3, “件名” (Title) is required but empty"
    with pytest.raises(ValueError) as raised:
        fiscal.parse_date("2025/13/1")
    bad = Problem(reason_of(raised.value), "受付日", None, "2025/13/1")
    assert bad.message("en") == "“Received on”: value “2025/13/1” is not a real date (2025-13-01)"


def test_problems_frame_never_shows_none():
    problems = [Problem(records.REQUIRED, None, 2, None, "f.csv"), Problem("理由", "列", None, None, None)]
    for lang in ("ja", "en"):
        frame = problems_frame(problems, lang)
        assert "None" not in frame.astype(str).replace("<NA>", "").to_string()
    assert list(problems_frame(problems, "en").columns) == ["File", "Row", "Column", "Value", "Reason"]
    assert problems_frame(problems, "en").loc[0, "Reason"] == "is required but empty"


@pytest.fixture
def db(writable_store):
    con = store.connect(writable_store)
    yield con
    con.close()


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda case: case.name)
def test_every_import_problem_has_its_english(db, case):
    result = preview(db, case.kind, case.file_name, case.build(), today=corpus_today())
    for problem in [*result.problems, *result.warnings]:
        assert isinstance(problem.reason, Bilingual), problem.reason
        message = problem.message("en")
        assert "None" not in message and "nan" not in message.split()
        assert not JAPANESE.search(outside_quotes(problem.reason.en)), problem.reason.en


def outside_quotes(text: str) -> str:
    """English text without what it quotes from the file or the store (“訪問”) and the date examples."""
    return re.sub(r"“[^”]*”|令和7年4月1日|令和7年度", "", text)


def corpus_today() -> date:
    return demo.AS_OF


def test_form_problems_in_english(db):
    def problems(**fields) -> list[str]:
        with pytest.raises(records.ValidationError) as raised:
            writes.add_consultation(
                db,
                "テスト担当",
                today=corpus_today(),
                **{"municipality_code": "282014", "field_id": "genai", "channel": "電話", **fields},
            )
        return [problem.message("en") for problem in raised.value.problems]

    messages = problems(received_on=date(2030, 1, 1), title="", status="受付")
    assert "“Title” is required but empty" in messages, messages
    assert any(m.startswith("“Received on”: value “2030-01-01” is in the future") for m in messages), messages
    messages += problems(received_on=date(2025, 6, 1), title="x", status="完了")
    assert any(m.startswith("“Closed on” is needed when the status is “Done”") for m in messages), messages
    assert not [m for m in messages if JAPANESE.search(outside_quotes(m))], messages


# --------------------------------------------------------------------------- the app in English


def test_lang_in_the_url_renders_english(app_env):
    at = open_app()
    assert at.title[0].value == "Hyogo DX Liaison Dashboard"
    assert at.radio(key="sidebar_lang").value == "en"
    assert at.query_params["lang"] == "en"
    assert japanese(widget_labels(at)) == []


def test_switching_language_relabels_every_widget_and_keeps_the_choices(app_env):
    at = open_app(lang="ja")
    assert "lang" not in at.query_params
    at.selectbox(key="sidebar_fiscal_year").select(2024).run()
    at.selectbox(key="sidebar_region").select("tajima").run()
    at.selectbox(key="map_metric").select("step").run()
    at.radio(key="sidebar_lang").set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    year, region, metric = (
        at.selectbox(key=k) for k in ("sidebar_fiscal_year", "sidebar_region", "map_metric")
    )
    assert (year.value, region.value, metric.value) == (2024, "tajima", "step")
    assert year.proto.raw_value == "FY2024"  # sent with the English label on this same rerun
    assert region.proto.raw_value == "Tajima"
    assert (
        japanese([year.label, region.label, metric.label, *year.options, *region.options, *metric.options])
        == []
    )
    at.radio(key="sidebar_lang").set_value("ja").run()
    assert "lang" not in at.query_params
    assert at.selectbox(key="sidebar_fiscal_year").value == 2024
    assert at.selectbox(key="sidebar_fiscal_year").proto.raw_value == fiscal.fiscal_year_label(2024)


def test_language_survives_a_page_switch_without_the_query_string(app_env):
    at = open_app()
    at.query_params.clear()  # the sidebar's navigation links carry no query string
    at.switch_page("views/visits.py").run()
    assert at.radio(key="sidebar_lang").value == "en"
    assert at.query_params["lang"] == "en"  # written back, so a reload stays English


def test_profile_in_english(app_env):
    at = open_app("views/profile.py", code="282090")
    assert at.title[0].value == "Toyooka City"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Region"] == "Tajima"
    assert tiles["Kind"] == "City"
    assert tiles["Population (2020 Census)"] == "77,489"
    assert at.caption[0].value.startswith("Tajima　/　Fiscal year: FY")
    assert japanese(widget_labels(at)) == []
    for frame in at.dataframe:
        for column in frame.value.columns:
            if column in ("Received", "Date"):
                assert frame.value[column].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
            if column in ("Status", "Kind", "Level"):
                assert japanese(frame.value[column]) == [], column


def test_town_profile_in_english(app_env):
    at = open_app("views/profile.py", code="285862")  # 香美町
    assert {m.label: m.value for m in at.metric}["Kind"] == "Town"


def test_visit_form_in_english(app_env):
    at = open_app("views/visits.py")
    at.toggle(key="visits_form_open").set_value(True).run()
    labels = widget_labels(at, "visits_form")
    assert "Visit date" in labels and "Department visited" in labels and "Record the visit" in labels
    assert "Regular round" in at.selectbox(key="visits_form_purpose").options
    assert japanese(labels) == []
    liaisons = at.selectbox(key="visits_form_liaison").options
    assert all("(Regional, " in label or "(Field, " in label for label in liaisons), liaisons


def test_consultation_forms_in_english(app_env):
    at = open_app("views/consultations.py", id="651")
    at.toggle(key="consultations_new_open").set_value(True).run()
    at.toggle(key="consultations_update_open").set_value(True).run()
    assert not at.exception
    for form in ("consultations_new_form", "consultations_status_form", "consultations_support_form"):
        labels = widget_labels(at, form)
        assert labels, form
        assert japanese(labels) == [], form
    assert "Done" in at.selectbox(key="consultations_status_form_status").options


def test_form_problem_shown_in_english(app_env_writable):
    at = open_app("views/consultations.py")
    at.toggle(key="consultations_new_open").set_value(True).run()
    at.button(key="FormSubmitter:consultations_new_form-Register the consultation").click().run()
    errors = [e.value for e in at.error]
    assert errors and all("Title" in e or "title" in e.lower() for e in errors), errors
    assert japanese(errors) == [], errors


PAGES = {
    "views/map.py": {},
    "views/profile.py": {"code": "282014"},
    "views/region.py": {"region": "tajima"},
    "views/consultations.py": {},
    "views/visits.py": {},
    "views/planner.py": {},
    "views/readiness.py": {},
    "views/relations.py": {},
    "views/seminar.py": {},
    "views/admin.py": {},
    "views/brief.py": {"code": "282189"},
    # views/digest.py: its department picker lists the departments as stored (they have Japanese names only)
    "views/dialogue.py": {},
    "views/talent.py": {},
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_english_has_english_labels_and_headings(app_env, page):
    """Widget labels and options, metrics, table headers, titles, headings and captions: no Japanese."""
    at = open_app(page, **PAGES[page])
    actor = access.demo_visitor().display_name  # a person's name, shown as written
    headings = [
        e.value.replace(actor, "")
        for kind in ("title", "header", "subheader", "caption")
        for e in at.get(kind)
    ]
    assert japanese(widget_labels(at)) == []
    assert japanese(headings) == []

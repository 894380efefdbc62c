"""The brief as one A4 page: escaped HTML, printed by headless Chromium, one page with nothing cut off."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pandas as pd
import pytest
from brief_fixtures import build, fill
from planner_fixtures import NISHIWAKI, ONO

from liaison import brief, brief_pdf, localserver, store

needs_chromium = pytest.mark.skipif(
    not localserver.CHROMIUM.exists() or shutil.which("pdfinfo") is None,
    reason="needs Chromium and poppler-utils (apt-get install -y chromium fonts-noto-cjk poppler-utils)",
)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = store.build_with(tmp_path_factory.mktemp("brief_pdf") / "small.duckdb", fill)
    connection = store.connect(path)
    yield connection
    connection.close()


def pdf_facts(pdf: bytes, tmp_path) -> tuple[str, str]:
    target = tmp_path / "brief.pdf"
    target.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    return info, text


def crowded(made: brief.Brief) -> brief.Brief:
    """A brief with every table over its limit and every text long: the worst a page must hold."""
    long = "<script>alert(1)</script>" + "長い件名" * 40

    def many(frame: pd.DataFrame, rows: int) -> pd.DataFrame:
        filled = pd.concat([frame.head(1)] * rows, ignore_index=True) if len(frame) else frame
        for column in filled.columns:
            if filled[column].dtype == object or str(filled[column].dtype).startswith("str"):
                filled[column] = long
        return filled

    point = brief.TalkingPoint(1, "規則1 ステップに合った話題", long, long)
    return dataclasses.replace(
        made,
        open_cases=many(made.open_cases, 40),
        visits=many(made.visits, 3),
        weakest=many(made.weakest, 3),
        referrals=many(made.referrals, 20),
        peers=many(made.peers, 10),
        points=[point, point, point],
        talent_support=long,
    )


def test_html_escapes_store_text(small):
    page = brief_pdf.to_html(build(small, NISHIWAKI))
    assert "&lt;b&gt;窓口&lt;/b&gt;の課題を聞き取り" in page and "<b>窓口" not in page
    assert "<script>alert" not in brief_pdf.to_html(crowded(build(small, ONO)))


@needs_chromium
def test_pdf_is_one_a4_page_in_japanese(small, tmp_path):
    pdf = brief_pdf.to_pdf(brief_pdf.to_html(build(small, ONO)))
    info, text = pdf_facts(pdf, tmp_path)
    assert "Pages:           1" in info and "(A4)" in info
    assert "訪問前ブリーフィング" in text and "小野市" in text and "規則1 ステップに合った話題" in text
    assert brief_pdf.END_MARK[0] in text  # the last line printed: nothing cut off


@needs_chromium
def test_a_crowded_brief_still_fits_one_page(small, tmp_path):
    pdf = brief_pdf.to_pdf(brief_pdf.to_html(crowded(build(small, ONO))))
    info, text = pdf_facts(pdf, tmp_path)
    assert "Pages:           1" in info
    assert brief_pdf.END_MARK[0] in text
    assert "ほか 32 件" in text  # 40 open consultations, 8 listed

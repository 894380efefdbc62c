"""データ管理: import Excel/CSV (preview, then all-or-nothing commit), export in the import format, backup/restore."""

import hashlib

import streamlit as st

from dashboard import auth, shell
from dashboard.panels import column_map, downloads, forms, referral_forms
from dashboard.panels import corrections as corrections_panel
from dashboard.readers import admin, reference
from liaison import access, records, safe_text
from liaison.fiscal import fiscal_year_label
from liaison.i18n import t
from liaison.records import header_map, import_format

context = shell.current()
lang = context.lang
who = auth.principal()  # downloads are built outside this run: each is asked for as this person
KIND_LABELS = {kind: t(f"admin_kind_{kind}", lang) for kind in import_format.KINDS}

st.title(t("page_data_admin", lang))
st.caption(f"{t('admin_actor', lang)}: {auth.current_user()}")

# --- import ---
st.header(t("admin_import", lang))
url_kind = st.query_params.get("kind")
shell.seed("admin_kind", url_kind if url_kind in KIND_LABELS else import_format.KINDS[0])
kind = st.radio(
    t("admin_kind", lang), list(KIND_LABELS), format_func=KIND_LABELS.get, horizontal=True, key="admin_kind"
)
shell.save("admin_kind")
st.query_params["kind"] = kind  # a link can open the page on one kind of records
st.download_button(
    t("admin_template", lang),
    data=lambda kind=kind: admin.template_xlsx(kind, who),
    file_name=f"template_{kind}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="admin_template_download",
    on_click="ignore",
)
upload = st.file_uploader(
    t("admin_upload", lang),
    type=["xlsx", "csv"],
    key=f"admin_upload_{kind}",
    max_upload_size=import_format.MAX_BYTES // 2**20,  # MB; the importer re-checks and explains
)
done = st.session_state.pop("admin_import_done", None)
if done:
    st.success(done)
if upload is not None:
    payload = upload.getvalue()
    header = admin.file_header(kind, upload.name, payload)
    mapping = None
    if header is not None and not header_map.is_ours(kind, header):  # the file's own format: map it
        remembered = admin.remembered_map(kind, header_map.file_headers(header))
        start = remembered.mapping if remembered else header_map.suggest(kind, header)
        digest = hashlib.sha256(payload).hexdigest()[:12]
        mapping = column_map.mapping_step(start, remembered, f"admin_map_{kind}_{digest}", lang)
    preview = admin.import_preview(kind, upload.name, payload, context.as_of, mapping)
    if preview.warnings:
        with st.expander(t("admin_warnings", lang)):
            st.dataframe(
                records.problems_frame(preview.warnings, lang),
                hide_index=True,
                width="stretch",
                placeholder="—",
            )
    if preview.problems:
        st.error(t("admin_problems", lang).format(n=len(preview.problems)))
        st.dataframe(
            records.problems_frame(preview.problems, lang),
            hide_index=True,
            width="stretch",
            placeholder="—",
            key="admin_problems_table",
        )
    elif preview.new_rows == 0:
        st.info(t("admin_nothing_new", lang).format(present=preview.already_present))
    else:
        st.success(t("admin_ready", lang).format(new=preview.new_rows, present=preview.already_present))
        st.caption(t("admin_preview_rows", lang))
        shown = admin.preview_rows(preview).head(20)  # the file's own (Japanese) headers, glossed in English
        shown = shown.rename(columns=lambda header: records.header_in(header, lang))
        st.dataframe(shown, hide_index=True, width="stretch", key="admin_preview_table")
        digest = preview.sha256[:12]
        if st.button(t("admin_commit", lang), type="primary", key=f"admin_commit_{digest}"):
            try:
                inserted = admin.commit_import(preview, auth.principal())
            except access.PermissionDenied as denied:  # only 管理者 imports; nothing was written
                st.error(safe_text.markdown(str(denied)))
            else:
                st.session_state["admin_import_done"] = t("admin_committed", lang).format(
                    n=inserted, file=safe_text.markdown(upload.name)
                )
                # A fresh uploader key empties the widget, so the same file is not offered again by mistake.
                st.session_state.pop(f"admin_upload_{kind}", None)
                st.rerun()

# --- export ---
st.header(t("admin_export", lang))
st.caption(t("admin_export_note", lang))
export_cols = st.columns([2, 2, 1])
export_kind = export_cols[0].selectbox(
    t("admin_kind", lang), list(KIND_LABELS), format_func=KIND_LABELS.get, key="admin_export_kind"
)
years = sorted(reference.fiscal_years(), reverse=True)
export_year = export_cols[1].selectbox(
    t("fiscal_year", lang),
    years,
    index=years.index(context.fiscal_year) if context.fiscal_year in years else 0,
    format_func=lambda y: fiscal_year_label(y, lang),
    key="admin_export_year",
)
export_frame = admin.export_records(export_kind, export_year, context.region_id)
stem = f"{export_kind}_{export_year}" + (f"_{context.region_id}" if context.region_id else "")
export_cols[2].metric(t("admin_rows", lang), f"{len(export_frame):,}")
downloads.export_buttons(export_frame, stem, "admin_export", lang, folded=False)

# --- 関係部署 (migration 009): the departments a consultation is referred to ---
referral_forms.departments_section(lang)

# --- voided records (取り消した記録) and 復元 ---
st.header(t("corrections_voided_title", lang))
forms.show_flash("admin_voided")
corrections_panel.voided_records(lang)

# --- backup and restore ---
st.header(t("admin_backup", lang))
st.download_button(
    t("admin_backup_download", lang),
    data=lambda: admin.backup_archive(who),
    file_name=f"liaison_backup_{context.as_of.isoformat()}.zip",
    mime="application/zip",
    key="admin_backup_download",
    on_click="ignore",
)
st.caption(t("admin_restore_note", lang))
archive = st.file_uploader(t("admin_restore_upload", lang), type=["zip"], key="admin_restore_upload")
confirmed = st.checkbox(t("admin_restore_confirm", lang), key="admin_restore_confirm")
if st.button(t("admin_restore", lang), disabled=archive is None or not confirmed, key="admin_restore_button"):
    try:
        report = admin.restore_archive(archive.getvalue(), who)
    except Exception as error:  # the restore refused: the store was not replaced
        st.error(safe_text.markdown(str(error)))  # may quote the file's own text
    else:
        st.success(
            t("admin_restored", lang).format(tables=len(report.tables), rows=sum(report.tables.values()))
        )
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()

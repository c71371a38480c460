"""The library page: the documents briefbot can cite; add files or a link; remove documents.

Everything goes through the API's documents routes (:mod:`ui.uploads`): an upload or a link
is an ingest job whose progress the page shows; an upload whose name is taken is refused
until "Reemplazar · Replace existing" is ticked.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from bot.errors import BotError
from bot.remote import Job
from bot.strings import language_label, source_type_label
from ingest.errors import IngestError
from ingest.types import DocumentRow
from ui import shared
from ui.uploads import (
    OnProgress,
    Outcome,
    ingest_uploads,
    ingest_url,
    remove_documents,
    upload_types,
)

COLUMNS = {
    "title": st.column_config.TextColumn("Título", help="Title", width=330),
    "language": st.column_config.TextColumn("Idioma", help="Language", width=75),
    "type": st.column_config.TextColumn("Tipo", help="Source type", width=80),
    "date": st.column_config.TextColumn("Fecha", help="Published", width=95),
    "source": st.column_config.TextColumn("Fuente", help="Publisher", width=170),
    "chunks": st.column_config.NumberColumn("Fragm.", help="Chunks (fragmentos)", width=70),
}
ROW_PX = 35


def rows(docs: list[DocumentRow]) -> list[dict[str, Any]]:
    """Table rows for documents (the columns of :data:`COLUMNS`)."""
    return [
        {
            "title": d.title or d.doc_id,
            "language": language_label(d.language),
            "type": source_type_label(d.source_type, "es"),
            "date": d.published or "—",
            "source": d.source or d.url or "—",
            "chunks": d.chunks,
        }
        for d in docs
    ]


def show_outcome(outcome: Outcome) -> None:
    """An action's result: counts, then each skipped source with its reason."""
    if outcome.error:
        st.error(outcome.error, icon=":material/error:")
    if outcome.conflict:
        st.info(
            "Marque «Reemplazar» y vuelva a indexar · Tick «Replace existing» and ingest again",
            icon=":material/find_replace:",
        )
    if outcome.message:
        st.success(outcome.message, icon=":material/check_circle:")
    report = outcome.report
    if report is None:
        return
    counts = (
        f"Añadidos · added **{report.added}** · actualizados · updated **{report.updated}**"
        f" · sin cambios · unchanged **{report.unchanged}**"
        f" · omitidos · skipped **{len(report.skipped)}**"
    )
    changed = report.added or report.updated
    (st.success if changed else st.info)(
        f"{counts} — {report.chunks} fragmentos en el índice · chunks in the index "
        f"({report.seconds:.1f} s)",
        icon=":material/library_add_check:" if changed else ":material/info:",
    )
    for item in report.skipped:
        name = outcome.display_name(item["path"])
        st.error(
            f"No se pudo leer · Could not read **{name}**: {item['reason']}",
            icon=":material/block:",
        )
    for item in report.warnings:
        st.warning(f"**{outcome.display_name(item['path'])}**: {item['message']}")


def progress(text: str) -> OnProgress:
    """A progress bar that follows an ingest job: sources read of the total."""
    bar = st.progress(0.0, text=text)

    def show(job: Job) -> None:
        done, total = job.progress.done, job.progress.total
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{text} {done}/{total}")

    return show


def finish(outcome: Outcome) -> None:
    """Keep the outcome for the next run and rerun, so the table shows the change; files
    refused for a taken name stay in the uploader, to be sent again with replace."""
    st.session_state.library_outcome = outcome
    st.session_state.upload_conflict = outcome.conflict
    if not outcome.conflict:
        st.session_state.library_round = st.session_state.get("library_round", 0) + 1
    st.rerun()


def add_section() -> None:
    """Upload files or give a link."""
    st.subheader("Añadir · Add", anchor=False)
    files = st.file_uploader(
        "Archivos · Files",
        type=upload_types(),
        accept_multiple_files=True,
        key=f"uploads_{st.session_state.get('library_round', 0)}",
        help=(
            "Se guardan en el servidor y se indexan como uploads/<nombre>; un nombre ya "
            "usado se reemplaza solo si lo pide · Kept on the server and indexed as "
            "uploads/<name>; a name already in use is replaced only if you ask"
        ),
    )
    replace = st.session_state.get("upload_conflict") and st.checkbox(
        "Reemplazar · Replace existing", key="replace_uploads"
    )
    if st.button(
        "Indexar archivos · Ingest files", icon=":material/upload_file:", disabled=not files
    ):
        outcome = ingest_uploads(
            shared.client(),
            [(f.name, f.getvalue()) for f in files or []],
            replace=bool(replace),
            on_progress=progress("Indexando… / Ingesting…"),
        )
        finish(outcome)
    with st.form("url_form", clear_on_submit=True, border=False):
        url = st.text_input("Enlace · Link", placeholder="https://…")
        if st.form_submit_button("Indexar enlace · Ingest link", icon=":material/link:"):
            outcome = ingest_url(
                shared.client(), url, progress("Descargando e indexando… / Fetching and ingesting…")
            )
            finish(outcome)


def remove_section(docs: list[DocumentRow], selected: list[int]) -> None:
    """Remove the documents selected in the table."""
    chosen = [docs[i] for i in selected if i < len(docs)]
    st.subheader("Eliminar · Remove", anchor=False)
    if not chosen:
        st.caption("Seleccione filas en la tabla · Select rows in the table")
        return
    st.markdown("\n".join(f"- {d.title or d.doc_id}" for d in chosen))
    if st.button(
        f"Eliminar {len(chosen)} · Remove {len(chosen)}",
        icon=":material/delete:",
        type="primary",
    ):
        with st.spinner("Eliminando… / Removing…"):
            outcome = remove_documents(shared.client(), chosen)
        finish(outcome)


def main() -> None:
    """The library page."""
    st.title("Biblioteca · Library", anchor=False)
    try:
        docs = shared.documents()
    except (BotError, IngestError) as err:
        st.error(str(err), icon=":material/cloud_off:")
        st.stop()
    st.caption("Los documentos que briefbot puede citar · The documents briefbot can cite")
    with st.container(horizontal=True, gap="small"):
        shared.size_badges(len(docs), sum(d.chunks for d in docs))
    outcome = st.session_state.pop("library_outcome", None)
    if outcome is not None:
        show_outcome(outcome)
    if docs:
        event = st.dataframe(
            rows(docs),
            column_config=COLUMNS,
            hide_index=True,
            height=min(ROW_PX * (len(docs) + 1) + 3, 640),
            on_select="rerun",
            selection_mode="multi-row",
            key=f"documents_{st.session_state.get('library_round', 0)}",
        )
        selected = list(event.selection.rows)
    else:
        st.info("El índice está vacío · The index is empty", icon=":material/inbox:")
        selected = []
    left, right = st.columns(2, gap="large")
    with left:
        add_section()
    with right:
        remove_section(docs, selected)


main()

"""BriefbotClient against the real app on a fake engine (in-process), and its failures."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

import bot.api.routes.brief
import bot.api.routes.digest
from bot.api import create_app
from bot.api.deps import get_engine_dep
from bot.api.local import app_client
from bot.brief import Brief
from bot.brief.digest import Digest
from bot.client import BriefbotClient
from bot.errors import RemoteError
from bot.filters import Filters
from bot.types import Answer, PassageOut
from ingest.errors import IngestError, StoreUnavailable
from ingest.types import IngestReport
from tests.bot.api.conftest import ANSWER, PASSAGE, PIECES, QUESTION, FakeEngine
from tests.bot.fake_documents import FakeLibrary, serve_library
from tests.conftest import make_settings
from tests.e2e.servers import free_port

KEY = "ui-admin-key"
FILTERS = Filters.build("2024-01-01", "2024-12-31", ["news"], ["es"], ["Quito"], ["seguridad"])


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def app(engine: FakeEngine, tmp_path: Path) -> FastAPI:
    """The real app over the fake engine, with one admin key."""
    app = create_app(make_settings(tmp_path / "data", api_keys=[KEY]))
    app.dependency_overrides[get_engine_dep] = lambda: engine
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[BriefbotClient]:
    with app_client(app, headers={"Authorization": f"Bearer {KEY}"}) as http:
        yield BriefbotClient(http)


def test_ask_sends_the_question_filters_and_conversation_and_parses_the_answer(
    client: BriefbotClient, engine: FakeEngine
) -> None:
    answer = client.ask(QUESTION, FILTERS, "conv-7")
    assert isinstance(answer, Answer)
    assert answer == ANSWER.model_copy(update={"question": QUESTION, "conversation_id": "conv-7"})
    [(kind, question, options)] = engine.calls
    assert (kind, question) == ("ask", QUESTION)
    assert options["filters"] == FILTERS and options["conversation_id"] == "conv-7"


def test_ask_without_filters_sends_none(client: BriefbotClient, engine: FakeEngine) -> None:
    client.ask(QUESTION)
    assert (
        engine.calls[0][2]["filters"] == Filters() and engine.calls[0][2]["conversation_id"] is None
    )


def test_stream_gives_the_pieces_then_the_answer(
    client: BriefbotClient, engine: FakeEngine
) -> None:
    items = list(client.stream(QUESTION, FILTERS, "conv-7"))
    assert items[:-1] == PIECES
    assert isinstance(items[-1], Answer) and items[-1].conversation_id == "conv-7"
    assert items[-1].citations == ANSWER.citations
    assert engine.calls[0][0] == "stream" and engine.calls[0][2]["filters"] == FILTERS


def test_an_error_event_mid_stream_is_a_remote_error(
    client: BriefbotClient, engine: FakeEngine
) -> None:
    engine.stream_error = StoreUnavailable("the index went away")
    items = client.stream(QUESTION)
    assert next(items) == PIECES[0]
    with pytest.raises(RemoteError, match="the index went away"):
        next(items)


def test_search_gives_passages(client: BriefbotClient, engine: FakeEngine) -> None:
    [passage] = client.search("conflicto armado", FILTERS, k=1)
    assert isinstance(passage, PassageOut)
    assert (passage.chunk_id, passage.text) == (PASSAGE.chunk_id, PASSAGE.text)
    assert engine.calls == [("search", "conflicto armado", {"k": 1, "filters": FILTERS})]


def test_brief_sends_its_options_and_parses_the_brief(
    client: BriefbotClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def fake_brief(engine: object, topic: str, **options: Any) -> Brief:
        calls.append({"topic": topic, **options})
        return Brief(topic=topic, language="en", lead="Lead.", since=options["since"])

    monkeypatch.setattr(bot.api.routes.brief, "build_brief", fake_brief)
    brief = client.brief("extortion", since="2024", language="en", source_types=["news"])
    assert brief == Brief(topic="extortion", language="en", lead="Lead.", since="2024")
    assert calls == [
        {
            "topic": "extortion",
            "since": "2024",
            "until": None,
            "language": "en",
            "source_types": ["news"],
            "places": [],
        }
    ]
    with pytest.raises(ValueError, match="cannot read the date 'ayer'"):
        client.brief("extortion", since="ayer")
    assert len(calls) == 1  # an unreadable date is not sent


def test_digest_takes_a_date_or_its_text(
    client: BriefbotClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[dt.date, str | None]] = []

    def fake_digest(engine: object, since: dt.date, topic: str | None) -> Digest:
        calls.append((since, topic))
        return Digest(since=since.isoformat(), topic=topic, documents=0)

    monkeypatch.setattr(bot.api.routes.digest, "build_digest", fake_digest)
    assert client.digest(dt.date(2024, 3, 1), "minería") == Digest(
        since="2024-03-01", topic="minería"
    )
    assert client.digest("2024-03-02").since == "2024-03-02"
    assert calls == [(dt.date(2024, 3, 1), "minería"), (dt.date(2024, 3, 2), None)]


def test_health(client: BriefbotClient) -> None:
    assert client.health() == {
        "status": "ok",
        "chunks": 42,
        "embedders": ["e5-small:384", "use-cmlm:768"],
    }


def test_without_the_key_every_call_is_a_401_with_the_server_s_detail(app: FastAPI) -> None:
    with app_client(app) as http:
        client = BriefbotClient(http)
        assert client.health()["status"] == "ok"  # /health is public
        with pytest.raises(RemoteError) as err:
            client.ask(QUESTION)
        assert err.value.status == 401
        assert err.value.detail == "an API key is required: Authorization: Bearer KEY"
        assert "401" in str(err.value) and "/v1/ask" in str(err.value)
        with pytest.raises(RemoteError) as streamed:
            list(client.stream(QUESTION))
        assert streamed.value.status == 401


def test_a_wrong_key_is_a_401(app: FastAPI) -> None:
    with (
        app_client(app, headers={"Authorization": "Bearer nope"}) as http,
        pytest.raises(RemoteError) as err,
    ):
        BriefbotClient(http).search("x")
    assert (err.value.status, err.value.detail) == (401, "the API key is not valid")


def test_connect_sends_the_key_as_a_bearer_token() -> None:
    client = BriefbotClient.connect("http://127.0.0.1:9/", api_key="k-1")
    assert client.url == "http://127.0.0.1:9"
    assert client.http.headers["Authorization"] == "Bearer k-1"
    assert "Authorization" not in BriefbotClient.connect("http://127.0.0.1:9").http.headers


def test_an_invalid_option_is_the_server_s_422_problems(client: BriefbotClient) -> None:
    with pytest.raises(RemoteError) as err:
        client.brief("extortion", language="fr")
    assert err.value.status == 422
    assert err.value.detail is not None and err.value.detail.startswith("language: Input should be")


def test_an_engine_error_keeps_its_status(client: BriefbotClient, engine: FakeEngine) -> None:
    engine.error = StoreUnavailable("Chroma is down")
    with pytest.raises(RemoteError) as err:
        client.ask(QUESTION)
    assert (err.value.status, err.value.detail) == (503, "Chroma is down")


def test_an_unreachable_server_names_its_url() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    client = BriefbotClient.connect(url)
    for call in (lambda: client.ask(QUESTION), lambda: list(client.stream(QUESTION))):
        with pytest.raises(RemoteError, match=f"cannot reach the briefbot API at {url}") as err:
            call()
        assert err.value.status is None


@pytest.fixture
def library(app: FastAPI, tmp_path: Path) -> FakeLibrary:
    """The real documents routes over a fake library of three documents."""
    return serve_library(app, tmp_path / "data", ("a.md", "peru/b.md", "uploads/c.md"))


def test_documents_pages_and_every_document(client: BriefbotClient, library: FakeLibrary) -> None:
    page = client.documents(limit=2)
    assert (page.total, page.offset, page.limit) == (3, 0, 2)
    assert [d.doc_id for d in page.documents] == ["a.md", "peru/b.md"]
    assert page.documents[0].topics == ("minería",)  # the project's DocumentRow
    assert client.documents(q="PERU").total == 1
    assert [d.doc_id for d in client.all_documents(page=2)] == ["a.md", "peru/b.md", "uploads/c.md"]


def test_a_document_with_slashes_its_passages_and_none(
    client: BriefbotClient, library: FakeLibrary
) -> None:
    doc = client.document("peru/b.md")
    assert doc is not None and doc == library.docs["peru/b.md"]
    assert client.document("nope.md") is None


def test_upload_then_wait_follows_the_job_to_its_report(
    client: BriefbotClient, library: FakeLibrary
) -> None:
    job = client.upload([("nota.md", b"# Nota\n"), ("vacio.md", b"")])
    assert job.status == "queued"
    seen: list[tuple[str, int, int]] = []
    done = client.wait(
        job.job_id, lambda j: seen.append((j.status, j.progress.done, j.progress.total)), poll=0.01
    )
    assert done.status == "done" and seen[-1] == ("done", 2, 2)
    assert len(set(seen)) == len(seen)  # each state once
    assert done.report is not None and done.report.added == 1
    assert done.report.skipped == [{"path": "vacio.md", "reason": "the file is empty"}]
    assert library.docs["uploads/nota.md"].path is not None
    assert Path(library.docs["uploads/nota.md"].path or "").read_bytes() == b"# Nota\n"


def test_a_taken_name_is_a_409_unless_replace(client: BriefbotClient, library: FakeLibrary) -> None:
    with pytest.raises(RemoteError) as err:
        client.upload([("c.md", b"otra")])
    assert err.value.status == 409
    assert err.value.detail == "already in the index: uploads/c.md; send replace=true to replace"
    job = client.wait(client.upload([("c.md", b"otra")], replace=True).job_id, poll=0.01)
    assert job.report is not None and job.report.added == 1


def test_a_link_is_a_job_and_its_failure_a_reason(
    client: BriefbotClient, library: FakeLibrary
) -> None:
    library.fail = IngestError("cannot fetch https://example.org/x: timed out")
    job = client.wait(client.add_url("https://example.org/x").job_id, poll=0.01)
    assert (job.status, job.error) == ("failed", "cannot fetch https://example.org/x: timed out")
    assert library.added == [(["https://example.org/x"], {})]
    with pytest.raises(RemoteError) as unknown:
        client.job("no-such-job")
    assert unknown.value.status == 404


def test_wait_gives_up_after_its_timeout(
    client: BriefbotClient, library: FakeLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "add", lambda *a, **k: time.sleep(2) or IngestReport())
    job = client.add_url("https://example.org/slow")
    with pytest.raises(RemoteError, match=f"job {job.job_id} is still (queued|running) after 0 s"):
        client.wait(job.job_id, timeout=0, poll=0)


def test_remove_is_true_then_false(client: BriefbotClient, library: FakeLibrary) -> None:
    assert client.remove("peru/b.md") is True
    assert "peru/b.md" not in library.docs
    assert client.remove("peru/b.md") is False

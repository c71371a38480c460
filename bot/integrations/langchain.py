"""A LangChain retriever over briefbot: the passages of ``POST /v1/search`` as ``Document``\\s.

Two modes, one result: over HTTP (``base_url``, with ``api_key`` when the server has keys)
or in-process (``engine=``, an :class:`~bot.engine.Engine` or anything with its ``search``).
Either way a passage becomes :class:`~bot.types.PassageOut` first, then a ``Document`` whose
``page_content`` is the passage text and whose metadata carries what a citation needs
(``rank, chunk_id, doc_id, title, source, published, language, score, why``)::

    retriever = BriefbotRetriever(base_url="http://127.0.0.1:8000", k=3, languages=["es"])
    docs = retriever.invoke("extorsión a transportistas")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import httpx
from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field, SecretStr, ValidationError, model_validator

from bot.errors import RemoteError
from bot.filters import Filters
from bot.types import PassageOut, passage_out

if TYPE_CHECKING:
    from bot.engine import Search

__all__ = ["BriefbotRetriever", "RemoteError", "Searcher"]


@runtime_checkable
class Searcher(Protocol):
    """What the in-process mode needs of an engine: :meth:`bot.engine.Engine.search`."""

    def search(
        self, query: str, *, k: int | None = None, filters: Filters | None = None
    ) -> Search: ...


class BriefbotRetriever(BaseRetriever):
    """Retrieve briefbot passages as LangChain documents, over HTTP or in-process.

    Give exactly one of ``base_url`` (a running ``briefbot serve``) and ``engine``. The
    filters are those of ``/v1/search``; empty ones are not sent.

    Raises (when invoked):
        RemoteError: over HTTP, the server could not be reached, answered with an error
            status (``status`` holds it; the message quotes the server's ``detail``) or sent
            something that is not a search result.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    base_url: str | None = Field(None, description="The API's root, e.g. http://127.0.0.1:8000.")
    api_key: SecretStr | None = Field(None, description="A briefbot key, sent as a Bearer token.")
    engine: Searcher | None = Field(None, description="An engine to search in-process instead.")
    k: int | None = Field(None, ge=1, le=50, description="Passages to retrieve (server default).")
    languages: list[str] = Field(default_factory=list, description="Source languages (es, en).")
    source_types: list[str] = Field(default_factory=list, description="Source types.")
    places: list[str] = Field(default_factory=list, description="Places the source names.")
    topics: list[str] = Field(default_factory=list, description="Topic tags of the source.")
    date_from: str | None = Field(None, description="Published on/after (YYYY-MM-DD).")
    date_to: str | None = Field(None, description="Published on/before (YYYY-MM-DD).")
    timeout: float = Field(60.0, description="Seconds to wait for the server.")
    http_client: httpx.Client | None = Field(None, description="A client to use (sync).")
    http_async_client: httpx.AsyncClient | None = Field(None, description="One for async.")

    @model_validator(mode="after")
    def _one_mode(self) -> BriefbotRetriever:
        if (self.base_url is None) == (self.engine is None):
            raise ValueError("give exactly one of base_url (HTTP) and engine (in-process)")
        return self

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        if self.engine is not None:
            return self._search_in_process(query)
        body, headers = self._body(query), self._headers
        try:
            if self.http_client is not None:
                response = self.http_client.post(self._url, json=body, headers=headers)
            else:
                with httpx.Client(timeout=self.timeout) as client:
                    response = client.post(self._url, json=body, headers=headers)
        except httpx.HTTPError as err:
            raise self._unreachable(err) from err
        return self._documents(response)

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun
    ) -> list[Document]:
        if self.engine is not None:
            return self._search_in_process(query)
        body, headers = self._body(query), self._headers
        try:
            if self.http_async_client is not None:
                response = await self.http_async_client.post(self._url, json=body, headers=headers)
            else:
                async with httpx.AsyncClient(timeout=self.timeout) as client:
                    response = await client.post(self._url, json=body, headers=headers)
        except httpx.HTTPError as err:
            raise self._unreachable(err) from err
        return self._documents(response)

    def _search_in_process(self, query: str) -> list[Document]:
        assert self.engine is not None
        filters = Filters.build(
            self.date_from,
            self.date_to,
            self.source_types,
            self.languages,
            self.places,
            self.topics,
        )
        search = self.engine.search(query, k=self.k, filters=filters)
        return [to_document(passage_out(p)) for p in search.passages]

    @property
    def _url(self) -> str:
        return f"{(self.base_url or '').rstrip('/')}/v1/search"

    @property
    def _headers(self) -> dict[str, str]:
        if self.api_key is None:
            return {}
        return {"Authorization": f"Bearer {self.api_key.get_secret_value()}"}

    def _body(self, query: str) -> dict[str, Any]:
        options = {
            "k": self.k,
            "languages": self.languages,
            "source_types": self.source_types,
            "places": self.places,
            "topics": self.topics,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }
        return {"query": query, **{name: value for name, value in options.items() if value}}

    def _unreachable(self, err: httpx.HTTPError) -> RemoteError:
        return RemoteError(f"cannot reach briefbot at {self._url}: {err}")

    def _documents(self, response: httpx.Response) -> list[Document]:
        if response.is_error:
            raise RemoteError(
                f"briefbot search failed: {response.status_code} {response.reason_phrase}: "
                f"{_detail(response)}",
                status=response.status_code,
            )
        try:
            passages = [PassageOut.model_validate(p) for p in response.json()["passages"]]
        except (ValueError, KeyError, TypeError, ValidationError) as err:
            raise RemoteError(
                f"briefbot at {self._url} sent no search result: {err}",
                status=response.status_code,
            ) from err
        return [to_document(p) for p in passages]


def to_document(passage: PassageOut) -> Document:
    """A passage as a LangChain document: its text, and its citation fields as metadata."""
    return Document(
        id=passage.chunk_id,
        page_content=passage.text,
        metadata=passage.model_dump(exclude={"text"}),
    )


def _detail(response: httpx.Response) -> str:
    """The server's own words: ``detail`` (native routes), ``error.message`` (OpenAI's)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or "(empty body)"
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message"))
    return str(body)[:300]

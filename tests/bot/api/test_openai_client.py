"""The real OpenAI client reads the replies of the OpenAI-compatible endpoints (fake engine)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.answer.render import sources_text

from .conftest import ANSWER, QUESTION

openai = pytest.importorskip("openai")  # installed with the llm extra (langchain-openai)

CONTENT = ANSWER.answer + sources_text(ANSWER)


def test_the_openai_client_reads_the_replies(client: TestClient) -> None:
    bot = openai.OpenAI(base_url="http://testserver/v1", api_key="unused", http_client=client)
    assert [m.id for m in bot.models.list()] == ["briefbot"]
    question: list[Any] = [{"role": "user", "content": QUESTION}]

    completion = bot.chat.completions.create(model="briefbot", messages=question)
    assert completion.choices[0].message.content == CONTENT
    assert (completion.model_extra or {})["briefbot"]["citations"][0]["n"] == 1

    stream = bot.chat.completions.create(model="briefbot", messages=question, stream=True)
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == CONTENT
    assert (chunks[-1].model_extra or {})["briefbot"]["answer"] == ANSWER.answer

    with pytest.raises(openai.BadRequestError, match="no user message"):
        bot.chat.completions.create(
            model="briefbot", messages=[{"role": "system", "content": "hi"}]
        )

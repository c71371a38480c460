"""Opt-in generation: a LangChain chat model writes the answer from numbered passages.

``BRIEFBOT_LLM=ollama|openai|llamacpp`` selects the integration (``langchain-ollama``,
``langchain-openai``, or a local GGUF file through ``llama-cpp-python``). The prompt numbers
the retrieved passages; the reply is checked sentence by sentence by
:class:`bot.answer.verify.Verifier`. Any error or timeout falls back to the extractive
composer, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.answer.verify import Checked, Verifier
from bot.types import Passage
from ingest.config import Settings
from ingest.embedders import Embedder

LANGUAGE_NAMES = {"es": "Spanish", "en": "English"}

SYSTEM_PROMPT = (
    "You are briefbot, a briefing assistant for analysts who follow security in Peru, Ecuador "
    "and US-Andean cooperation. Answer ONLY from the numbered passages. Write 2-5 short "
    "sentences in {language}. End every sentence with the number of the passage that supports "
    "it, like [2]. If the passages do not answer the question, say so in one sentence."
)


class LLMError(Exception):
    """The chat model is not installed, not configured or failed."""


def make_chat_model(settings: Settings) -> Any:
    """The LangChain chat model selected by ``settings.answer.llm``.

    Raises:
        LLMError: the integration package is missing or the settings are incomplete.
    """
    kind, model = settings.answer.llm, settings.answer.llm_model
    if kind == "none":
        raise LLMError("no LLM configured")
    if not model:
        raise LLMError(f"BRIEFBOT_LLM={kind} needs BRIEFBOT_LLM_MODEL")
    try:
        if kind == "ollama":
            from langchain_ollama import ChatOllama

            kwargs: dict[str, Any] = {"model": model, "temperature": 0}
            if settings.answer.llm_base_url:
                kwargs["base_url"] = settings.answer.llm_base_url
            return ChatOllama(**kwargs, client_kwargs={"timeout": settings.answer.llm_timeout})
        if kind == "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                model=model,
                base_url=settings.answer.llm_base_url,
                api_key=settings.answer.llm_api_key or "not-needed",  # type: ignore[arg-type]
                timeout=settings.answer.llm_timeout,
                max_retries=0,
                temperature=0,
            )
        if kind == "llamacpp":
            from langchain_community.chat_models import ChatLlamaCpp

            return ChatLlamaCpp(model_path=model, temperature=0, n_ctx=4096, verbose=False)
    except ImportError as err:
        raise LLMError(
            f"BRIEFBOT_LLM={kind} needs: pip install 'briefbot[llm]' ({err.name})"
        ) from err
    raise LLMError(f"unknown BRIEFBOT_LLM '{kind}'")


def build_messages(question: str, language: str, passages: list[Passage]) -> list[tuple[str, str]]:
    """The numbered-passage prompt."""
    blocks = []
    for i, p in enumerate(passages, 1):
        s = p.source
        head = ", ".join(x for x in (s.title, s.source, s.published) if x)
        blocks.append(f"[{i}] ({head})\n{p.text}")
    user = "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    system = SYSTEM_PROMPT.format(language=LANGUAGE_NAMES.get(language, "English"))
    return [("system", system), ("human", user)]


class LLMComposer:
    """Writes answers with a chat model and verifies them."""

    def __init__(self, settings: Settings, embedder: Embedder, model: Any | None = None) -> None:
        """Create the composer; ``model`` defaults to the configured chat model."""
        self.settings = settings
        self.model = model if model is not None else make_chat_model(settings)
        self.verifier = Verifier(embedder)
        self.name = f"llm:{settings.answer.llm}:{settings.answer.llm_model}"

    def stream(self, question: str, language: str, passages: list[Passage]) -> Iterator[str]:
        """The raw reply, piece by piece."""
        for chunk in self.model.stream(build_messages(question, language, passages)):
            content = getattr(chunk, "content", chunk)
            if isinstance(content, str) and content:
                yield content

    def compose(self, question: str, language: str, passages: list[Passage]) -> Checked:
        """Generate, then verify.

        Raises:
            LLMError: the model failed or gave nothing usable.
        """
        try:
            reply = "".join(self.stream(question, language, passages))
        except Exception as err:
            raise LLMError(f"{type(err).__name__}: {err}") from err
        return self.finish(reply, passages)

    def finish(self, reply: str, passages: list[Passage]) -> Checked:
        """Verify a complete reply.

        Raises:
            LLMError: nothing in the reply is supported by the passages.
        """
        checked = self.verifier.check(reply, passages)
        if not checked.citations:
            raise LLMError("no sentence of the reply is supported by the passages")
        return checked

    def condense(self, question: str, history: list[tuple[str, str]]) -> str:
        """Rewrite a follow-up as a standalone question with the model."""
        convo = "\n".join(f"Q: {q}\nA: {a[:400]}" for q, a in history[-3:])
        prompt = (
            "Rewrite the last question so that it can be understood without the conversation. "
            "Keep its language. Reply with the question only.\n\n"
            f"{convo}\n\nLast question: {question}"
        )
        reply = self.model.invoke([("human", prompt)])
        text = str(getattr(reply, "content", reply)).strip().splitlines()
        return text[0].strip() if text and text[0].strip() else question

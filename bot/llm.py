"""Opt-in generation: a LangChain chat model writes the answer, briefbot checks every sentence.

``BRIEFBOT_LLM=ollama|openai|llamacpp`` selects the integration (``langchain-ollama``,
``langchain-openai``, or a local GGUF file through ``llama-cpp-python``). The prompt numbers
the retrieved passages; the reply's ``[n]`` markers are parsed and checked:

- a marker outside ``1..len(passages)`` is dropped;
- a marker whose passage does not support the sentence (similarity and word overlap below
  the thresholds) is dropped;
- a sentence left without a supported marker is matched to its best passage if that one
  supports it, and removed otherwise (the count is reported in ``reason``).

Citations are renumbered by first appearance, so the answer shows ``[1]..[m]`` for exactly the
passages it cites. Any error or timeout falls back to the extractive composer, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.retrieve import split_sentences
from bot.types import Citation, Passage, citation_for
from ingest.config import Settings
from ingest.embedders import Embedder
from ingest.lexical import tokenize

SUPPORT_SIMILARITY = 0.55
"""Cosine (sentence, best sentence of the passage) above which a passage supports a claim."""
SUPPORT_OVERLAP = 0.5
"""Share of the claim's content words found in the passage above which it supports it."""

LANGUAGE_NAMES = {"es": "Spanish", "en": "English"}
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")

SYSTEM_PROMPT = (
    "You are briefbot, a briefing assistant for analysts who follow security in Peru, Ecuador "
    "and US-Andean cooperation. Answer ONLY from the numbered passages. Write 2-5 short "
    "sentences in {language}. End every sentence with the number of the passage that supports "
    "it, like [2]. If the passages do not answer the question, say so in one sentence."
)


class LLMError(Exception):
    """The chat model is not installed, not configured or failed."""


def make_chat_model(settings: Settings) -> Any:
    """The LangChain chat model selected by ``settings.llm``.

    Raises:
        LLMError: the integration package is missing or the settings are incomplete.
    """
    kind, model = settings.llm, settings.llm_model
    if kind == "none":
        raise LLMError("no LLM configured")
    if not model:
        raise LLMError(f"BRIEFBOT_LLM={kind} needs BRIEFBOT_LLM_MODEL")
    try:
        if kind == "ollama":
            from langchain_ollama import ChatOllama

            kwargs: dict[str, Any] = {"model": model, "temperature": 0}
            if settings.llm_base_url:
                kwargs["base_url"] = settings.llm_base_url
            return ChatOllama(**kwargs, client_kwargs={"timeout": settings.llm_timeout})
        if kind == "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                model=model,
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key or "not-needed",  # type: ignore[arg-type]
                timeout=settings.llm_timeout,
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
        m = p.meta
        head = ", ".join(str(x) for x in (m.get("title"), m.get("source"), m.get("published")) if x)
        blocks.append(f"[{i}] ({head})\n{p.text}")
    user = "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    system = SYSTEM_PROMPT.format(language=LANGUAGE_NAMES.get(language, "English"))
    return [("system", system), ("human", user)]


@dataclass(frozen=True)
class Checked:
    """The verified reply."""

    text: str
    citations: list[Citation]
    removed: int
    rematched: int


class Verifier:
    """Checks that each sentence of a reply is supported by the passage it cites."""

    def __init__(self, embedder: Embedder) -> None:
        """Use ``embedder`` (multilingual) for sentence similarity."""
        self.embedder = embedder

    def support(self, claim: str, passage: Passage) -> float:
        """How well a passage supports a claim (0..1, higher is better)."""
        sentences = [s for s in split_sentences(passage.text) if len(s) > 10] or [passage.text]
        vecs = self.embedder.encode([claim, *sentences], kind="passage")
        similarity = float(np.max(vecs[1:] @ vecs[0]))
        words = set(tokenize(claim))
        overlap = len(words & set(tokenize(passage.text))) / len(words) if words else 0.0
        return max(similarity / SUPPORT_SIMILARITY, overlap / SUPPORT_OVERLAP) / 2

    def supports(self, claim: str, passage: Passage) -> bool:
        """True when the passage supports the claim."""
        return self.support(claim, passage) >= 0.5

    def check(self, reply: str, passages: list[Passage]) -> Checked:
        """Keep supported sentences with supported markers; renumber citations."""
        numbers: dict[int, int] = {}
        lines: list[str] = []
        removed = rematched = 0
        for sentence in _reply_sentences(reply):
            claim = re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub("", sentence)).strip()
            if len(tokenize(claim)) < 2:
                continue
            cited = [int(n) for group in _MARKER.findall(sentence) for n in group.split(",")]
            kept = [
                n
                for n in dict.fromkeys(cited)
                if 1 <= n <= len(passages) and self.supports(claim, passages[n - 1])
            ]
            if not kept:
                best = max(range(len(passages)), key=lambda i: self.support(claim, passages[i]))
                if not self.supports(claim, passages[best]):
                    removed += 1
                    continue
                kept = [best + 1]
                rematched += 1
            marks = "".join(f"[{numbers.setdefault(n, len(numbers) + 1)}]" for n in kept)
            if claim[-1] in ".!?":
                lines.append(f"{claim[:-1]} {marks}{claim[-1]}")
            else:
                lines.append(f"{claim} {marks}")
        by_new = {new: old for old, new in numbers.items()}
        citations = [citation_for(new, passages[by_new[new] - 1]) for new in sorted(by_new)]
        return Checked(" ".join(lines), citations, removed, rematched)


def _reply_sentences(reply: str) -> list[str]:
    text = re.sub(r"\s+", " ", reply).strip()
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"“])|(?<=\])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])", text)
    return [p.strip() for p in parts if p.strip()]


class LLMComposer:
    """Writes answers with a chat model and verifies them."""

    def __init__(self, settings: Settings, embedder: Embedder, model: Any | None = None) -> None:
        """Create the composer; ``model`` defaults to the configured chat model."""
        self.settings = settings
        self.model = model if model is not None else make_chat_model(settings)
        self.verifier = Verifier(embedder)
        self.name = f"llm:{settings.llm}:{settings.llm_model}"

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

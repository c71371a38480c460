"""The answer path: retrieval, fusion, answerability, composition, verification, rendering.

One job per module: :mod:`~bot.answer.retrieve` finds candidates and picks passages,
:mod:`~bot.answer.fusion` fuses the retrievers' scores, :mod:`~bot.answer.constraints` and
:mod:`~bot.answer.answerability` decide whether the evidence answers,
:mod:`~bot.answer.compose` (extractive) or :mod:`~bot.answer.llm` (generative) writes the
answer, :mod:`~bot.answer.verify` checks every claim against its citation, and
:mod:`~bot.answer.render` turns an answer into text. :mod:`bot.engine` runs them in order.
"""

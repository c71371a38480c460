"""``briefbot ask`` (one question) and ``briefbot chat`` (a conversation at the prompt)."""

from __future__ import annotations

import uuid
from typing import Any

import click

from bot.answer.render import answer_text
from bot.cli.options import fail, filter_options, filters_from, passages_option
from bot.cli.remote import find_client
from bot.errors import BotError
from bot.strings import CHAT_BANNER, say
from bot.types import Answer
from ingest.config import get_settings
from ingest.errors import IngestError


@click.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@passages_option
@click.option(
    "--conversation",
    "conversation_id",
    metavar="ID",
    help="Continue a conversation (follow-ups are understood); a new ID starts one.",
)
@filter_options
def ask(
    question: str, as_json: bool, k: int | None, conversation_id: str | None, **kwargs: Any
) -> None:
    """Answer QUESTION (Spanish or English) with numbered citations."""
    from bot.factory import get_engine

    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="QUESTION")
    filters = filters_from(kwargs)
    client = find_client(get_settings())
    try:
        if client is not None:
            answer = client.ask(question, filters, conversation_id, k)
        else:
            answer = get_engine().ask(
                question, k=k, filters=filters, conversation_id=conversation_id
            )
    except (IngestError, BotError) as err:
        fail(err)
    if as_json:
        click.echo(answer.model_dump_json())
    else:
        click.echo(answer_text(answer))


@click.command()
@passages_option
@filter_options
def chat(k: int | None, **kwargs: Any) -> None:
    """Interactive conversation: follow-up questions are understood. Ctrl-D to quit."""
    from bot.factory import get_engine

    filters = filters_from(kwargs)
    client = find_client(get_settings())
    if client is not None:
        conversation_id = uuid.uuid4().hex

        def ask_one(question: str) -> Answer:
            return client.ask(question, filters, conversation_id, k)
    else:
        engine = get_engine()
        conversation_id = engine.conversations.new_id()

        def ask_one(question: str) -> Answer:
            return engine.ask(question, k=k, filters=filters, conversation_id=conversation_id)

    click.echo(CHAT_BANNER)
    while True:
        try:
            question = click.prompt(">", prompt_suffix=" ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        if not question.strip():
            continue
        try:
            answer = ask_one(question)
        except (IngestError, BotError) as err:
            click.echo(f"error: {err}", err=True)
            continue
        if answer.standalone_question:
            interpreted = say("interpreted", answer.language)
            click.echo(click.style(f"({interpreted}: {answer.standalone_question})", dim=True))
        click.echo(answer_text(answer) + "\n")

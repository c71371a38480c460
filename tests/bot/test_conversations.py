from bot.conversations import ConversationStore, Turn


def test_store_keeps_turns_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = ConversationStore(tmp_path / "c.sqlite")
    cid = store.new_id()
    store.append(cid, Turn("q1", "q1", "a1", ("d1",)))
    store.append(cid, Turn("q2", "q2 x", "a2", ()))
    assert [t.question for t in store.history(cid)] == ["q1", "q2"]
    assert store.history(cid)[0].cited_docs == ("d1",)
    assert store.delete(cid) and store.history(cid) == []

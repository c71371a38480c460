"""The Streamlit UI in a real headless Chromium: a real ``streamlit run`` process, the client
of a real ``briefbot serve`` process (``BRIEFBOT_API_URL``), as ``briefbot run`` starts them."""

from pathlib import Path

import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import (
    CHROMIUM,
    api_cmd,
    ask_in_browser,
    browser_page,
    free_port,
    own_copy,
    running,
    screenshot,
    server_env,
    streamlit_cmd,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def ui_url(mini_index, tmp_path):  # type: ignore[no-untyped-def]
    """The UI's URL; the API has its own copy of the mini index, the UI an empty data dir
    (answers and the index size can only come from the API)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package)")
    api_data = own_copy(mini_index.index.data_dir, tmp_path / "api-data")
    api_port, ui_port = free_port(), free_port()
    api = f"http://127.0.0.1:{api_port}"
    url = f"http://127.0.0.1:{ui_port}"
    ui_env = server_env(tmp_path / "ui-data", MODELS_DIR)
    ui_env["BRIEFBOT_API_URL"] = api
    with (
        running(
            api_cmd(api_port),
            f"{api}/health",
            server_env(api_data, MODELS_DIR),
            tmp_path / "api.log",
        ),
        running(streamlit_cmd(ui_port), f"{url}/_stcore/health", ui_env, tmp_path / "ui.log"),
    ):
        yield url
    assert not (tmp_path / "ui-data").exists()  # the UI never opened an index of its own


def test_chat_in_spanish_then_english_in_a_real_browser(ui_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with browser_page() as page:
        page.goto(ui_url, wait_until="networkidle")
        expect(page.get_by_text("4 documentos · documents")).to_be_visible()

        es = ask_in_browser(page, "¿Cuándo declaró Ecuador el conflicto armado interno?", 1)
        expect(es).to_contain_text("Fuentes")
        expect(es).to_contain_text("[1] Ecuador declares an internal armed conflict")
        expect(es.locator("mark").first).to_be_visible()

        en = ask_in_browser(page, "How do gangs extort bus drivers in Lima?", 2)
        expect(en).to_contain_text("Sources")
        expect(en).to_contain_text("[1]")
        expect(en).to_contain_text("Extorsion transporte")

        shot = tmp_path / "chat.png"
        screenshot(page, shot)
        assert shot.stat().st_size > 20_000

        page.get_by_role("link", name="Biblioteca · Library").click()
        expect(page.get_by_role("heading", name="Biblioteca · Library")).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_be_visible()

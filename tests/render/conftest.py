from __future__ import annotations

import pytest

from tests.browser import chromium


@pytest.fixture(scope="session")
def browser() -> str:
    """Path of headless chromium; skips (with the reason) only where it truly is not installed."""
    path = chromium()
    if path is None:
        pytest.skip("chromium not installed: run scripts/install_browser.sh (CI does, in .ci/run)")
    return path

"""A real `magcheck serve` on a free port with its own data dir, and Debian's Chromium driven by Playwright.

Under CI=true a missing Chromium is a failure, not a skip: the browser tests are part of `make test`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a `magcheck serve` subprocess; its output is shown if it dies early."""
    port = free_port()
    data = tmp_path_factory.mktemp("e2e-data")
    log = data / "server.log"
    env = {**os.environ, "MAGCHECK_DATA_DIR": str(data), "MAGCHECK_LANG": "en"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "magcheck", "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"magcheck serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/api/v1/version", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"magcheck serve did not start:\n{log.read_text()}")
        time.sleep(0.2)
    # the first food search builds the store; do it once here so the browser tests see steady timings
    urllib.request.urlopen(base + "/api/v1/foods/search?q=rice", timeout=60).close()
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = f"Chromium not found at {CHROMIUM} (install the Debian package 'chromium')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def shots(artifacts_dir: Path) -> Path:
    path = artifacts_dir / "e2e"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors of the `page` fixture; a test that expects one (a 422 page) removes it."""
    return []


@pytest.fixture
def page(browser: Any, console_errors: list[str]) -> Iterator[Any]:
    """A fresh browser context per test (no cookies carried over), failing on any console error."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    new_page = context.new_page()
    new_page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    new_page.on("pageerror", lambda e: console_errors.append(str(e)))
    yield new_page
    context.close()
    assert console_errors == [], f"browser console errors: {console_errors}"

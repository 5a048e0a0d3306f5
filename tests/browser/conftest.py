"""Browser journeys: Playwright drives Debian's Chromium, headless, against a live server.

No browser is downloaded: the executable is /usr/bin/chromium (Debian package
``chromium``, installed by .ci/run). A failed test leaves a full-page screenshot
in tests/artifacts/.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("TAKWIA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    available = Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None
    require_service(available, f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server, reference_data):
    # Service workers only where a test asks for them (offline journeys): their
    # background fetches would otherwise race the test's own requests.
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 1280, "height": 900},
        service_workers="allow" if "service_workers" in request.fixturenames else "block",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # What the Content-Security-Policy refused, page by page (Chromium says so on the console).
    page.csp_refusals = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.csp_refusals.append((page.url, message.text))
        ),
    )
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def service_workers():
    """Ask for it beside ``page`` to let the page register service workers."""
    return True


def login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core on the current page; return the serious and critical violations."""
    # Evaluated through the DevTools protocol: a <script> tag with the code inline
    # would be refused by the Content-Security-Policy (scripts from the app only).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"-> {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]


def records_waiting(page) -> int:
    """How many questionnaires have answers (or a submission) waiting on the device, in
    IndexedDB (static/js/device.js)."""
    return page.evaluate("async () => (await window.TakwiaDevice.all()).length")


def device_databases(page) -> list[str]:
    """The IndexedDB databases this origin keeps on the device."""
    return page.evaluate("async () => (await indexedDB.databases()).map((db) => db.name)")

"""Every notebook runs clean in JupyterLab, in a real (headless Debian) Chromium.

What a reader does, done by a browser: open ``notebooks/<name>.ipynb`` in JupyterLab, wait for the
kernel, clear the stored outputs (menu Edit > Clear Outputs of All Cells), run everything (menu
Run > Run All Cells) and look at the page. Each notebook must then show:

- no error output (an output whose type is ``error``, i.e. a traceback);
- an execution count on every non-empty code cell (JupyterLab never sends an empty cell to the
  kernel, so those keep ``[ ]``), and no ``[*]`` left;
- at least as many rendered images (PNG, JPEG or SVG outputs, loaded in the page) as the committed
  notebook stores.

A full-window screenshot of each notebook goes to ``test-artifacts/browser/<name>.png`` (gitignored),
taken before the assertions so that failures have one too.

How it is set up:

- notebooks/ is copied to a temporary root, so the committed notebooks are never touched; nothing is
  saved (autosave is off, nobody presses Ctrl+S) and the test checks the copy is unchanged;
- ONE ``jupyter-lab`` server per session (the binary next to ``sys.executable``, not the ``jupyter
  lab`` wrapper whose PID is not the server's), on 127.0.0.1 with a free port, a random token, and
  temporary config, data, runtime, settings and workspace folders. ``overrides.json`` is read from
  ``LabApp.app_settings_dir`` (``--LabApp.user_settings_dir`` holds per-plugin
  ``*.jupyterlab-settings`` files, not overrides): it turns off news, update checks and autosave and
  renders every cell (windowing mode ``none``). ``--LabApp.expose_app_in_browser`` makes
  ``window.jupyterapp`` available, which the test only reads (kernel state, output types);
- Debian's ``/usr/bin/chromium`` driven by playwright (never ``playwright install``), with a fresh
  user-data dir per notebook. If it is missing the test is skipped (fails under ``CI=true``):
  ``make test`` installs it when it can (``.ci/provision-browser``), or run ``.ci/install-chromium``.

Run it with ``.venv/bin/pytest -m browser tests/test_browser.py`` (or ``make test-browser``).

Development only: ``BROWSER_TEST_NOTEBOOKS=/some/folder`` runs the test on the notebooks of another
folder instead of ``notebooks/`` (used to develop this test before the project had notebooks). Do not
set it in CI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CHROMIUM  # and the session's playwright_instance fixture (one driver per session)

from analysis.paths import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser

NOTEBOOK_DIR = Path(os.environ.get("BROWSER_TEST_NOTEBOOKS") or NOTEBOOKS)
NOTEBOOK_FILES = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SERVER_START_TIMEOUT_S = 60
KERNEL_READY_TIMEOUT_S = 60
RUN_TIMEOUT_S = 180  # per notebook, from "Run All Cells" to the last execution count
MAX_SCREENSHOT_HEIGHT = 16000

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

# The notebook panel JupyterLab shows (the one opened by the URL), found through the exposed app.
_PANEL_JS = """
const app = window.jupyterapp;
const panel = app && app.shell && app.shell.currentWidget;
const ok = panel && panel.content && panel.content.model && panel.sessionContext;
"""

KERNEL_IDLE_JS = (
    "() => {"
    + _PANEL_JS
    + """
    if (!ok) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const indicator = panel.node.querySelector('.jp-Notebook-ExecutionIndicator');
    return Boolean(
        panel.context.isReady && panel.sessionContext.isReady && kernel
        && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
        && indicator && indicator.dataset.status === 'idle'
        && panel.content.widgets.length === panel.content.model.cells.length
    );
}"""
)

# The prompt text of every code cell, as the page shows it: "[3]:", "[*]:" or "[ ]:".
PROMPTS_JS = (
    "() => {"
    + _PANEL_JS
    + """
    if (!ok) return null;
    return [...panel.content.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(e => e.textContent.trim());
}"""
)

# Every error output in the notebook model: what a traceback in the page comes from. JupyterLab 4
# renders error and stderr outputs alike (data-mime-type="application/vnd.jupyter.stderr", no class
# tells them apart), so the output type is read from the model.
ERRORS_JS = (
    "() => {"
    + _PANEL_JS
    + """
    if (!ok) return null;
    const errors = [];
    const cells = panel.content.model.cells;
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        for (const out of cell.outputs.toJSON()) {
            if (out.output_type === 'error') errors.push({cell: i, ename: out.ename, evalue: out.evalue});
        }
    }
    return errors;
}"""
)

# Done when nothing is queued or running and either every expected cell has a count or an error
# stopped the run (JupyterLab's Run All stops at the first error and leaves the rest at "[ ]").
RUN_DONE_JS = (
    "(expected) => {"
    + _PANEL_JS
    + """
    if (!ok) return false;
    const prompts = [...panel.content.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(e => e.textContent.trim());
    if (prompts.some(p => p.includes('*'))) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const executed = prompts.filter(p => /^\\[\\d+\\]/.test(p)).length;
    if (executed >= expected) return true;
    const cells = panel.content.model.cells;
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type === 'code' && cell.outputs.toJSON().some(o => o.output_type === 'error')) return true;
    }
    return false;
}"""
)

# Rendered, loaded images in outputs (JupyterLab shows PNG/JPEG/SVG outputs as <img>, SVG maybe inline).
IMAGES_JS = (
    "() => {"
    + _PANEL_JS
    + """
    if (!ok) return null;
    const sel = ['image/png', 'image/jpeg', 'image/svg+xml']
        .map(m => `.jp-OutputArea-output[data-mime-type="${m}"]`).join(',');
    let rendered = 0;
    for (const out of panel.content.node.querySelectorAll(sel)) {
        const img = out.querySelector('img');
        if (img ? (img.complete && img.naturalWidth > 0) : out.querySelector('svg')) rendered++;
    }
    return rendered;
}"""
)

# Height the window needs to show the whole notebook without its inner scrollbar (scrolls it to the top).
FULL_HEIGHT_JS = (
    "() => {"
    + _PANEL_JS
    + """
    if (!ok) return 0;
    let hidden = 0;  // the most any scrolling element of the notebook panel hides
    for (const el of panel.node.querySelectorAll('*')) {
        const overflow = getComputedStyle(el).overflowY;
        if (overflow === 'auto' || overflow === 'scroll') {
            hidden = Math.max(hidden, el.scrollHeight - el.clientHeight);
            el.scrollTop = 0;  // show the notebook from its first cell
        }
    }
    return document.documentElement.clientHeight + hidden;
}"""
)


@dataclass(frozen=True)
class LabServer:
    url: str
    token: str
    root: Path
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(server: LabServer, path: str, method: str = "GET", timeout: float = 5.0) -> object:
    request = urllib.request.Request(
        server.url + path, method=method, headers={"Authorization": f"token {server.token}"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


def _stop(process: subprocess.Popen) -> None:
    """Stop the server by its PID: SIGTERM (it shuts its kernels down), then SIGKILL if needed."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no server log: {exc})"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """One JupyterLab server for the session, on a copy of the notebook folder."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    shutil.copytree(NOTEBOOK_DIR, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    dirs = {name: base / name for name in ("config", "data", "runtime", "settings", "user-settings", "ws")}
    for folder in dirs.values():
        folder.mkdir()
    (dirs["settings"] / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2))

    jupyter_lab = Path(sys.executable).parent / "jupyter-lab"
    assert jupyter_lab.exists(), f"{jupyter_lab} not found: install jupyterlab in this environment"
    port = _free_port()
    token = secrets.token_hex(24)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["user-settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["ws"]),
        IPYTHONDIR=str(base / "ipython"),
    )
    command = [
        str(jupyter_lab),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",  # CI runs as root
        f"--LabApp.app_settings_dir={dirs['settings']}",  # where overrides.json is read
        f"--LabApp.user_settings_dir={dirs['user-settings']}",
        f"--LabApp.workspaces_dir={dirs['ws']}",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
    ]
    log = base / "jupyterlab.log"
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl+C in the terminal reaches pytest only; we stop the server
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter-lab exited with code {process.returncode}; its log:\n{_tail(log)}")
            try:
                _api(server, "/api/status", timeout=2)
                break
            except (urllib.error.URLError, OSError, ValueError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"jupyter-lab did not answer /api/status within {SERVER_START_TIMEOUT_S} s; "
                        f"its log:\n{_tail(log)}"
                    )
                time.sleep(0.25)
        yield server
    finally:
        _stop(process)


@pytest.fixture
def page(playwright_instance, tmp_path: Path):
    """A fresh Chromium (own user-data dir) with one page, closed after the test."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
    )
    try:
        yield context.pages[0] if context.pages else context.new_page()
    finally:
        context.close()


def _stored_counts(notebook: Path) -> tuple[int, int]:
    """(non-empty code cells, image outputs) of a notebook file."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    runnable = sum(1 for c in code if "".join(c["source"]).strip())
    images = sum(
        1
        for c in code
        for out in c.get("outputs", [])
        if {"image/png", "image/svg+xml", "image/jpeg"} & set(out.get("data", {}))
    )
    return runnable, images


def _menu(page, menu: str, item: str) -> None:
    """Click a menu-bar menu, then one of its items (what a reader would do)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(menu)}$")).first.click()
    label = page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$"))
    page.locator(".lm-Menu-content > .lm-Menu-item:not(.lm-mod-disabled)").filter(has=label).first.click()


def _shutdown_kernels(server: LabServer) -> None:
    try:
        for session in _api(server, "/api/sessions"):
            _api(server, f"/api/sessions/{session['id']}", method="DELETE", timeout=30)
    except (urllib.error.URLError, OSError, ValueError):
        pass


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{Path(name).stem}.png"
    try:
        height = int(page.evaluate(FULL_HEIGHT_JS) or 0)
        if height > page.viewport_size["height"]:
            page.set_viewport_size({"width": 1280, "height": min(height + 40, MAX_SCREENSHOT_HEIGHT)})
            page.wait_for_timeout(300)  # let the layout settle after the resize
            page.evaluate(FULL_HEIGHT_JS)  # scroll to the top again, now that everything fits
        page.screenshot(path=str(target), full_page=True)
    except Exception as exc:  # a screenshot must never hide the real failure
        print(f"screenshot of {name} failed: {exc}")
    return target


def _wait(page, name: str, what: str, js: str, arg: object, timeout_s: float) -> None:
    """Wait until ``js`` is true in the page; on timeout, screenshot and fail with the prompts shown."""
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout_s * 1000, polling=200)
    except Exception as exc:
        screenshot = _screenshot(page, name)
        try:
            prompts = page.evaluate(PROMPTS_JS)
        except Exception:
            prompts = "?"
        pytest.fail(
            f"{name}: waited {timeout_s} s for {what} ({type(exc).__name__}); prompts {prompts}; "
            f"screenshot {screenshot}"
        )


def test_there_are_notebooks() -> None:
    assert NOTEBOOK_FILES, f"no *.ipynb in {NOTEBOOK_DIR}: the browser test would check nothing"


@pytest.mark.parametrize("notebook", NOTEBOOK_FILES, ids=[p.name for p in NOTEBOOK_FILES])
def test_notebook_runs_in_jupyterlab(notebook: Path, lab_server: LabServer, page) -> None:
    expected_cells, expected_images = _stored_counts(notebook)
    copy = lab_server.root / "notebooks" / notebook.name
    before = copy.read_bytes()

    page.set_default_timeout(30_000)
    try:
        page.goto(f"{lab_server.url}/lab/tree/notebooks/{notebook.name}?reset&token={lab_server.token}")
        _wait(page, notebook.name, "the kernel to be idle", KERNEL_IDLE_JS, None, KERNEL_READY_TIMEOUT_S)

        _menu(page, "Edit", "Clear Outputs of All Cells")
        cleared = (
            f"() => {{ const p = ({PROMPTS_JS})(); return p !== null && p.every(t => !/\\d|\\*/.test(t)); }}"
        )
        _wait(page, notebook.name, "the outputs to be cleared", cleared, None, 30)
        _menu(page, "Run", "Run All Cells")
        started = time.monotonic()
        _wait(page, notebook.name, "every cell to run", RUN_DONE_JS, expected_cells, RUN_TIMEOUT_S)
        elapsed = time.monotonic() - started
        try:  # images load asynchronously after the last execution count appears
            page.wait_for_function(f"(n) => ({IMAGES_JS})() >= n", arg=expected_images, timeout=10_000)
        except Exception:
            pass  # the assertion below reports the numbers

        screenshot = _screenshot(page, notebook.name)
        errors = page.evaluate(ERRORS_JS)
        prompts = page.evaluate(PROMPTS_JS)
        images = page.evaluate(IMAGES_JS)
    finally:
        _shutdown_kernels(lab_server)

    print(
        f"{notebook.name}: ran in {elapsed:.1f} s, {len(prompts)} code cells, {images} images -> {screenshot}"
    )
    assert errors == [], f"{notebook.name}: error outputs {errors} (screenshot {screenshot})"
    executed = [p for p in prompts if p.startswith("[") and p[1:-2].isdigit()]
    assert len(executed) == expected_cells, (
        f"{notebook.name}: {len(executed)} of {expected_cells} non-empty code cells executed: {prompts}"
    )
    assert images >= expected_images, (
        f"{notebook.name}: {images} rendered images, the committed notebook stores {expected_images}"
    )
    assert copy.read_bytes() == before, f"{notebook.name} was saved by JupyterLab (autosave must be off)"

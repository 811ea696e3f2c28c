"""A fresh machine: make lab, the browser-test provisioning, README commands copy-pasted, and
commands on another data folder writing only inside it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from analysis import __main__ as cli
from analysis.citation import citation
from analysis.paths import DATA, FIGURES, ROOT, output_dir

PROVISION = ROOT / ".ci" / "provision-browser"


def _provision(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run .ci/provision-browser with an empty PATH (no apt-get) and the given environment."""
    empty = tmp_path / "empty-path"
    empty.mkdir(exist_ok=True)
    return subprocess.run(
        ["/bin/bash", str(PROVISION)],
        env={"PATH": str(empty), **env},
        capture_output=True,
        text=True,
    )


def test_browser_tests_skipped_with_one_line_when_chromium_cannot_be_had(tmp_path):
    run = _provision(tmp_path, CHROMIUM=str(tmp_path / "no-chromium"))
    assert run.returncode == 3, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("browser tests skipped: ")
    assert "no-chromium is missing" in lines[0] and "install-chromium" in lines[0]


def test_browser_tests_required_under_ci(tmp_path):
    run = _provision(tmp_path, CHROMIUM=str(tmp_path / "no-chromium"), CI="true")
    assert run.returncode == 1
    assert "required under CI=true" in run.stderr


def test_browser_tests_run_when_chromium_is_there(tmp_path):
    assert _provision(tmp_path, CHROMIUM="/bin/sh", CI="true").returncode == 0


def test_make_test_uses_the_provisioning():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest: ")[1].split("\n\n")[0]
    assert "bash .ci/provision-browser" in recipe and '-m "not browser"' in recipe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_lab_serves_the_repository_root_opened_on_notebooks(tmp_path):
    port, token = _free_port(), "test-token-make-lab"
    env = dict(
        os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg")
    )
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        lab = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/contents?token={token}", timeout=3) as response:
                    listing = {item["name"] for item in json.load(response)["content"]}
                break
            except (urllib.error.URLError, OSError):
                assert lab.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.5)
        assert {"notebooks", "data", "figures", "README.md"} <= listing
        with urllib.request.urlopen(f"{url}/?token={token}", timeout=10) as response:
            assert response.url.split("?")[0].endswith("/lab/tree/notebooks")  # opens on the notebooks
        assert re.search(
            rf"http://127\.0\.0\.1:{port}/lab/tree/notebooks\?token=", log.read_text(errors="replace")
        )
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait(timeout=10)


def _commands(markdown: str) -> list[str]:
    """Shell commands of a Markdown file: lines of ```bash blocks and single-line `code` spans."""
    blocks = re.findall(r"```bash\n(.*?)```", markdown, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
    spans = re.findall(r"`((?:make|python|\.venv|bash|sudo|jupyter|pytest)[^`\n]*)`", prose)
    return [c for c in lines + spans if c]


@pytest.mark.parametrize("readme", ["README.md", "data/README.md"])
def test_readme_commands_work_from_the_root_without_activating_anything(readme):
    """One way: jobs are make targets; the command line is always .venv/bin/python -m analysis."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"(?m)^([a-z][a-z-]*):", makefile))
    for command in _commands((ROOT / readme).read_text(encoding="utf-8")):
        if command.startswith("make "):
            assert command.split()[1] in targets, f"{readme}: {command!r}: no such make target"
        elif "python" in command:
            assert command.startswith(".venv/bin/python -m analysis "), (
                f"{readme}: {command!r} needs an activated venv"
            )
            name = command.split()[3]
            assert name in (
                "check",
                "build",
                "figures",
                "export",
                "explore",
                "cite",
                "diff",
                "show",
                "propose",
                "add",
                "accept",
                "…",
            ), f"{readme}: {command!r}"


def test_the_readme_citation_is_what_cite_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"> {citation('fig01', 'apa')}\n" in readme


def test_other_data_folders_write_only_inside_themselves(tmp_path, monkeypatch, data_copy):
    assert output_dir(DATA, "figures") == FIGURES
    assert output_dir(data_copy, "figures") == data_copy / "figures"
    assert output_dir(data_copy, "figures", tmp_path / "out") == tmp_path / "out"
    calls = []
    monkeypatch.setattr(
        "analysis.figures.build_all", lambda data_dir, figures_dir, force: calls.append(figures_dir) or []
    )
    assert cli.main(["figures", "--data", str(data_copy)]) == 0
    assert cli.main(["figures", "--data", str(data_copy), "--out", str(tmp_path / "out")]) == 0
    assert calls == [data_copy / "figures", tmp_path / "out"]

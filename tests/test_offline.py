"""Proof that the suite needs no network: every test process runs under pytest-socket with
only loopback allowed (``--allow-hosts`` in pyproject.toml's addopts), so any attempt to
reach another host fails before a packet is sent — and the whole suite still passes.
"""

from __future__ import annotations

import socket

import pytest
import pytest_socket


def test_the_network_guard_is_installed():
    assert socket.socket.connect is not pytest_socket._true_connect


@pytest.mark.filterwarnings("ignore:A test tried to use socket.socket.connect")
def test_a_connection_to_another_host_is_refused_before_any_packet():
    if socket.socket.connect is pytest_socket._true_connect:  # never send traffic unguarded
        pytest.fail("pytest-socket is not active; run pytest from the project root (pyproject addopts)")
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s,
        pytest.raises(pytest_socket.SocketConnectBlockedError),
    ):
        s.connect(("203.0.113.7", 443))  # TEST-NET-3: documentation range, never routed


def test_loopback_stays_allowed():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass

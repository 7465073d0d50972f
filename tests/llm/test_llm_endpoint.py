"""Endpoints: kind, instructor mode per endpoint, options and environment, manifest text."""

from __future__ import annotations

import instructor
import pytest

from harness.llm.endpoint import Endpoint, EndpointError, endpoint_from_options, kind_of, mode_for


def test_kind_and_mode_per_endpoint():
    assert kind_of(None) == "openai"
    assert kind_of("https://api.openai.com/v1") == "openai"
    assert kind_of("http://127.0.0.1:8080/v1") == "openai-compatible"
    assert kind_of("https://api.openai.com.evil.example/v1") == "openai-compatible"
    assert mode_for("openai") is instructor.Mode.TOOLS
    assert mode_for("openai-compatible") is instructor.Mode.JSON_SCHEMA
    assert Endpoint.embedded("http://127.0.0.1:1/v1", "m").mode is instructor.Mode.JSON_SCHEMA


def test_no_configuration_means_the_embedded_model():
    assert endpoint_from_options(env={}) is None


def test_base_url_from_flag_or_environment():
    env = {"OPENAI_BASE_URL": "http://localhost:9000/v1"}
    endpoint = endpoint_from_options(model="llama", env=env)
    assert endpoint.base_url == "http://localhost:9000/v1"
    assert endpoint.kind == "openai-compatible"
    assert endpoint.api_key  # a dummy key: local servers need none, the SDK insists
    flagged = endpoint_from_options(model="llama", base_url="http://other:1/v1", env=env)
    assert flagged.base_url == "http://other:1/v1"


def test_openai_needs_a_key_and_gets_tools_mode():
    with pytest.raises(EndpointError, match="OPENAI_API_KEY"):
        endpoint_from_options(model="gpt-4o-mini", env={})
    endpoint = endpoint_from_options(model="gpt-4o-mini", env={"OPENAI_API_KEY": "sk-test"})
    assert endpoint.kind == "openai" and endpoint.mode is instructor.Mode.TOOLS


def test_base_url_without_model_or_with_bad_scheme_is_refused():
    with pytest.raises(EndpointError, match="--model"):
        endpoint_from_options(base_url="http://x/v1", env={})
    with pytest.raises(EndpointError, match="http"):
        Endpoint.remote("m", base_url="ftp://x/v1")


def test_describe_never_shows_credentials():
    endpoint = Endpoint.remote("m", base_url="http://user:secret@host:8000/v1?token=abc", api_key="sk-secret")
    text = str(endpoint.describe())
    assert "secret" not in text and "token" not in text
    assert endpoint.describe()["base_url"] == "http://host:8000/v1"
    assert endpoint.describe()["instructor_mode"] == instructor.Mode.JSON_SCHEMA.value

"""``incabin llm-server``'s refusals: they come before any model loads (called by its alias
``llm_server``, the name the command line looks up without importing every command)."""

from __future__ import annotations

from pathlib import Path

import pytest

from incabin.interfaces.cli import main


def test_a_network_address_needs_a_key(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCABIN_LLM_SERVER_KEY", raising=False)
    assert main(["llm_server", "--host", "0.0.0.0"]) == 2
    assert "--api-key" in capsys.readouterr().err


def test_a_file_that_is_no_model_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.gguf"
    notes.write_text("not a model")
    assert main(["llm_server", "--model", str(notes)]) == 2
    assert "is not a GGUF model file" in capsys.readouterr().err


def test_a_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["llm_server", "--model", str(tmp_path / "nope.gguf")]) == 2
    assert "does not exist" in capsys.readouterr().err

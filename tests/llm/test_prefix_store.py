"""The on-disk prefix KV cache: exact-match reuse across processes, nothing else."""

from __future__ import annotations

import pytest

from incabin.llm import _embedded
from incabin.llm._embedded import _PrefixState, _PrefixStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("INCABIN_HOME", str(tmp_path / "home"))
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 64)
    return _PrefixStore(model, 4096)


def test_a_saved_state_loads_back_for_the_same_tokens_only(store):
    state = _PrefixState(tokens=(1, 2, 3), kv=b"kv-bytes")
    store.save(state)
    assert store.load((1, 2, 3)) == state
    assert store.load((1, 2, 4)) is None
    assert store.load((1, 2)) is None


def test_a_damaged_file_is_ignored(store):
    store.save(_PrefixState(tokens=(5, 6), kv=b"abc"))
    path = store._file((5, 6))
    path.write_bytes(b"\x07")
    assert store.load((5, 6)) is None


def test_another_model_file_does_not_share_states(store, tmp_path):
    store.save(_PrefixState(tokens=(9,), kv=b"x"))
    other_model = tmp_path / "other.gguf"
    other_model.write_bytes(b"GGUF" + b"\1" * 64)
    assert _PrefixStore(other_model, 4096).load((9,)) is None
    assert _PrefixStore(tmp_path / "model.gguf", 2048).load((9,)) is None


def test_only_the_newest_states_are_kept(store, monkeypatch):
    monkeypatch.setattr(_embedded, "_MAX_DISK_STATES", 3)
    for n in range(5):
        store.save(_PrefixState(tokens=(n,), kv=b"s"))
    kept = [n for n in range(5) if store.load((n,)) is not None]
    assert len(kept) == 3 and 4 in kept

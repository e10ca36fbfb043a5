"""One bytecode cache for every Python process the suite starts.

The suite starts many interpreters: pytest-xdist's workers, the simulator CLI, moto in a process
of its own, fresh imports. With PYTHONDONTWRITEBYTECODE set (as in some shells) none of them
keeps a .pyc, so each compiled moto, botocore, Flask and the skill from source again: seconds of
CPU a process. They share one cache instead, in .pytest_cache/pycache (outside the source tree
and the virtualenv; `make clean` removes it). Python checks every cached file against its
source, so an edited module is compiled afresh.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent.parent / ".pytest_cache" / "pycache"


def share_bytecode_cache() -> None:
    """Cache bytecode under CACHE, in this process and in every process it starts."""
    if not (sys.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE")):
        return  # bytecode is cached the usual way already
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(CACHE))
    sys.dont_write_bytecode = False
    sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]

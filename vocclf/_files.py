"""Temporary files for atomic writes, shared by model saving and labeled output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["temp_file_beside"]


def temp_file_beside(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file in ``target``'s folder, to be renamed onto it.

    Same folder, so the final ``os.replace`` is atomic; permissions follow the umask like
    any new file (``mkstemp`` alone would leave 0600).

    Returns
    -------
    (int, pathlib.Path)
        An open file descriptor and the temporary path.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return fd, Path(tmp)

"""Reading an exported animation back (shared by the export tests)."""

from __future__ import annotations

import re
import subprocess

import numpy as np


def read_frames(path) -> np.ndarray:
    """Every frame of a .gif or .mp4 as an (n, H, W, 3) uint8 array."""
    path = str(path)
    if path.endswith(".gif"):
        import imageio.v3 as iio

        return iio.imread(path, index=None, plugin="pillow", mode="RGB")
    import imageio_ffmpeg

    # ffmpeg itself (imageio-ffmpeg's reader leaves its pipes to the garbage collector)
    r = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", path, "-f", "rawvideo",
                        "-pix_fmt", "rgb24", "-"], capture_output=True, check=True)
    w, h = map(int, re.search(r"Video: .*?, (\d+)x(\d+)", r.stderr.decode()).groups())
    return np.frombuffer(r.stdout, np.uint8).reshape(-1, h, w, 3)


def all_differ(frames) -> bool:
    """Each frame differs from the one before (the run moved between them)."""
    return all(np.any(frames[i] != frames[i - 1]) for i in range(1, len(frames)))

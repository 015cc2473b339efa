"""A benchmark's results on disk, one JSON line per computed item (a fitted
fold), so that a rerun computes only what is missing and an interrupted run
keeps what it finished."""

import json
import os

__all__ = ["Cache"]


class Cache:
    """JSON-lines file: one line ``{"key": ..., "result": ...}`` per item.

    Parameters
    ----------
    path : str or None
        The file (created with its folder on the first write); ``None`` or
        ``''`` keeps the results in memory only.
    """

    def __init__(self, path):
        self.path, self.done = path, {}
        if path and os.path.exists(path):
            with open(path) as f:
                for line in f:
                    if line.strip():
                        row = json.loads(line)
                        self.done[row["key"]] = row["result"]

    def get(self, key, compute):
        """The result stored under ``key``, or ``compute()``'s, written at once."""
        if key not in self.done:
            self.done[key] = compute()
            if self.path:
                os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
                with open(self.path, "a") as f:
                    f.write(json.dumps({"key": key, "result": self.done[key]}) + "\n")
        return self.done[key]

"""python-omemo storage in one JSON file: one file holds one OMEMO device (its keys, sessions and trust)."""

import json
import os
from pathlib import Path

from omemo.storage import Just, Maybe, Nothing, Storage


class JsonFileStorage(Storage):
    def __init__(self, path):
        super().__init__()
        self._path = Path(path)
        self._data = {}
        if self._path.exists():
            with self._path.open(encoding="utf-8") as file:
                self._data = json.load(file)

    async def _load(self, key) -> Maybe:
        if key in self._data:
            return Just(self._data[key])
        return Nothing()

    async def _store(self, key, value):
        self._data[key] = value
        self._write()

    async def _delete(self, key):
        if key in self._data:
            del self._data[key]
            self._write()

    def _write(self):
        # Written to a side file and renamed, so a peer killed mid-write never leaves a torn store behind.
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_name(self._path.name + ".partial")
        with partial.open("w", encoding="utf-8") as file:
            json.dump(self._data, file)
        os.replace(partial, self._path)

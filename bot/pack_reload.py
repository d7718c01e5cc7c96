"""Reading the packs folder again for ``/pack reload``: every pack that loads, and the problems
of every pack that does not (each keeps its place in the folder's order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.packs import Pack, PackError, discover_packs, load_pack


@dataclass
class FolderRead:
    # (position in the folder's order, pack) for every pack that loads
    packs: list[tuple[int, Pack]] = field(default_factory=list)
    # folder name -> its problems, for every pack that does not
    problems: dict[str, list[str]] = field(default_factory=dict)


def read_packs(root: Path) -> FolderRead:
    read = FolderRead()
    for position, folder in enumerate(discover_packs(root)):
        try:
            read.packs.append((position, load_pack(folder)))
        except PackError as exc:
            read.problems[folder.name] = exc.problems
    return read

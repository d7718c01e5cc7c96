"""``--files DIR``: every attachment the bot sends (charts, exports) saved where a person can open it."""

from __future__ import annotations

import logging
from collections.abc import Hashable
from pathlib import Path

import discord

log = logging.getLogger(__name__)


class AttachmentSaver:
    """Saves each attachment once, under a name that keeps its own and never overwrites a file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._saved: dict[Hashable, Path] = {}

    async def save_all(self, message: discord.Message) -> list[str]:
        """The path of each of ``message``'s attachments, saving those not saved yet."""
        return [str(await self._save(attachment)) for attachment in message.attachments]

    async def _save(self, attachment: discord.Attachment) -> Path:
        known = self._saved.get(attachment.id)
        if known is not None:
            return known
        return self.save(attachment.id, attachment.filename, await attachment.read())

    def save(self, key: Hashable, filename: str, data: bytes) -> Path:
        """Save ``data`` (the file known as ``key``: a Discord attachment's or a Slack file's id) once."""
        known = self._saved.get(key)
        if known is not None:
            return known
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._free_path(Path(filename).name or f"attachment-{key}")
        path.write_bytes(data)
        self._saved[key] = path
        log.debug("saved %s to %s", filename, path)
        return path

    def _free_path(self, filename: str) -> Path:
        path = self.folder / filename
        stem, suffix = path.stem, path.suffix
        number = 2
        while path.exists():
            path = self.folder / f"{stem}-{number}{suffix}"
            number += 1
        return path

"""Slack's limits (../shared/slack-limits.md, Block Kit reference) that every reply keeps inside."""

from __future__ import annotations

TEXT = 3900  # message text, the notification fallback (keep under 4,000)
BLOCKS = 50
MODAL_BLOCKS = 100
BLOCKS_TEXT = 11_000  # summed text of a message's blocks (rejected around 13,000 in practice)
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
ACTION_ID = 255
BUTTON_VALUE = 2000
SELECT_OPTIONS = 100
OPTION_TEXT = 75
OPTION_VALUE = 150
PLACEHOLDER = 150
MODAL_TITLE = 24
MODAL_BUTTON = 24
CALLBACK_ID = 255
PRIVATE_METADATA = 3000
INPUT_MAX = 3000
ALT_TEXT = 2000

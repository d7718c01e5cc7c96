"""Sizes the neutral builders work to: the smaller of Discord's and Slack's, so one card fits both.

Each renderer still applies its own platform's limits (bot/ui/limits.py, slack_app/limits.py).
"""

from __future__ import annotations

# Discord: an embed field holds 1,024 characters; Slack: a section field 2,000.
FIELD_VALUE = 1024
# Discord: an embed title 256; Slack: a header 150 (plain text).
TITLE = 150
# Buttons: Discord 80, Slack 75.
BUTTON_LABEL = 75

"""What a user action shows, before any platform: cards, buttons, files, private or public.

Actions (``bot.actions``) return plain results; the builders here turn them into ``Reply`` values,
and each front end renders those natively: ``bot.ui.cards`` to discord.py embeds and views,
``slack_app.blocks`` to Block Kit. Each renderer owns its platform's limits and escaping.
"""

"""Discord rendering shared by cogs: replies inside Discord's limits, embeds, views, charts."""

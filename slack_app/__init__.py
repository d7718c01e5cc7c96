"""The Slack front end: Bolt's AsyncApp on the platform-neutral core (docs/slack.md).

One module per feature, mirroring ``cogs/``; ``front.py`` builds the app and lists them.
"""

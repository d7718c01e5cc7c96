"""Roundtable: a Discord bot for study groups that read and argue about a text together."""

__version__ = "0.1.0"

"""Domain rules. Plain async functions taking an AsyncSession and plain values.

They never import discord and never commit: the caller's unit of work does.
"""

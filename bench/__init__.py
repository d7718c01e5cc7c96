"""Benchmarks: the bot measured against the framework floor it runs on (``make bench``).

See docs/benchmarks.md for what is measured, the targets and the latest results.
"""

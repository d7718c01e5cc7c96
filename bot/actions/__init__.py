"""One front-end-neutral function per user action.

Each takes the unit of work's session and plain values (internal space and member ids, the
clock's ``now``, what the member typed), applies the rules through ``bot.services`` and returns a
plain result for ``bot.replies`` to word. A Discord cog and a Slack handler each parse, open one
unit of work, call the action and render; no rule, query or sequence of service calls lives in a
front end.
"""

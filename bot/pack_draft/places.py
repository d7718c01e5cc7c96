"""States (from pycountry), the short forms texts use for them, their capitals and demonyms.

A capital often stands in for its government ("Tokyo and NATO's headquarters", "gave Washington
an outsize role"), and a demonym names a state ("British Defense Minister"): the draft lists the
capital as an actor related to its state, and counts the demonym as naming the state.
"""

from __future__ import annotations

from functools import cache

# fmt: off
# Short forms a text uses -> the state's usual English name.
SHORT_FORMS = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "America": "United States",
    "United States of America": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "Russia": "Russia",
    "Russian Federation": "Russia",
    "PRC": "China",
    "ROK": "South Korea",
    "DPRK": "North Korea",
    "Korea": "South Korea",
    "Viet Nam": "Vietnam",
    "Iran": "Iran",
    "Syria": "Syria",
    "Laos": "Laos",
    "Brunei": "Brunei",
    "Burma": "Myanmar",
    "Holland": "Netherlands",
    "Czech Republic": "Czechia",
    "Turkey": "Türkiye",
    "Moldova": "Moldova",
    "Bolivia": "Bolivia",
    "Venezuela": "Venezuela",
    "Tanzania": "Tanzania",
}

CAPITALS = {
    "Tokyo": "Japan",
    "Beijing": "China",
    "Washington": "United States",
    "London": "United Kingdom",
    "Paris": "France",
    "Berlin": "Germany",
    "Moscow": "Russia",
    "Seoul": "South Korea",
    "Pyongyang": "North Korea",
    "Canberra": "Australia",
    "Wellington": "New Zealand",
    "New Delhi": "India",
    "Delhi": "India",
    "Manila": "Philippines",
    "Hanoi": "Vietnam",
    "Jakarta": "Indonesia",
    "Bangkok": "Thailand",
    "Kuala Lumpur": "Malaysia",
    "Taipei": "Taiwan",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Warsaw": "Poland",
    "Vilnius": "Lithuania",
    "Riga": "Latvia",
    "Tallinn": "Estonia",
    "Helsinki": "Finland",
    "Stockholm": "Sweden",
    "Oslo": "Norway",
    "Copenhagen": "Denmark",
    "Brussels": "Belgium",
    "The Hague": "Netherlands",
    "Amsterdam": "Netherlands",
    "Rome": "Italy",
    "Madrid": "Spain",
    "Lisbon": "Portugal",
    "Athens": "Greece",
    "Ankara": "Türkiye",
    "Vienna": "Austria",
    "Prague": "Czechia",
    "Budapest": "Hungary",
    "Bucharest": "Romania",
    "Dublin": "Ireland",
    "Ottawa": "Canada",
    "Mexico City": "Mexico",
    "Brasília": "Brazil",
    "Brasilia": "Brazil",
    "Buenos Aires": "Argentina",
    "Pretoria": "South Africa",
    "Cairo": "Egypt",
    "Riyadh": "Saudi Arabia",
    "Tehran": "Iran",
    "Islamabad": "Pakistan",
    "Dhaka": "Bangladesh",
    "Kabul": "Afghanistan",
    "Baghdad": "Iraq",
    "Damascus": "Syria",
    "Phnom Penh": "Cambodia",
    "Vientiane": "Laos",
    "Naypyidaw": "Myanmar",
    "Ulaanbaatar": "Mongolia",
    "Nairobi": "Kenya",
    "Abuja": "Nigeria", "Accra": "Ghana", "Addis Ababa": "Ethiopia", "Dakar": "Senegal", "Kampala": "Uganda",
    "Kigali": "Rwanda", "Lagos": "Nigeria", "Dodoma": "Tanzania", "Lusaka": "Zambia", "Harare": "Zimbabwe",
    "Luanda": "Angola", "Algiers": "Algeria",
    "Rabat": "Morocco", "Tunis": "Tunisia", "Khartoum": "Sudan", "Singapore": "Singapore",
}

DEMONYMS = {
    "American": "United States",
    "British": "United Kingdom",
    "Chinese": "China",
    "French": "France",
    "German": "Germany",
    "Japanese": "Japan",
    "Korean": "South Korea",
    "South Korean": "South Korea",
    "North Korean": "North Korea",
    "Russian": "Russia",
    "Indian": "India",
    "Australian": "Australia",
    "Italian": "Italy",
    "Spanish": "Spain",
    "Canadian": "Canada",
    "Ukrainian": "Ukraine",
    "Polish": "Poland",
    "Dutch": "Netherlands",
    "Belgian": "Belgium",
    "Swedish": "Sweden",
    "Finnish": "Finland",
    "Norwegian": "Norway",
    "Danish": "Denmark",
    "Turkish": "Türkiye",
    "Filipino": "Philippines",
    "Philippine": "Philippines",
    "Vietnamese": "Vietnam",
    "Indonesian": "Indonesia",
    "Thai": "Thailand",
    "Malaysian": "Malaysia",
    "Singaporean": "Singapore",
    "Taiwanese": "Taiwan",
    "Pakistani": "Pakistan",
    "Iranian": "Iran",
    "Israeli": "Israel",
    "Saudi": "Saudi Arabia",
    "Egyptian": "Egypt",
    "Brazilian": "Brazil",
    "Mexican": "Mexico",
    "Lithuanian": "Lithuania",
    "Kenyan": "Kenya", "Nigerian": "Nigeria", "Ghanaian": "Ghana", "Ethiopian": "Ethiopia",
    "South African": "South Africa", "Tanzanian": "Tanzania", "Ugandan": "Uganda", "Rwandan": "Rwanda",
    "Senegalese": "Senegal", "Moroccan": "Morocco", "Algerian": "Algeria", "Estonian": "Estonia",
    "Latvian": "Latvia", "Swiss": "Switzerland", "Austrian": "Austria", "Czech": "Czechia",
    "Hungarian": "Hungary", "Romanian": "Romania", "Argentine": "Argentina", "Chilean": "Chile",
    "Colombian": "Colombia", "Peruvian": "Peru", "Cuban": "Cuba", "Bangladeshi": "Bangladesh",
    "Sri Lankan": "Sri Lanka", "Nepali": "Nepal", "Burmese": "Myanmar", "Cambodian": "Cambodia",
    "Mongolian": "Mongolia", "Emirati": "United Arab Emirates", "Qatari": "Qatar", "Iraqi": "Iraq",
    "Syrian": "Syria", "Afghan": "Afghanistan", "Kazakh": "Kazakhstan",
    "Greek": "Greece",
    "Portuguese": "Portugal",
    "Irish": "Ireland",
}

# fmt: on


@cache
def state_names() -> dict[str, str]:
    """Every way of naming a state this module knows -> the state's usual English name."""
    import pycountry  # here, not at import: /ask reads this module's lists without it (issue 19)

    names: dict[str, str] = {}
    for country in pycountry.countries:
        usual = getattr(country, "common_name", None) or country.name.split(",")[0]
        for form in {country.name, usual}:
            if "," not in form:
                names[form] = usual
    for form, usual in SHORT_FORMS.items():
        names[form] = usual
    names["Türkiye"] = "Türkiye"
    return names


def state_of(name: str) -> str | None:
    return state_names().get(name)


def capital_of(name: str) -> str | None:
    return CAPITALS.get(name)


def demonym_of(name: str) -> str | None:
    return DEMONYMS.get(name)


@cache
def demonyms_by_state() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for demonym, state in DEMONYMS.items():
        found.setdefault(state, []).append(demonym)
    return found

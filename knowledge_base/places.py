"""Where places are: a visitor's "je pars en Italie" also says "Europe, Union européenne, étranger".

A knowledge base explains rules by region ("in the European Union", "outside Europe", "abroad"), while
visitors name a country or a city. Neither the sentence encoder (weak in French) nor lexical matching knows
that Italy is in the European Union and New York is not, so the message searched carries the regions of
the places it names. Places in the service's home country are left alone ("je déménage à Lyon" is not
travel); its overseas territories keep their region ("Guadeloupe": outre-mer, European Union) without being
abroad. This is world knowledge, not any one company's: the table covers the countries, the French overseas
territories, the continents and the cities visitors commonly name. Names that are also everyday words,
acronyms or first names ("Chad", "Florence", "Rio" as in "code RIO", "RDC" as in "rez-de-chaussée") are left
out, and the short ones that are words in lower case are matched only as written ("US", "UK").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_base.analysis import fold

REGIONS: dict[str, dict[str, str]] = {
    "eu": {"fr": "Europe", "en": "Europe"},
    "europe": {"fr": "Europe", "en": "Europe"},
    "north_america": {"fr": "Amérique du Nord", "en": "North America"},
    "caribbean": {"fr": "Amérique centrale Caraïbes", "en": "Central America Caribbean"},
    "south_america": {"fr": "Amérique du Sud", "en": "South America"},
    "africa": {"fr": "Afrique", "en": "Africa"},
    "middle_east": {"fr": "Moyen-Orient Asie", "en": "Middle East Asia"},
    "asia": {"fr": "Asie", "en": "Asia"},
    "oceania": {"fr": "Océanie", "en": "Oceania"},
    # French overseas departments (in the European Union) and collectivities (outside it).
    "eu_overseas": {"fr": "outre-mer DOM-TOM", "en": "French overseas territories"},
    "overseas": {"fr": "outre-mer DOM-TOM", "en": "French overseas territories"},
}
IN_EU_REGIONS = frozenset({"eu", "eu_overseas"})
IN_EU = {"fr": "Union européenne UE", "en": "European Union EU"}
OUTSIDE_EU = {"fr": "hors Union européenne", "en": "outside the European Union"}
ABROAD = {"fr": "étranger", "en": "abroad"}

# code | region | French names | English names [| sovereign country] ("/" between names; the first line's first
# name is written out). Territories of the home country are not abroad, but keep their region ("outre-mer").
COUNTRIES = """
AT|eu|Autriche|Austria
BE|eu|Belgique|Belgium
BG|eu|Bulgarie|Bulgaria
HR|eu|Croatie|Croatia
CY|eu|Chypre|Cyprus
CZ|eu|République tchèque/Tchéquie|Czech Republic/Czechia
DK|eu|Danemark|Denmark
EE|eu|Estonie|Estonia
FI|eu|Finlande|Finland
FR|eu|France|France
DE|eu|Allemagne|Germany
GR|eu|Grèce|Greece
HU|eu|Hongrie|Hungary
IE|eu|Irlande|Ireland
IT|eu|Italie|Italy
LV|eu|Lettonie|Latvia
LT|eu|Lituanie|Lithuania
LU|eu|Luxembourg|Luxembourg
MT|eu|Malte|Malta
NL|eu|Pays-Bas/Hollande|Netherlands/Holland
PL|eu|Pologne|Poland
PT|eu|Portugal|Portugal
RO|eu|Roumanie|Romania
SK|eu|Slovaquie|Slovakia
SI|eu|Slovénie|Slovenia
ES|eu|Espagne|Spain
SE|eu|Suède|Sweden
GB|europe|Royaume-Uni/Angleterre/Écosse|United Kingdom/England/Scotland
GB|europe|Grande-Bretagne/Pays de Galles|Great Britain/Britain/Wales
CH|europe|Suisse|Switzerland
NO|europe|Norvège|Norway
IS|europe|Islande|Iceland
LI|europe|Liechtenstein|Liechtenstein
MC|europe|Monaco|Monaco
AD|europe|Andorre|Andorra
SM|europe|Saint-Marin|San Marino
VA|europe|Vatican|Vatican
AL|europe|Albanie|Albania
RS|europe|Serbie|Serbia
ME|europe|Monténégro|Montenegro
BA|europe|Bosnie|Bosnia
MK|europe|Macédoine du Nord/Macédoine|North Macedonia/Macedonia
XK|europe|Kosovo|Kosovo
MD|europe|Moldavie|Moldova
BY|europe|Biélorussie/Bélarus|Belarus
UA|europe|Ukraine|Ukraine
RU|europe|Russie|Russia
TR|europe|Turquie|Turkey
US|north_america|États-Unis|United States
CA|north_america|Canada|Canada
MX|caribbean|Mexique|Mexico
CU|caribbean|Cuba|Cuba
DO|caribbean|République dominicaine|Dominican Republic
HT|caribbean|Haïti|Haiti
JM|caribbean|Jamaïque|Jamaica
CR|caribbean|Costa Rica|Costa Rica
PA|caribbean|Panama|Panama
BR|south_america|Brésil|Brazil
AR|south_america|Argentine|Argentina
CL|south_america|Chili|Chile
PE|south_america|Pérou|Peru
CO|south_america|Colombie|Colombia
BO|south_america|Bolivie|Bolivia
EC|south_america|Équateur|Ecuador
UY|south_america|Uruguay|Uruguay
VE|south_america|Venezuela|Venezuela
MA|africa|Maroc|Morocco
DZ|africa|Algérie|Algeria
TN|africa|Tunisie|Tunisia
EG|africa|Égypte|Egypt
SN|africa|Sénégal|Senegal
CI|africa|Côte d'Ivoire|Ivory Coast/Côte d'Ivoire
ML|africa|Mali|Mali
BF|africa|Burkina Faso|Burkina Faso
NE|africa|Niger|Niger
CM|africa|Cameroun|Cameroon
GA|africa|Gabon|Gabon
CG|africa|Congo|Congo
CD|africa|République démocratique du Congo|Democratic Republic of the Congo
BJ|africa|Bénin|Benin
TG|africa|Togo|Togo
GN|africa|Guinée|Republic of Guinea
MG|africa|Madagascar|Madagascar
MU|africa|Île Maurice/Ile Maurice|Mauritius
NG|africa|Nigeria|Nigeria
GH|africa|Ghana|Ghana
KE|africa|Kenya|Kenya
ET|africa|Éthiopie|Ethiopia
TZ|africa|Tanzanie|Tanzania
ZA|africa|Afrique du Sud|South Africa
IL|middle_east|Israël|Israel
LB|middle_east|Liban|Lebanon
AE|middle_east|Émirats arabes unis/Émirats|United Arab Emirates/Emirates
SA|middle_east|Arabie saoudite|Saudi Arabia
QA|middle_east|Qatar|Qatar
IR|middle_east|Iran|Iran
IQ|middle_east|Irak|Iraq
CN|asia|Chine|China
JP|asia|Japon|Japan
KR|asia|Corée du Sud/Corée|South Korea/Korea
IN|asia|Inde|India
TH|asia|Thaïlande|Thailand
VN|asia|Vietnam/Viêt Nam|Vietnam
ID|asia|Indonésie|Indonesia
PH|asia|Philippines|Philippines
SG|asia|Singapour|Singapore
MY|asia|Malaisie|Malaysia
KH|asia|Cambodge|Cambodia
LK|asia|Sri Lanka|Sri Lanka
NP|asia|Népal|Nepal
PK|asia|Pakistan|Pakistan
AU|oceania|Australie|Australia
NZ|oceania|Nouvelle-Zélande|New Zealand
GP|eu_overseas|Guadeloupe|Guadeloupe|FR
MQ|eu_overseas|Martinique|Martinique|FR
GF|eu_overseas|Guyane/Guyane française|French Guiana|FR
RE|eu_overseas|La Réunion/île de la Réunion|Réunion/Reunion Island|FR
YT|eu_overseas|Mayotte|Mayotte|FR
MF|eu_overseas|Saint-Martin|Saint Martin|FR
PF|overseas|Polynésie française/Polynésie/Tahiti|French Polynesia/Tahiti|FR
NC|overseas|Nouvelle-Calédonie|New Caledonia|FR
PM|overseas|Saint-Pierre-et-Miquelon|Saint Pierre and Miquelon|FR
BL|overseas|Saint-Barthélemy/Saint-Barth|Saint Barthélemy/St Barts|FR
WF|overseas|Wallis-et-Futuna|Wallis and Futuna|FR
X-AF|africa|Afrique/Maghreb|Africa
X-AS|asia|Asie/Asie du Sud-Est|Asia/Southeast Asia
X-NA|north_america|Amérique du Nord|North America
X-SA|south_america|Amérique du Sud/Amérique latine|South America/Latin America
X-ME|middle_east|Moyen-Orient|Middle East
X-OC|oceania|Océanie|Oceania
"""

# Cities and regions visitors name instead of their country: French names | English names | country code.
CITIES = """
New York/New-York|New York/NYC|US
Los Angeles|Los Angeles|US
San Francisco|San Francisco|US
Miami|Miami|US
Las Vegas|Las Vegas|US
Chicago|Chicago|US
Boston|Boston|US
Floride|Florida|US
Californie|California|US
Hawaï|Hawaii|US
Montréal|Montreal|CA
Québec|Quebec|CA
Toronto|Toronto|CA
Vancouver|Vancouver|CA
Rio de Janeiro|Rio de Janeiro|BR
Buenos Aires|Buenos Aires|AR
Cancún|Cancun|MX
Punta Cana|Punta Cana|DO
Londres|London|GB
Édimbourg|Edinburgh|GB
Dublin|Dublin|IE
Bruxelles|Brussels|BE
Amsterdam|Amsterdam|NL
Berlin|Berlin|DE
Munich|Munich|DE
Rome|Rome|IT
Milan|Milan|IT
Venise|Venice|IT
Naples|Naples|IT
Sicile|Sicily|IT
Sardaigne|Sardinia|IT
Barcelone|Barcelona|ES
Madrid|Madrid|ES
Séville|Seville|ES
Malaga|Malaga|ES
Ibiza|Ibiza|ES
Majorque|Majorca/Mallorca|ES
Canaries/Tenerife|Canary Islands/Tenerife|ES
Lisbonne|Lisbon|PT
Madère|Madeira|PT
Genève|Geneva|CH
Zurich|Zurich|CH
Lausanne|Lausanne|CH
Vienna|Vienna|AT
Prague|Prague|CZ
Budapest|Budapest|HU
Varsovie|Warsaw|PL
Cracovie|Krakow|PL
Athènes|Athens|GR
Copenhague|Copenhagen|DK
Stockholm|Stockholm|SE
Oslo|Oslo|NO
Helsinki|Helsinki|FI
Reykjavik|Reykjavik|IS
Bucarest|Bucharest|RO
Istanbul|Istanbul|TR
Moscou|Moscow|RU
Marrakech|Marrakesh/Marrakech|MA
Casablanca|Casablanca|MA
Agadir|Agadir|MA
Tunis|Tunis|TN
Djerba|Djerba|TN
Alger|Algiers|DZ
Dakar|Dakar|SN
Abidjan|Abidjan|CI
Le Caire|Cairo|EG
Dubaï|Dubai|AE
Tel Aviv|Tel Aviv|IL
Beyrouth|Beirut|LB
Tokyo|Tokyo|JP
Pékin|Beijing|CN
Shanghai|Shanghai|CN
Hong Kong|Hong Kong|CN
Bangkok|Bangkok|TH
Phuket|Phuket|TH
Bali|Bali|ID
Sydney|Sydney|AU
Melbourne|Melbourne|AU
Texas|Texas|US
Nevada|Nevada|US
Arizona|Arizona|US
Colorado|Colorado|US
Louisiane|Louisiana|US
Alaska|Alaska|US
Pennsylvanie|Pennsylvania|US
Massachusetts|Massachusetts|US
Seattle|Seattle|US
Ontario|Ontario|CA
Alberta|Alberta|CA
Colombie-Britannique|British Columbia|CA
Nouvelle-Écosse|Nova Scotia|CA
São Paulo/Sao Paulo|São Paulo/Sao Paulo|BR
Mexico|Mexico City|MX
Manchester|Manchester|GB
Liverpool|Liverpool|GB
Glasgow|Glasgow|GB
Belfast|Belfast|GB
Turin|Turin/Torino|IT
Bologne|Bologna|IT
Vérone|Verona|IT
Pise|Pisa|IT
Francfort|Frankfurt|DE
Hambourg|Hamburg|DE
Düsseldorf|Düsseldorf/Dusseldorf|DE
Valencia|Valencia|ES
Faro/Algarve|Faro/Algarve|PT
Santorin|Santorini|GR
Mykonos|Mykonos|GR
Dubrovnik|Dubrovnik|HR
Anvers|Antwerp|BE
Bruges|Bruges|BE
Gand|Ghent|BE
Rotterdam|Rotterdam|NL
Bâle|Basel|CH
Berne|Bern|CH
Rabat|Rabat|MA
Fès|Fez|MA
Tanger|Tangier|MA
Hammamet|Hammamet|TN
Sousse|Sousse|TN
Hurghada|Hurghada|EG
Charm el-Cheikh|Sharm el-Sheikh|EG
Antalya|Antalya|TR
Abu Dhabi|Abu Dhabi|AE
Kyoto|Kyoto|JP
Osaka|Osaka|JP
Hanoï|Hanoi|VN
Hô Chi Minh-Ville/Saïgon|Ho Chi Minh City/Saigon|VN
Bombay/Mumbai|Mumbai/Bombay|IN
New Delhi/Delhi|New Delhi/Delhi|IN
"""

# Written exactly so (capitals): "us" and "uk" are everyday words in lower case.
EXACT = {"US": "US", "USA": "US", "U.S.": "US", "UK": "GB", "U.K.": "GB", "UAE": "AE"}
_TOKEN = re.compile(r"[a-z0-9]+")
_EXACT = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in EXACT) + r")(?![\w])")
MAX_WORDS = 5


@dataclass(frozen=True)
class Country:
    code: str
    region: str
    names: dict[str, str]  # language -> the name written out
    sovereign: str  # the country it belongs to: itself, or France for Guadeloupe; "" for a continent


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether a word next to text[start:end] is in capitals too ("PLEASE HELP US"): then "US" is a word."""
    before, after = text[:start].split()[-1:], text[end:].split()[:1]
    return any(w.isupper() and sum(c.isalpha() for c in w) >= 2 for w in (*before, *after))


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(text).replace("'", " ")))


def _parse() -> tuple[dict[str, Country], dict[tuple[str, ...], str]]:
    countries: dict[str, Country] = {}
    names: dict[tuple[str, ...], str] = {}
    for line in COUNTRIES.strip().splitlines():
        code, region, fr, en, *parent = line.split("|")
        sovereign = parent[0] if parent else ("" if code.startswith("X-") else code)
        countries.setdefault(code, Country(code, region, {"fr": fr.split("/")[0], "en": en.split("/")[0]}, sovereign))
        for name in (*fr.split("/"), *en.split("/")):
            names[_tokens(name)] = code
    for line in CITIES.strip().splitlines():
        fr, en, code = line.split("|")
        for name in (*fr.split("/"), *en.split("/")):
            names.setdefault(_tokens(name), code)
    return countries, names


class Places:
    """Finds the places a message names and writes out where they are, in the message's language."""

    def __init__(self, home: str | None = "FR") -> None:
        self.home = (home or "").upper() or None
        self.countries, self.names = _parse()

    def find(self, text: str) -> list[str]:
        """Codes of the places named in `text` (the home country itself left out), in order of appearance."""
        found: list[str] = []
        tokens = _tokens(text)
        i = 0
        while i < len(tokens):
            for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
                code = self.names.get(tokens[i : i + n])
                if code is not None:
                    found.append(code)
                    i += n
                    break
            else:
                i += 1
        found += [EXACT[m.group(1)] for m in _EXACT.finditer(text) if not _shouted(text, m.start(), m.end())]
        return [c for c in dict.fromkeys(found) if c != self.home]

    def regions(self, text: str, language: str) -> str:
        """Where the named places are ("États-Unis Amérique du Nord hors Union européenne étranger"), or ""."""
        lang = language if language in ABROAD else "en"
        out: list[str] = []
        abroad = False
        for code in self.find(text):
            country = self.countries[code]
            out += [country.names[lang], REGIONS[country.region][lang]]
            out.append(IN_EU[lang] if country.region in IN_EU_REGIONS else OUTSIDE_EU[lang])
            abroad = abroad or self.abroad(code)
        if abroad:
            out.append(ABROAD[lang])
        return " ".join(dict.fromkeys(out))

    def abroad(self, code: str) -> bool:
        """Whether the place of this code is outside the home country (its overseas territories are not)."""
        return self.countries[code].sovereign != self.home

    def home_name(self, language: str) -> str:
        """The home country's name in that language ("France"), or "" without a home country known here."""
        country = self.countries.get(self.home or "")
        return country.names.get(language, "") if country is not None else ""

    def annotate(self, text: str, language: str) -> str:
        """The message as searched: followed by the regions of the places it names, if any."""
        regions = self.regions(text, language)
        return f"{text} ({regions})" if regions else text

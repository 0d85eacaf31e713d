"""Realistic complaint texts and people for the benchmarks, built from the shared data sets.

Pure standard library (no Django, no doleances import): `generate.py` fills Doléances with it and
`side_by_side.py` fills django-helpdesk with the very same texts, from the peer's own interpreter.

* English texts are real US consumer complaint narratives (CFPB, `cfpb/train.csv` + `dev.csv`,
  personal data already redacted as XXXX), whole, with their product as the category.
* French texts are real customer tweets to a telecom operator (`fr-tweets/`), lower-cased in the
  source: one to four tweets on the same topic are joined into one written complaint, sentences
  capitalised, so that the French texts have the length of a form or a letter, not of a tweet.
* A complaint as stored is `greeting + body + closing signed with the customer's name`: every
  description differs, and the analysis of a body (`Text`) can be reused by shifting its offsets
  by `len(greeting)` (see `Letter`). A small share are copy-paste campaigns: the same text, unsigned.

The data folder is found through DOLEANCES_BENCH_DATA, else `shared/data` beside the checkout.
"""

from __future__ import annotations

import csv
import os
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_BODY = 18_000  # the form accepts 20,000 characters; room is left for greeting and signature
FRENCH_SHARE = 0.6  # Doléances speaks French first
CAMPAIGN_SHARE = 0.02  # complaints that are one of a few copy-pasted texts


def data_dir() -> Path:
    candidates = [
        os.environ.get("DOLEANCES_BENCH_DATA", ""),
        ROOT.parent / "shared" / "data",
        ROOT.parents[1] / "shared" / "data",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "cfpb" / "train.csv").exists():
            return Path(candidate)
    raise SystemExit("shared data not found: set DOLEANCES_BENCH_DATA to the folder holding cfpb/ and fr-tweets/")


@dataclass(frozen=True, slots=True)
class Text:
    """One complaint as the customer means it: the part that the analysis reads."""

    language: str  # "fr" or "en"
    category: str  # the category a handler would give it (a key of CATEGORIES)
    subject: str
    body: str

    @property
    def analysed(self) -> str:
        """The text the analysis pipeline reads (subject, blank line, description), without
        greeting and signature; `Letter.shift` maps its offsets to the stored text."""
        return f"{self.subject}\n\n{self.body}"


@dataclass(frozen=True, slots=True)
class Letter:
    """A complaint as stored: one `Text` with the customer's own greeting and signature."""

    text: Text
    greeting: str
    closing: str

    @property
    def description(self) -> str:
        return f"{self.greeting}{self.text.body}{self.closing}"

    def shift(self, offset: int) -> int:
        """Where an offset into `text.analysed` lands in subject + blank line + description."""
        return offset if offset < len(self.text.subject) + 2 else offset + len(self.greeting)


# Categories of the generated desk: name → (language, team name, cold-start keywords as the
# admin's CategoryKeywords would hold them, one phrase per line).
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "Internet et fibre": ("fr", "Réseau et technique", "fibre\ninternet\nconnexion\ndébit\nwifi\nbox\ncoupure*\npanne"),
    "Réseau mobile": ("fr", "Réseau et technique", "réseau\nmobile\n4g\n5g\nsms\nforfait mobile\nantenne"),
    "Facturation": ("fr", "Facturation", "factur*\nprélèvement\nprélevé*\nremboursement\nrembourser\nfrais\npayer"),
    "Télévision": ("fr", "Service réclamations", "télé\ntv\nchaîne*\nreplay\nplayer\ndécodeur"),
    "Résiliation": ("fr", "Service réclamations", "résiliation\nrésilier\nrésilié\npréavis\nfrais de résiliation"),
    "Service client": (
        "fr",
        "Service réclamations",
        "conseiller\nservice client\nassistance\nhotline\njoindre\npersonne ne répond",
    ),
    "Credit reporting": ("en", "Consumer finance (US)", "credit report*\nequifax\nexperian\ntransunion\ncredit bureau*"),
    "Debt collection": ("en", "Consumer finance (US)", "debt collect*\ncollection agency\ncollector*\nowe"),
    "Mortgage": ("en", "Mortgages (US)", "mortgage\nescrow\nforeclos*\nloan modification"),
    "Credit card": ("en", "Cards and accounts (US)", "credit card\ncard\ncharged\nstatement"),
    "Bank account": ("en", "Cards and accounts (US)", "bank account\nchecking account\nsavings account\noverdraft\ndeposit"),
    "Consumer loan": ("en", "Consumer finance (US)", "car loan\nvehicle\npayday\npersonal loan\nlease"),
    "Student loan": ("en", "Consumer finance (US)", "student loan*\nnavient\nnelnet\nforgiveness"),
    "Money transfer": ("en", "Cards and accounts (US)", "money transfer\nwire transfer\npaypal\ncash app\nzelle\nvenmo"),
}
CFPB_CATEGORY = {
    "Credit reporting, credit repair services, or other personal consumer reports": "Credit reporting",
    "Debt collection": "Debt collection",
    "Mortgage": "Mortgage",
    "Credit card or prepaid card": "Credit card",
    "Bank account or service, Savings account": "Bank account",
    "Consumer loan, Vehicle loan or lease, Payday loan, title loan, or personal loan": "Consumer loan",
    "Student loan": "Student loan",
    "Money transfer, virtual currency, or money service": "Money transfer",
}
# What French customers type as a subject, by topic; English subjects too, by product.
SUBJECTS = {
    "Internet et fibre": [
        "Plus de connexion internet depuis plusieurs jours",
        "Fibre coupée",
        "Débit très instable",
        "Box bloquée à l'étape 4",
        "Panne internet non résolue",
        "Technicien jamais venu",
    ],
    "Réseau mobile": ["Pas de réseau mobile", "Réseau 4G inexistant chez moi", "SMS non reçus", "Appels qui coupent"],
    "Facturation": ["Facture erronée", "Prélèvement injustifié", "Frais facturés à tort", "Remboursement non reçu"],
    "Télévision": ["Chaînes TV indisponibles", "Décodeur en panne", "Replay inaccessible"],
    "Résiliation": ["Résiliation non prise en compte", "Frais de résiliation contestés", "Demande de résiliation"],
    "Service client": ["Impossible de joindre le service client", "Aucune réponse à mes demandes", "Conseiller injoignable"],
    "Credit reporting": [
        "Incorrect information on my credit report",
        "Dispute ignored by the credit bureau",
        "Account I never opened",
    ],
    "Debt collection": ["Debt I do not owe", "Collector keeps calling me", "Debt already paid"],
    "Mortgage": ["Escrow account mismanaged", "Loan modification refused", "Mortgage payment not applied"],
    "Credit card": ["Unauthorised charges on my card", "Dispute not resolved", "Card closed without notice"],
    "Bank account": ["Account closed without explanation", "Overdraft fees", "Deposit never credited"],
    "Consumer loan": ["Car loan payment not credited", "Wrong loan balance", "Repossession without notice"],
    "Student loan": ["Student loan forgiveness denied", "Payments misapplied by my servicer", "Loan transferred without notice"],
    "Money transfer": ["Money sent but never received", "Transfer blocked", "Funds frozen in my account"],
}
GREETINGS = {
    "fr": ["Bonjour,\n", "Bonjour,\n\n", "Madame, Monsieur,\n\n", "Bonsoir,\n", "", ""],
    "en": ["Hello,\n", "Dear Sir or Madam,\n\n", "To whom it may concern,\n\n", "Hi,\n", "", ""],
}
CLOSINGS = {
    "fr": [
        "\n\nCordialement,\n{name}",
        "\n\nMerci de votre retour rapide.\n{name}",
        "\n\nBien à vous,\n{name}",
        "\n\nJ'attends une réponse sous huit jours.\n{name}",
        "\n{name}",
    ],
    "en": [
        "\n\nRegards,\n{name}",
        "\n\nSincerely,\n{name}",
        "\n\nThank you,\n{name}",
        "\n\nI look forward to your reply.\n{name}",
        "\n{name}",
    ],
}
REMEDIES = {
    "fr": [
        "Remboursement",
        "Un geste commercial",
        "Rétablissement du service au plus vite",
        "Des excuses",
        "Annulation des frais",
        "",
    ],
    "en": ["A refund", "Correct my file", "Stop the calls", "Reverse the fees", "An apology and a written explanation", ""],
}
FIRST_NAMES = {
    "fr": [
        "Jeanne",
        "Marie",
        "Camille",
        "Léa",
        "Chloé",
        "Manon",
        "Inès",
        "Sarah",
        "Emma",
        "Louise",
        "Nathalie",
        "Sophie",
        "Isabelle",
        "Sylvie",
        "Élodie",
        "Aïcha",
        "Fatima",
        "Nadia",
        "Hélène",
        "Margaux",
        "Lucas",
        "Hugo",
        "Louis",
        "Jules",
        "Thomas",
        "Nicolas",
        "Julien",
        "Pierre",
        "Antoine",
        "Karim",
        "Mehdi",
        "Yanis",
        "Théo",
        "Maxime",
        "Alexandre",
        "Olivier",
        "Philippe",
        "Éric",
        "Laurent",
        "Stéphane",
        "François",
        "Benoît",
        "Gaël",
        "Loïc",
        "Mathieu",
    ],
    "en": [
        "Emily",
        "Olivia",
        "Sophia",
        "Emma",
        "Ava",
        "Jessica",
        "Sarah",
        "Laura",
        "Megan",
        "Rachel",
        "Priya",
        "Aisha",
        "Grace",
        "Hannah",
        "Chloe",
        "Amelia",
        "James",
        "John",
        "Michael",
        "David",
        "Robert",
        "Daniel",
        "Matthew",
        "Andrew",
        "Joshua",
        "Ryan",
        "Kevin",
        "Brian",
        "Jason",
        "Tyler",
        "Omar",
        "Raj",
        "Liam",
        "Noah",
        "Ethan",
        "Mason",
        "Logan",
        "Lucas",
        "Aiden",
        "Connor",
    ],
}
LAST_NAMES = {
    "fr": [
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefèvre",
        "Michel",
        "Garcia",
        "David",
        "Bertrand",
        "Roux",
        "Vincent",
        "Fournier",
        "Morel",
        "Girard",
        "André",
        "Mercier",
        "Dupont",
        "Lambert",
        "Bonnet",
        "François",
        "Martinez",
        "Legrand",
        "Garnier",
        "Faure",
        "Rousseau",
        "Blanc",
        "Guérin",
        "Muller",
        "Henry",
        "Roussel",
        "Nicolas",
        "Perrin",
        "Morin",
        "Mathieu",
        "Clément",
        "Gauthier",
        "Dumont",
        "Lopez",
        "Fontaine",
        "Chevalier",
        "Robin",
        "Benali",
        "Diallo",
        "Nguyen",
        "Le_Gall",
        "Haddad",
    ],
    "en": [
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Miller",
        "Davis",
        "Wilson",
        "Anderson",
        "Taylor",
        "Thomas",
        "Moore",
        "Jackson",
        "White",
        "Harris",
        "Martin",
        "Thompson",
        "Robinson",
        "Clark",
        "Lewis",
        "Walker",
        "Hall",
        "Allen",
        "Young",
        "King",
        "Wright",
        "Scott",
        "Green",
        "Baker",
        "Adams",
        "Nelson",
        "Carter",
        "Mitchell",
        "Roberts",
        "Turner",
        "Phillips",
        "Campbell",
        "Parker",
        "Evans",
        "Edwards",
        "Collins",
        "O'Neill",
        "Patel",
        "Shah",
        "Kim",
        "Chen",
        "Murphy",
        "Rivera",
    ],
}
MAIL_DOMAINS = {
    "fr": ["gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr", "yahoo.fr", "hotmail.fr", "sfr.fr"],
    "en": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com", "comcast.net"],
}
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-zàâçéèêëîïôûùüÿæœ])")
_LOST_BREAK = re.compile(r"(?<=[.,!?:;…)])\s?n{1,2}(?=[a-zàâçéèêëîïôûùüÿæœ0-9])")
_LOST_BREAK_AT_START = re.compile(r"^n{1,2}(?=bonjour|bonsoir|salut|hello|coucou)")


def _repair(tweet: str) -> str:
    """The source lost its line breaks as a bare "n" (",nnsi vous", "nbonjour"): give them back."""
    tweet = _LOST_BREAK.sub("\n", tweet)
    return _LOST_BREAK_AT_START.sub("", tweet).strip()


def _capitalise(text: str) -> str:
    """The tweets are lower-cased in the source: a capital at the start of each sentence."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.strip())


def _french_topic(tweet: str) -> str | None:
    for name, (language, _team, phrases) in CATEGORIES.items():
        if language == "fr" and any(re.search(r"\b" + re.escape(p.rstrip("*")), tweet) for p in phrases.splitlines()):
            return name
    return None


def _cut_subject(text: str) -> str:
    """Half the customers type a short subject of their own, the others start their text in it."""
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if len(sentence) <= 90:
        return sentence.rstrip(".")
    return sentence[:90].rsplit(" ", 1)[0] + "…"


def load_texts(seed: int = 42, french_pool: int = 8000) -> list[Text]:
    """Every English narrative, and `french_pool` French complaints made of real tweets."""
    rng = random.Random(seed)
    root = data_dir()
    texts: list[Text] = []
    for name in ("train.csv", "dev.csv"):
        with open(root / "cfpb" / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                body = " ".join(row["narrative"].split(" "))[:MAX_BODY].strip()
                category = CFPB_CATEGORY[row["product"]]
                subject = rng.choice(SUBJECTS[category]) if rng.random() < 0.5 else _cut_subject(body)
                texts.append(Text("en", category, subject, body))
    by_topic: dict[str, list[str]] = {}
    with open(root / "fr-tweets" / "free_customer_tweets.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tweet = _repair(row["text"])
            topic = _french_topic(tweet) if len(tweet) >= 60 else None
            if topic:
                by_topic.setdefault(topic, []).append(tweet)
    topics = sorted(by_topic)
    weights = [len(by_topic[t]) for t in topics]
    for _ in range(french_pool):
        topic = rng.choices(topics, weights)[0]
        parts = rng.sample(by_topic[topic], min(len(by_topic[topic]), rng.choice((1, 2, 2, 3, 3, 4))))
        body = _capitalise("\n".join(parts))
        subject = rng.choice(SUBJECTS[topic]) if rng.random() < 0.5 else _cut_subject(body)
        texts.append(Text("fr", topic, subject[:1].upper() + subject[1:], body))
    return texts


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email: str  # lower-cased, as intake stores it; "" for a customer who gave a phone number only
    phone: str  # E.164, as intake stores it
    language: str


def _ascii(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", bare.lower())


def person(index: int, language: str, rng: random.Random) -> Person:
    """A customer with a real-looking name; `index` makes the address unique."""
    first = rng.choice(FIRST_NAMES[language])
    last = rng.choice(LAST_NAMES[language]).replace("_", " ")
    pattern = rng.choice(("{f}.{l}{n}", "{f}{l}{n}", "{i}.{l}{n}", "{f}_{l}{n}"))
    local = pattern.format(f=_ascii(first), l=_ascii(last), i=_ascii(first)[:1], n=index)
    email = f"{local}@{rng.choice(MAIL_DOMAINS[language])}" if rng.random() < 0.92 else ""
    if language == "fr" or rng.random() < 0.5:
        phone = f"+33{rng.choice('67')}{rng.randrange(10**8):08d}" if rng.random() < 0.7 or not email else ""
    else:
        phone = f"+1{rng.choice(('212', '415', '312', '617', '713'))}{rng.randrange(2, 10)}{rng.randrange(10**6):06d}"
    return Person(f"{first} {last}", email, phone, language)


def letter(text: Text, who: Person, rng: random.Random, *, campaign: bool = False) -> Letter:
    """How this customer writes this complaint; a campaign text is pasted as is, unsigned."""
    if campaign:
        return Letter(text, "", "")
    greeting = rng.choice(GREETINGS[text.language])
    closing = rng.choice(CLOSINGS[text.language]).format(name=who.name)
    return Letter(text, greeting, closing)


def remedy(language: str, rng: random.Random) -> str:
    return rng.choice(REMEDIES[language])


def pick_text(texts: list[Text], rng: random.Random, by_language: dict[str, list[int]] | None = None) -> int:
    """Index of a text: French or English in the desk's proportions."""
    if by_language is None:
        return rng.randrange(len(texts))
    language = "fr" if rng.random() < FRENCH_SHARE else "en"
    return rng.choice(by_language[language])


def texts_by_language(texts: list[Text]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {"fr": [], "en": []}
    for i, text in enumerate(texts):
        out[text.language].append(i)
    return out

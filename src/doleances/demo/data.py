"""Demo data: a small complaint desk with ~60 realistic complaints in French and English."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from doleances.analysis.models import CategoryKeywords
from doleances.complaints.enums import Channel, Kind, Priority, TeamSource
from doleances.complaints.lifecycle import OPEN_STATES, Action
from doleances.complaints.models import Category, Complaint, Customer, Team
from doleances.complaints.services import add_internal_note, assign_complaint, reply_to_customer, transition_complaint
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.demo.answers import create_answer_demo
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from doleances.quality.services import detect_problems
from doleances.sla.models import Calendar, ChannelTarget, ServicePolicy
from doleances.sla.services import extend_answer_deadline
from doleances.sla.sweep import sweep

DEMO_PASSWORD = "doleances-demo"
DEMO_DEVICE_NAME = "demo"

CUSTOMERS_FR = [
    ("Jeanne Martin", "jeanne.martin@example.org"),
    ("Karim Benali", "karim.benali@example.org"),
    ("Sophie Lefèvre", "sophie.lefevre@example.org"),
    ("Lucas Moreau", "lucas.moreau@example.org"),
    ("Camille Girard", "camille.girard@example.org"),
    ("Nathalie Roux", "nathalie.roux@example.org"),
    ("Thomas Fontaine", "thomas.fontaine@example.org"),
    ("Aïcha Diallo", "aicha.diallo@example.org"),
    ("Pierre-Yves Le Gall", "py.legall@example.org"),
    ("Élodie Chevalier", "elodie.chevalier@example.org"),
]
CUSTOMERS_EN = [
    ("Emily Carter", "emily.carter@example.com"),
    ("James O'Neill", "james.oneill@example.com"),
    ("Priya Shah", "priya.shah@example.com"),
    ("Michael Brown", "michael.brown@example.com"),
]
# Yearly value of a few households (name, email, euros, language).
HOUSEHOLD_VALUES = [
    ("Jeanne Martin", "jeanne.martin@example.org", "420.00", "fr"),
    ("Sophie Lefèvre", "sophie.lefevre@example.org", "685.50", "fr"),
    ("Emily Carter", "emily.carter@example.com", "360.00", "en"),
]

# (category, kind, subject, description, remedy, amount)
CASES_FR = [
    (
        "Facturation",
        Kind.CLAIM,
        "Facture de mars facturée deux fois",
        "Bonjour,\nJ'ai été prélevé deux fois de 54,90 € le 5 mars pour la même facture (n° F-2026-0311). "
        "Merci de me rembourser le doublon au plus vite.",
        "Remboursement du prélèvement en double",
        Decimal("54.90"),
    ),
    (
        "Facturation",
        Kind.COMPLAINT,
        "Hausse de tarif non annoncée",
        "Mon abonnement est passé de 29 € à 35 € sans aucun courrier d'information. Je trouve ce procédé inacceptable.",
        "Explication et retour à l'ancien tarif",
        None,
    ),
    (
        "Livraison",
        Kind.CLAIM,
        "Colis jamais reçu",
        "Ma commande CMD-48213 est indiquée livrée le 12 février mais je n'ai rien reçu. "
        "Le livreur n'a laissé aucun avis de passage.",
        "Renvoi de la commande ou remboursement",
        Decimal("129.00"),
    ),
    (
        "Livraison",
        Kind.COMPLAINT,
        "Retard de livraison de trois semaines",
        "On m'avait promis une livraison sous 5 jours ouvrés. Trois semaines plus tard, toujours rien "
        "et personne ne répond au téléphone.",
        "",
        None,
    ),
    (
        "Qualité de service",
        Kind.COMPLAINT,
        "Coupures internet répétées",
        "Depuis plusieurs mois, la connexion coupe plusieurs fois par jour. Je télétravaille et c'est devenu impossible. "
        "Si rien n'est fait je résilierai mon contrat.",
        "Intervention d'un technicien et geste commercial",
        None,
    ),
    (
        "Qualité de service",
        Kind.COMPLAINT,
        "Conseiller désagréable au téléphone",
        "Le conseiller m'a raccroché au nez après m'avoir parlé sur un ton très sec. Je souhaite des excuses.",
        "Des excuses",
        None,
    ),
    (
        "Produit défectueux",
        Kind.CLAIM,
        "Lave-linge en panne après deux mois",
        "Le lave-linge acheté le 3 janvier (facture 7781) ne vidange plus. Il est sous garantie.",
        "Réparation ou remplacement",
        None,
    ),
    (
        "Produit défectueux",
        Kind.CLAIM,
        "Écran arrivé fissuré",
        "L'écran commandé (CMD-50122) est arrivé avec une fissure dans l'angle. Photos jointes à venir.",
        "Échange",
        Decimal("249.99"),
    ),
    (
        "Contrat et résiliation",
        Kind.CLAIM,
        "Frais de résiliation injustifiés",
        "J'ai résilié dans le délai de 14 jours et on me facture 90 € de frais. C'est contraire au contrat.",
        "Annulation des frais",
        Decimal("90.00"),
    ),
    (
        "Contrat et résiliation",
        Kind.COMPLAINT,
        "Résiliation non prise en compte",
        "J'ai envoyé ma lettre de résiliation en recommandé le 2 mars et je suis toujours prélevée. Mon avocat est prévenu.",
        "Arrêt des prélèvements et remboursement",
        Decimal("62.00"),
    ),
]
CASES_EN = [
    (
        "Billing",
        Kind.CLAIM,
        "Charged twice for the same order",
        "I was charged twice (£42.50) for order 55120 on 4 March. Please refund the duplicate payment.",
        "Refund of the duplicate",
        Decimal("42.50"),
    ),
    (
        "Delivery",
        Kind.COMPLAINT,
        "Parcel left in the rain",
        "The driver left my parcel outside in the rain and the box was soaked. This is the second time.",
        "",
        None,
    ),
    (
        "Service quality",
        Kind.COMPLAINT,
        "Nobody calls me back",
        "I have called four times about my broken boiler and was promised a call back each time. Nobody called.",
        "An engineer visit this week",
        None,
    ),
    (
        "Defective product",
        Kind.CLAIM,
        "Kettle stopped working",
        "My kettle (invoice 99812) stopped working after three weeks. I would like a replacement.",
        "Replacement",
        Decimal("39.99"),
    ),
]

# How far a demo case has gone: a list of (action, days after receipt).
# Cold start: until a model is trained on the team's own decisions, these phrases suggest a
# category on each new complaint (Administration → Category keywords).
CATEGORY_KEYWORDS = {
    "Facturation": "factur*\nprélèvement\nprélevé*\ndébité*\nhausse de tarif\nremboursement",
    "Livraison": "livraison\nlivré*\ncolis\ntransporteur\nsuivi de commande\nretard de livraison",
    "Qualité de service": "coupure*\nconseiller\ndésagréable\nrappel*\npersonne ne répond\nattente",
    "Produit défectueux": "en panne\nne fonctionne plus\ndéfectueu*\nfissuré*\ncassé*\ngarantie",
    "Contrat et résiliation": "résiliation\nrésilier\nfrais de résiliation\ncontrat\npréavis",
    "Billing": "charged twice\ninvoice*\nbilling\nrefund*\novercharged",
    "Delivery": "parcel*\ndelivery\ndelivered\ncourier",
    "Service quality": "call* me back\nnobody\nrude\nwaiting\non hold",
    "Defective product": "stopped working\nbroken\nfaulty\ndefective\nwarranty",
}

JOURNEYS = [
    [],
    [(Action.QUALIFY, 1)],
    [(Action.QUALIFY, 1), (Action.START, 1)],
    [(Action.QUALIFY, 1), (Action.START, 2), (Action.WAIT_FOR_CUSTOMER, 3)],
    [(Action.QUALIFY, 1), (Action.START, 2), (Action.ANSWER, 6)],
    [(Action.QUALIFY, 1), (Action.START, 1), (Action.ANSWER, 4), (Action.RESOLVE, 8)],
    [(Action.QUALIFY, 1), (Action.START, 1), (Action.ANSWER, 5), (Action.RESOLVE, 9), (Action.CLOSE, 12)],
    [(Action.WITHDRAW, 2)],
]


def _user(username: str, first: str, last: str, role: str, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    if created:
        user.set_password(DEMO_PASSWORD)
        # Not on a "doleances" domain: the password policy would find the demo password too close to it.
        user.email = f"{username}@staff.example.org"
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def enrol_demo_authenticators(users: list[User]) -> None:
    """The demo administrator and supervisor must give a second factor, as in production: each
    gets a confirmed authenticator with a key drawn for this database (never a key from the
    source), which `doleances demo --code NAME` turns into the current code."""
    for user in users:
        TOTPDevice.objects.get_or_create(user=user, name=DEMO_DEVICE_NAME, defaults={"confirmed": True})


def demo_code(username: str) -> str:
    """The current code of a demo user's authenticator (only demo devices: never a real one)."""
    device = TOTPDevice.objects.get(user__username=username, name=DEMO_DEVICE_NAME, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def create_demo_data(*, count: int = 60, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    now = clock.now()
    with transaction.atomic():
        admin = _user("admin", "Admin", "Démo", "administrator", superuser=True)
        agents = [
            _user("agent", "Alice", "Durand", "agent"),
            _user("bruno", "Bruno", "Petit", "agent"),
            _user("claire", "Claire", "Lambert", "supervisor"),
        ]
        manager = _user("marc", "Marc", "Commercial", "contributor")
        technician = _user("tom", "Tom", "Technicien", "contributor")
        _user("quality", "Quentin", "Qualité", "quality_manager")
        _user("auditor", "Aude", "Itrice", "auditor")
        teams = {
            "fr": Team.objects.get_or_create(name="Service réclamations")[0],
            "en": Team.objects.get_or_create(name="Customer relations (UK)")[0],
        }
        # New complaints wait in the French desk's queue until their category sends them on.
        if not Team.objects.filter(is_intake=True).exists():
            Team.objects.filter(pk=teams["fr"].pk).update(is_intake=True)
        for user in agents:
            teams["fr"].members.add(user)
        teams["en"].members.add(agents[0], agents[2])
        categories = {}
        for name in {case[0] for case in CASES_FR + CASES_EN}:
            lang_team = teams["en"] if name in {c[0] for c in CASES_EN} else teams["fr"]
            categories[name] = Category.objects.get_or_create(name=name, parent=None, defaults={"default_team": lang_team})[0]
        Category.objects.get_or_create(name="Prélèvement en double", parent=categories["Facturation"])
        for name, phrases in CATEGORY_KEYWORDS.items():
            CategoryKeywords.objects.get_or_create(category=categories[name], defaults={"phrases": phrases})
        # A VIP business customer (about 48,000 € a year) whose account manager may add context but never
        # handle the case.
        Customer.objects.get_or_create(
            email="karim.benali@example.org",
            defaults={
                "name": "Karim Benali",
                "is_vip": True,
                "account_manager": manager,
                "segment": "Entreprises",
                "annual_value": Decimal("48000.00"),
                "created_at": now,
            },
        )
        # Households bring a few hundred euros a year: their value weighs little in the risk score.
        for name, email, value, language in HOUSEHOLD_VALUES:
            Customer.objects.get_or_create(
                email=email,
                defaults={"name": name, "annual_value": Decimal(value), "language": language, "created_at": now},
            )
        _service_levels()
    channels = [Channel.WEB, Channel.EMAIL, Channel.PHONE, Channel.LETTER, Channel.SOCIAL, Channel.CHAT]
    created = 0
    for index in range(count):
        english = index % 4 == 3
        name, email = rng.choice(CUSTOMERS_EN if english else CUSTOMERS_FR)
        category, kind, subject, description, remedy, amount = rng.choice(CASES_EN if english else CASES_FR)
        age_days = rng.randint(0, 45) if index % 10 else rng.randint(60, 120)
        received = now - timedelta(days=age_days, hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
        channel = rng.choice(channels)
        complaint = receive_complaint(
            CustomerDetails(name=name, email=email, language="en" if english else "fr"),
            ComplaintDetails(
                subject=subject,
                description=description,
                kind=kind,
                channel=channel,
                remedy_sought=remedy,
                claimed_amount=amount,
                language="en" if english else "fr",
                consent=True,
                received_at=received,
                # Issue 19: cases under each kind of regulatory clock.
                regulatory_profile="uk-fca-disp" if english else ("fr-acpr", "fr-payment-services", "")[index % 3],
            ),
            at=received + timedelta(minutes=rng.randint(1, 90)) if channel == Channel.LETTER else received,
        )
        journey = rng.choice(JOURNEYS)
        # Half of the complaints nobody has looked at yet wait for a category in the intake team's
        # queue: the analysis suggests one, and deciding it sends the complaint to the category's team.
        decided = bool(journey) or index % 2 == 1
        Complaint.objects.filter(pk=complaint.pk).update(
            priority=rng.choice([Priority.NORMAL] * 5 + [Priority.HIGH, Priority.LOW, Priority.URGENT]),
            **(
                {"category": categories[category], "team": categories[category].default_team, "team_source": TeamSource.CATEGORY}
                if decided
                else {}
            ),
        )
        complaint.refresh_from_db()
        handler = rng.choice([a for a in agents if complaint.team.members.filter(pk=a.pk).exists()])
        at = complaint.registered_at
        if journey and journey[0][0] != Action.WITHDRAW:
            at += timedelta(hours=2)
            assign_complaint(complaint, assignee=handler, actor=handler, at=at)
        for action, days in journey:
            at = max(at, received + timedelta(days=days, hours=rng.randint(1, 6)))
            if at > now:
                break
            if action == Action.ANSWER:
                reply_to_customer(complaint, body=_answer(english, name), actor=handler, at=at)
            transition_complaint(complaint, action, actor=handler if action != Action.WITHDRAW else admin, at=at)
        if complaint.customer.account_manager_id and at < now:
            add_internal_note(
                complaint, body="Client déjà venu en agence la semaine dernière pour ce sujet.", actor=manager, at=at
            )
        elif index % 7 == 0 and at < now:
            add_internal_note(complaint, body="Appel du client : il attend surtout des excuses.", actor=handler, at=at)
        created += 1
    created += _delivery_incident(categories["Livraison"], now=now, rng=rng)
    create_answer_demo(now=now, technician=technician)  # issue 20: answers, a refused remedy, a field notice, surveys
    _deadline_states(agents[0], now=now)
    problems = detect_problems()
    enrol_demo_authenticators([admin, agents[2]])
    return {"complaints": created, "users": User.objects.count(), "problems": len(problems)}


def _service_levels() -> None:
    """Issue 19: the desk's calendar, service policies and the channels' first-response targets."""
    paris, _created = Calendar.objects.get_or_create(name="Siège (Paris)")
    ServicePolicy.objects.get_or_create(
        name="Standard",
        defaults={
            "calendar": paris,
            "rank": 100,
            "acknowledgement_amount": 2,
            "acknowledgement_unit": "business_days",
            "answer_amount": 10,
            "answer_unit": "business_days",
            "resolution_amount": 20,
            "resolution_unit": "business_days",
        },
    )
    ServicePolicy.objects.get_or_create(
        name="Urgent",
        defaults={
            "calendar": paris,
            "rank": 10,
            "priority": Priority.URGENT,
            "acknowledgement_amount": 4,
            "acknowledgement_unit": "hours",
            "answer_amount": 2,
            "answer_unit": "business_days",
        },
    )
    for channel, amount, unit in (
        (Channel.CHAT, 2, "hours"),
        (Channel.PHONE, 1, "business_days"),
        (Channel.EMAIL, 2, "business_days"),
    ):
        ChannelTarget.objects.get_or_create(channel=channel, defaults={"amount": amount, "unit": unit})


def _deadline_states(handler: User, *, now) -> None:
    """Issue 19: one extension told to the customer, then the sweep (warnings, breaches,
    regulatory breaches, progress reports): the list shows every deadline state."""
    for complaint in Complaint.objects.filter(
        sla_profile="fr-payment-services", answered_at__isnull=True, status__in=OPEN_STATES
    ):
        if complaint.answer_due_at and complaint.answer_due_at > now:
            try:
                assign_complaint(complaint, assignee=handler, actor=handler, at=now)
                extend_answer_deadline(
                    complaint,
                    new_due=complaint.answer_due_at + timedelta(days=10),
                    reason="Nous attendons le retour du commerçant sur l’opération contestée.",
                    actor=handler,
                    at=now,
                )
            except DoleancesError:
                continue
            break
    sweep(at=now)


# A general drift, not an isolated case (seed 000 §3): a carrier's depot fails in one region and
# the complaints pile up in two days; problem detection proposes it to the quality manager.
INCIDENT = [
    (
        "Colis bloqué au dépôt de Vénissieux",
        "Mon colis CMD-6{n:04d} est bloqué au dépôt de Vénissieux depuis 5 jours, aucune livraison.",
    ),
    ("Livraison jamais arrivée (Lyon)", "Commande CMD-6{n:04d} : le suivi indique le dépôt de Vénissieux depuis une semaine."),
    ("Toujours pas de colis", "Colis bloqué au dépôt de Vénissieux, le transporteur ne répond pas. Commande CMD-6{n:04d}."),
]


def _delivery_incident(category: Category, *, now, rng: random.Random) -> int:
    for n in range(9):
        subject, description = INCIDENT[n % len(INCIDENT)]
        name, email = CUSTOMERS_FR[n % len(CUSTOMERS_FR)]
        received = now - timedelta(hours=rng.randint(1, 40))
        complaint = receive_complaint(
            CustomerDetails(name=name, email=email),
            ComplaintDetails(
                subject=subject, description=description.format(n=n), kind=Kind.CLAIM, consent=True, received_at=received
            ),
            at=received,
        )
        Complaint.objects.filter(pk=complaint.pk).update(
            category=category, team=category.default_team, team_source=TeamSource.CATEGORY
        )
    return 9


def _answer(english: bool, name: str) -> str:
    if english:
        return (
            f"Dear {name},\n\nThank you for telling us about this, and please accept our apologies. "
            "We have checked your account and corrected the error; the refund will reach you within 5 working days.\n\n"
            "Kind regards,\nCustomer relations"
        )
    return (
        f"Bonjour {name},\n\nMerci de nous avoir signalé ce problème et veuillez nous excuser pour la gêne occasionnée. "
        "Nous avons vérifié votre dossier et corrigé l'erreur ; le remboursement vous parviendra sous 5 jours ouvrés.\n\n"
        "Bien cordialement,\nLe service réclamations"
    )

"""What the demo's firms offer and need, by kind of need.

Each kind of need names the NAF codes of the demo's firms that answer it, how such a firm
describes its offer, and how a client describes the need, in other words (a need rarely uses
the provider's words). The demo draws offers and needs from here; the suggestions benchmark
(`bench/business/suggestions.py`) reads the labels back: a need of a kind is answered by the
firms of its codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedKind:
    key: str
    providers: tuple[str, ...]  # NAF codes of the firms that answer it
    offers: tuple[str, ...]  # how a provider says it
    needs: tuple[str, ...]  # how a client says it


KINDS = (
    NeedKind(
        "web",
        ("73.11Z", "62.01Z"),
        (
            "Création de sites internet, référencement naturel et animation des réseaux sociaux.",
            "Applications web et mobiles sur mesure, boutiques en ligne.",
            "Identité visuelle, logos, plaquettes et site vitrine.",
        ),
        (
            "Refaire notre site web, trop vieux, et être mieux trouvés sur Google.",
            "Une boutique en ligne pour vendre nos produits.",
            "Quelqu'un pour s'occuper de notre page Facebook et LinkedIn.",
            "Un nouveau logo et une charte graphique.",
        ),
    ),
    NeedKind(
        "accounting",
        ("69.20Z",),
        (
            "Expertise comptable, bilans, déclarations fiscales et paie des TPE.",
            "Tenue comptable, tableaux de bord et prévisionnels pour les créateurs.",
        ),
        (
            "Un expert-comptable plus disponible pour nos bilans.",
            "Externaliser nos fiches de paie.",
            "Un prévisionnel pour présenter notre projet à la banque.",
        ),
    ),
    NeedKind(
        "legal",
        ("69.10Z",),
        (
            "Droit des affaires, contrats commerciaux, droit social et contentieux.",
            "Conseil juridique aux dirigeants : statuts, baux, ruptures de contrat de travail.",
        ),
        (
            "Un avocat pour relire nos conditions générales de vente.",
            "Conseil sur un licenciement délicat.",
            "Revoir les statuts de la société avant l'arrivée d'un associé.",
        ),
    ),
    NeedKind(
        "insurance",
        ("66.22Z",),
        (
            "Courtage en assurances professionnelles : responsabilité civile, flotte, multirisque.",
            "Prévoyance et mutuelle d'entreprise, comparaison des contrats.",
        ),
        (
            "Revoir nos contrats d'assurance, trop chers.",
            "Une mutuelle collective pour nos salariés.",
            "Assurer nos véhicules de société.",
        ),
    ),
    NeedKind(
        "it",
        ("62.02A", "95.11Z", "47.41Z"),
        (
            "Infogérance, réseau, sauvegardes et sécurité informatique des PME.",
            "Dépannage informatique sur site, installation de postes et serveurs.",
            "Vente et installation de matériel informatique, ordinateurs portables, imprimantes.",
        ),
        (
            "Nos ordinateurs tombent en panne, il nous faut un prestataire pour le parc.",
            "Sécuriser nos sauvegardes après une attaque par rançongiciel.",
            "Équiper trois nouveaux postes de travail.",
            "Mettre en place un serveur et le wifi dans nos locaux.",
        ),
    ),
    NeedKind(
        "software",
        ("58.29C", "62.01Z"),
        (
            "Logiciels de gestion pour artisans : devis, factures, planning, stocks.",
            "Développement de logiciels métier et connexion à votre comptabilité.",
        ),
        (
            "Un logiciel pour faire nos devis et factures plus vite.",
            "Gérer le planning des interventions de nos techniciens.",
            "Suivre nos stocks sans tableur.",
        ),
    ),
    NeedKind(
        "temp_staff",
        ("78.20Z",),
        (
            "Travail temporaire et recrutement pour l'industrie et le bâtiment.",
            "Mise à disposition d'intérimaires qualifiés, caristes, soudeurs, manutentionnaires.",
        ),
        (
            "Des renforts pour le pic d'activité de l'été.",
            "Recruter rapidement un soudeur.",
            "Remplacer un salarié en arrêt maladie.",
        ),
    ),
    NeedKind(
        "training",
        ("85.59A", "70.22Z"),
        (
            "Formation professionnelle continue : management, vente, bureautique, sécurité.",
            "Accompagnement des équipes et formation des managers.",
        ),
        (
            "Former nos chefs d'équipe au management.",
            "Une formation commerciale pour nos vendeurs.",
            "Former le personnel aux gestes de premiers secours.",
        ),
    ),
    NeedKind(
        "cleaning",
        ("81.21Z",),
        (
            "Nettoyage de bureaux, de locaux industriels et de vitres, entretien régulier.",
            "Propreté des locaux professionnels, remise en état après travaux.",
        ),
        (
            "Faire entretenir nos bureaux chaque semaine.",
            "Nettoyer l'atelier et les vitres du magasin.",
        ),
    ),
    NeedKind(
        "green",
        ("81.30Z",),
        (
            "Création et entretien d'espaces verts pour entreprises et collectivités.",
            "Tonte, taille de haies et aménagement paysager.",
        ),
        (
            "Entretenir les abords et la pelouse de notre site.",
            "Aménager un jardin devant l'entrée de l'entreprise.",
        ),
    ),
    NeedKind(
        "security",
        ("80.10Z",),
        (
            "Gardiennage, surveillance de sites et rondes, télésurveillance.",
            "Agents de sécurité pour événements et chantiers.",
        ),
        (
            "Surveiller notre chantier la nuit après des vols.",
            "Un agent pour notre journée portes ouvertes.",
            "Une alarme reliée à une télésurveillance.",
        ),
    ),
    NeedKind(
        "transport",
        ("49.41A", "52.29A"),
        (
            "Transport routier de marchandises en région, lots complets et messagerie.",
            "Livraisons express et coursiers pour les professionnels.",
        ),
        (
            "Livrer nos clients à Lyon et Saint-Étienne chaque semaine.",
            "Envoyer des palettes de produits finis.",
            "Un coursier pour des plis urgents.",
        ),
    ),
    NeedKind(
        "waste",
        ("38.11Z",),
        (
            "Collecte et tri des déchets des professionnels, bennes, recyclage.",
            "Enlèvement des cartons, palettes et déchets industriels.",
        ),
        (
            "Évacuer nos cartons et palettes usagés.",
            "Mieux trier les déchets de l'atelier.",
        ),
    ),
    NeedKind(
        "catering",
        ("56.21Z", "55.10Z", "56.10A"),
        (
            "Traiteur pour les entreprises : buffets, plateaux repas, cocktails.",
            "Salles de séminaire, hébergement et restauration pour vos équipes.",
            "Repas d'affaires et privatisation du restaurant.",
        ),
        (
            "Un buffet pour les vingt ans de l'entreprise.",
            "Organiser un séminaire de deux jours avec nuitée.",
            "Un lieu pour inviter des clients à déjeuner.",
        ),
    ),
    NeedKind(
        "print",
        ("18.12Z",),
        (
            "Impression offset et numérique : plaquettes, catalogues, cartes de visite.",
            "Imprimerie pour les professionnels, de la PAO au façonnage.",
        ),
        (
            "Imprimer un catalogue produits pour le salon.",
            "Des flyers et des cartes de visite rapidement.",
        ),
    ),
    NeedKind(
        "photo",
        ("74.20Z", "74.10Z"),
        (
            "Photographie d'entreprise, portraits des équipes et photos de produits.",
            "Design de produits, de stands et d'espaces.",
        ),
        (
            "Des photos professionnelles de nos produits pour le catalogue.",
            "Des portraits de l'équipe pour le site.",
            "Concevoir notre stand pour le prochain salon.",
        ),
    ),
    NeedKind(
        "electricity",
        ("43.21A",),
        ("Installations électriques, mise aux normes, éclairage LED et bornes de recharge.",),
        (
            "Installer des bornes pour recharger nos véhicules électriques.",
            "Remettre aux normes le tableau électrique de l'atelier.",
            "Passer tout l'éclairage de l'entrepôt en LED.",
        ),
    ),
    NeedKind(
        "building",
        ("43.99C", "43.34Z", "43.22A", "41.20A", "43.91B"),
        (
            "Maçonnerie, rénovation de bâtiments et extensions.",
            "Peinture, revêtements de sols et murs, vitrerie.",
            "Plomberie, sanitaires et chauffage.",
            "Couverture, zinguerie et isolation des toitures.",
        ),
        (
            "Agrandir notre bâtiment pour créer un bureau.",
            "Repeindre le magasin et refaire le sol.",
            "Refaire les sanitaires du personnel.",
            "Une fuite dans la toiture de l'entrepôt.",
        ),
    ),
    NeedKind(
        "woodwork",
        ("31.09B", "16.23Z", "43.32A"),
        (
            "Meubles et agencements sur mesure, comptoirs et rangements.",
            "Menuiserie bois, charpente et pose de fenêtres et portes.",
        ),
        (
            "Aménager l'accueil de la boutique avec un comptoir.",
            "Changer les fenêtres du bureau pour mieux isoler.",
            "Des étagères sur mesure pour la réserve.",
        ),
    ),
    NeedKind(
        "machining",
        ("25.62B", "22.29A", "25.11Z", "25.61Z"),
        (
            "Usinage de précision de pièces mécaniques en petites et moyennes séries.",
            "Injection de pièces techniques en plastique, moules.",
            "Structures et charpentes métalliques, serrurerie.",
            "Traitement de surface, peinture époxy et thermolaquage.",
        ),
        (
            "Sous-traiter la fabrication de pièces en acier.",
            "Faire fabriquer un boîtier en plastique pour notre produit.",
            "Une mezzanine métallique dans l'atelier.",
            "Repeindre des pièces métalliques qui rouillent.",
        ),
    ),
    NeedKind(
        "maintenance",
        ("33.12Z", "28.29B", "26.51B"),
        (
            "Maintenance et réparation de machines industrielles, dépannage rapide.",
            "Automatisation de lignes et machines spéciales.",
            "Instruments de mesure et étalonnage.",
        ),
        (
            "Notre presse est en panne, besoin d'un dépanneur.",
            "Automatiser le conditionnement de nos produits.",
            "Faire étalonner nos appareils de contrôle.",
        ),
    ),
    NeedKind(
        "rental",
        ("77.32Z",),
        ("Location d'engins et de matériel de chantier, nacelles, chariots.",),
        (
            "Louer une nacelle pour une semaine.",
            "Un chariot élévateur en location pendant l'inventaire.",
        ),
    ),
    NeedKind(
        "gifts",
        ("47.25Z", "11.02B", "01.21Z", "47.11B", "10.13B"),
        (
            "Vins du Roannais et coffrets cadeaux pour les entreprises.",
            "Épicerie fine et paniers garnis de produits locaux.",
            "Charcuterie artisanale, colis pour les fêtes.",
        ),
        (
            "Des cadeaux de fin d'année pour nos clients.",
            "Des paniers de produits du terroir pour les salariés.",
        ),
    ),
    NeedKind(
        "real_estate",
        ("68.31Z", "71.11Z", "71.12B"),
        (
            "Location et vente de locaux professionnels, gestion locative.",
            "Architecture et maîtrise d'œuvre de bâtiments d'activité.",
            "Bureau d'études techniques, fluides et structures.",
        ),
        (
            "Trouver un local plus grand pour l'atelier.",
            "Faire dessiner les plans de notre futur bâtiment.",
            "Une étude thermique avant travaux.",
        ),
    ),
    NeedKind(
        "workwear",
        ("14.13Z", "13.92Z", "14.39Z"),
        (
            "Confection de vêtements et d'articles textiles sur mesure, broderie.",
            "Linge et textiles personnalisés pour les professionnels.",
        ),
        (
            "Des tenues de travail brodées au nom de l'entreprise.",
            "Des tabliers et du linge pour notre restaurant.",
        ),
    ),
)

KIND_BY_KEY = {kind.key: kind for kind in KINDS}
KINDS_OF_CODE: dict[str, list[NeedKind]] = {}
for _kind in KINDS:
    for _code in _kind.providers:
        KINDS_OF_CODE.setdefault(_code, []).append(_kind)


def kind_of_need(text: str) -> NeedKind | None:
    """The kind whose wording `text` is (as the demo wrote it), if any."""
    for kind in KINDS:
        if text in kind.needs:
            return kind
    return None


# Ideas heard at meetings: (title, what it is about). -------------------------------------------
IDEAS = (
    ("Un point d'équipe de dix minutes chaque lundi", "Debout, trois sujets maximum."),
    (
        "L'entretien annuel en deux temps",
        "L'auto-évaluation du salarié d'abord, l'échange ensuite.",
    ),
    (
        "Un tableau de bord de cinq indicateurs",
        "Chiffre d'affaires, marge, trésorerie, devis, retards.",
    ),
    ("Relancer les devis à J+7", "Un appel plutôt qu'un e-mail."),
    ("Afficher le planning de la semaine à l'atelier", ""),
    ("Demander un avis client après chaque chantier", "Un SMS avec un lien."),
    ("Déléguer les achats courants", "Une personne, un budget, un point mensuel."),
    ("Un livret d'accueil pour les nouveaux", "Qui fait quoi, les règles, les contacts."),
    ("Un prévisionnel de trésorerie sur douze mois", "Mis à jour chaque mois avec le comptable."),
    ("Bloquer une demi-journée par semaine sans téléphone", "Pour travailler sur l'entreprise."),
    ("Parrainer un client satisfait", "Une remise pour le client qui en amène un autre."),
    ("Un rendez-vous trimestriel avec le banquier", "Avant d'avoir besoin de lui."),
    ("Faire visiter l'entreprise aux familles des salariés", ""),
    ("Un entretien de départ pour chaque salarié qui part", ""),
    ("Négocier les délais de paiement fournisseurs", ""),
    ("Mettre les prix à jour deux fois par an", "Suivre les coûts matières."),
    ("Une boîte à idées pour les salariés", "Une réponse à chaque idée sous quinze jours."),
    ("Former un binôme sur chaque poste clé", "Pour les congés et les absences."),
    ("Un tableau des compétences de l'équipe", ""),
    ("Présenter les résultats de l'année à toute l'équipe", ""),
    ("Un plan de prospection de deux heures par semaine", "Dix appels, deux rendez-vous."),
    ("Rédiger les fiches de poste", ""),
    ("Partager un agenda commun en ligne", ""),
    ("Un petit-déjeuner clients chaque trimestre", ""),
    ("Suivre le temps passé par chantier", "Pour chiffrer juste les suivants."),
    ("Dire non aux clients qui ne paient pas", "Acompte obligatoire sous un seuil de confiance."),
)
RESULTS_TRIED = (
    "Essayé un mois, à ajuster.",
    "Premier essai encourageant, l'équipe suit.",
    "Essayé deux fois, pas encore de recul.",
)
RESULTS_ADOPTED = (
    "Adopté : l'équipe ne veut plus s'en passer.",
    "Adopté, avec une version simplifiée.",
    "Adopté : moins d'erreurs et de retards.",
    "Adopté, et proposé à un client.",
)
RESULTS_DROPPED = (
    "Abandonné : trop lourd pour notre taille.",
    "Abandonné faute de temps, à reprendre plus tard.",
    "Pas adapté à notre métier.",
)
CONTACT_NOTES = (
    "Conseil sur un recrutement.",
    "Échange sur un fournisseur.",
    "Visite de l'atelier.",
    "Coup de main pour un dossier de subvention.",
    "Prêt de matériel.",
    "Avis sur un devis.",
    "Café pour parler d'un associé.",
    "Retour d'expérience sur un logiciel.",
)
CLIENTS = (
    "Boulangerie Dufour",
    "Garage Perrin",
    "Hôtel du Centre",
    "Mairie de Riorges",
    "Transports Bonnet",
    "Cabinet Morel",
    "Fromagerie Girard",
    "SCI Les Tilleuls",
    "Clinique des Monts",
    "Menuiserie Fabre",
    "Association Loire Sport",
    "Imprimerie Rousseau",
    "Domaine Blanchard",
    "Pharmacie Lemoine",
    "Atelier Mercier",
    "EHPAD Les Charmilles",
    "Camping du Lac",
    "Collège Jean-Moulin",
    "Salon Chloé",
    "Brasserie du Marché",
)

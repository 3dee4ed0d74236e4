"""The starter catalogue of practical themes that a network begins with (project managers then
curate it), each with a short description and two lessons groups often draw from it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from maillage.territories.models import Network
from maillage.themes.models import Theme

SALES_DEVELOPMENT = "Développement commercial"


@dataclass(frozen=True)
class StarterTheme:
    title: str
    description: str
    takeaways: tuple[str, str]

    @property
    def slug(self) -> str:
        return slugify(self.title)


STARTER_THEMES = (
    StarterTheme(
        "Communication interne",
        "Informer, écouter et faire circuler l'information dans une petite équipe : réunions "
        "courtes, affichage, outils simples.",
        (
            "Une réunion d'équipe hebdomadaire de quinze minutes, debout, évite bien des "
            "malentendus.",
            "Dire aussi ce qui ne change pas rassure autant qu'annoncer ce qui change.",
        ),
    ),
    StarterTheme(
        "Financer sa stratégie commerciale",
        "Trouver les moyens de son développement : budget commercial, prêts, aides régionales, "
        "affacturage.",
        (
            "Chiffrer le coût d'acquisition d'un client avant de choisir où investir.",
            "Les aides régionales au développement se préparent trois mois à l'avance.",
        ),
    ),
    StarterTheme(
        "L'entretien annuel d'évaluation",
        "Préparer et conduire l'entretien annuel et l'entretien professionnel : obligations, "
        "grille, suites à donner.",
        (
            "Séparer l'entretien annuel (les objectifs) de l'entretien professionnel (le "
            "parcours) clarifie les deux.",
            "Envoyer la grille une semaine avant permet au salarié de préparer l'échange.",
        ),
    ),
    StarterTheme(
        "Le business plan",
        "Construire et faire vivre son plan d'affaires : hypothèses, prévisionnel, présentation "
        "au banquier.",
        (
            "Un business plan utile se relit chaque trimestre face aux chiffres réels.",
            "Le banquier lit d'abord les hypothèses, pas les tableaux.",
        ),
    ),
    StarterTheme(
        "La motivation des salariés",
        "Reconnaissance, autonomie, sens du travail : ce qui fait venir les salariés avec envie.",
        (
            "La reconnaissance au quotidien compte plus qu'une prime ponctuelle.",
            "Confier un projet entier motive davantage que distribuer des tâches.",
        ),
    ),
    StarterTheme(
        "La gestion du stress",
        "Reconnaître ses signaux d'alerte, prioriser, déléguer, préserver sa santé de dirigeant.",
        (
            "Bloquer chaque semaine un créneau sans téléphone pour les sujets de fond.",
            "En parler au groupe remet l'urgence à sa juste place.",
        ),
    ),
    StarterTheme(
        SALES_DEVELOPMENT,
        "Prospecter, fidéliser, conquérir de nouveaux marchés : méthodes et outils pour développer "
        "son chiffre d'affaires.",
        (
            "Cartographier ses vingt meilleurs clients montre où chercher les suivants.",
            "Relancer un devis dans les 48 heures double souvent le taux de signature.",
        ),
    ),
    StarterTheme(
        "Recruter",
        "Définir le poste, trouver des candidats, conduire l'entretien, réussir l'intégration.",
        (
            "Décrire les missions plutôt que le profil idéal élargit le vivier.",
            "Un parcours d'intégration écrit réduit les départs pendant la période d'essai.",
        ),
    ),
    StarterTheme(
        "Gérer sa trésorerie",
        "Plan de trésorerie, délais de paiement, relances, besoin en fonds de roulement : "
        "anticiper plutôt que subir.",
        (
            "Un plan de trésorerie sur treize semaines glissantes suffit à voir venir les "
            "tensions.",
            "Relancer le lendemain de l'échéance, poliment mais systématiquement.",
        ),
    ),
    StarterTheme(
        "Fixer ses prix",
        "Calculer ses coûts, connaître sa valeur, oser augmenter ses tarifs et l'annoncer.",
        (
            "Connaître sa marge par produit avant toute négociation.",
            "Annoncer une hausse par écrit, avec ses raisons, un mois à l'avance.",
        ),
    ),
    StarterTheme(
        "La transformation numérique",
        "Outils collaboratifs, logiciel de gestion, site et réseaux sociaux : par où commencer.",
        (
            "Commencer par le processus qui fait perdre le plus de temps, pas par l'outil à la "
            "mode.",
            "Former une personne référente dans l'équipe avant de déployer.",
        ),
    ),
    StarterTheme(
        "Transmettre son entreprise",
        "Préparer la transmission ou la reprise : valorisation, calendrier, accompagnement du "
        "repreneur.",
        (
            "Une transmission se prépare cinq à sept ans à l'avance.",
            "Écrire les savoir-faire clés rend l'entreprise transmissible.",
        ),
    ),
    StarterTheme(
        "La responsabilité sociétale (RSE)",
        "Engager son entreprise dans une démarche RSE concrète, utile aux clients comme aux "
        "salariés.",
        (
            "Commencer par un bilan simple de ses consommations d'énergie.",
            "Les grands donneurs d'ordre demandent des preuves : documenter ses actions.",
        ),
    ),
    StarterTheme(
        "Déléguer",
        "Confier des responsabilités, faire confiance, suivre sans tout contrôler.",
        (
            "Déléguer un résultat attendu, pas une façon de faire.",
            "Un point de suivi fixé d'avance évite le contrôle permanent.",
        ),
    ),
    StarterTheme(
        "Manager son équipe",
        "Fixer le cap, animer, recadrer : le rôle de manager quand on est aussi le patron.",
        (
            "Un entretien individuel court et régulier vaut mieux qu'un grand entretien par an.",
            "Recadrer sur les faits, vite, et en tête à tête.",
        ),
    ),
    StarterTheme(
        "La gestion du temps",
        "Organiser ses journées de dirigeant « décathlonien » : priorités, agenda, interruptions.",
        (
            "Trier ses tâches entre urgent et important une fois par semaine.",
            "Regrouper appels et courriels sur deux créneaux par jour.",
        ),
    ),
    StarterTheme(
        "Négocier avec clients et fournisseurs",
        "Préparer une négociation, tenir ses marges, conclure un accord durable.",
        (
            "Préparer sa position de repli avant d'entrer en négociation.",
            "Ne jamais céder sans contrepartie.",
        ),
    ),
    StarterTheme(
        "Communiquer sur les réseaux sociaux",
        "Choisir ses réseaux, publier régulièrement, mesurer ce qui marche.",
        (
            "Une publication par semaine, régulière, vaut mieux qu'une campagne ponctuelle.",
            "Montrer les coulisses et l'équipe attire davantage que la publicité.",
        ),
    ),
    StarterTheme(
        "La relation avec son banquier",
        "Préparer ses rendez-vous, négocier ses financements, inspirer confiance.",
        (
            "Annoncer à son banquier les mauvaises nouvelles avant qu'il ne les découvre.",
            "Arriver à chaque rendez-vous avec une situation intermédiaire à jour.",
        ),
    ),
    StarterTheme(
        "Les tableaux de bord",
        "Choisir les quelques indicateurs qui comptent et les suivre chaque mois.",
        (
            "Cinq indicateurs suivis valent mieux que trente ignorés.",
            "Un indicateur sans seuil d'alerte ne déclenche aucune action.",
        ),
    ),
    StarterTheme(
        "Se développer à l'export",
        "Choisir un premier marché, s'appuyer sur les dispositifs publics, s'adapter aux usages.",
        (
            "Tester un seul pays proche avant de se disperser.",
            "Les salons professionnels à l'étranger se préparent avec les conseillers export.",
        ),
    ),
    StarterTheme(
        "Répondre aux marchés publics",
        "Trouver les appels d'offres, constituer un dossier, se grouper avec d'autres.",
        (
            "Répondre en groupement ouvre des marchés trop gros pour une seule TPE.",
            "Un mémoire technique réutilisable fait gagner des jours à chaque réponse.",
        ),
    ),
    StarterTheme(
        "La prise de parole en public",
        "Présenter son entreprise, convaincre, animer une réunion avec aisance.",
        (
            "Un pitch de deux minutes, répété, ouvre plus de portes qu'une plaquette.",
            "Commencer par une histoire vraie capte l'attention.",
        ),
    ),
    StarterTheme(
        "Gérer les conflits",
        "Désamorcer les tensions dans l'équipe, avec un client ou un associé.",
        (
            "Séparer les faits, les ressentis et les demandes avant de répondre.",
            "Un conflit traité tôt coûte moins cher qu'un conflit évité.",
        ),
    ),
    StarterTheme(
        "Innover dans une petite entreprise",
        "Faire émerger les idées, tester vite et à petit prix, protéger ce qui mérite de l'être.",
        (
            "Tester une idée auprès de trois clients avant d'y investir.",
            "Les meilleures idées viennent souvent de l'atelier ou du comptoir.",
        ),
    ),
    StarterTheme(
        "La cybersécurité",
        "Sauvegardes, mots de passe, hameçonnage : protéger son entreprise sans être expert.",
        (
            "Une sauvegarde hors ligne testée chaque mois sauve l'entreprise en cas d'attaque.",
            "Un virement demandé par courriel se confirme toujours par téléphone.",
        ),
    ),
    StarterTheme(
        "Santé et sécurité au travail",
        "Document unique, prévention des risques, accidents du travail : obligations et bonnes "
        "pratiques.",
        (
            "Mettre à jour le document unique avec l'équipe le rend utile.",
            "Les presque-accidents signalés évitent les accidents.",
        ),
    ),
    StarterTheme(
        "Attirer et fidéliser ses salariés",
        "Marque employeur, conditions de travail, parcours : donner envie de venir et de rester.",
        (
            "Les salariés sont les meilleurs recruteurs : leur demander de relayer les offres.",
            "L'entretien de départ apprend beaucoup sur ce qu'il faut changer.",
        ),
    ),
    StarterTheme(
        "Fidéliser ses clients",
        "Suivre la satisfaction, traiter les réclamations, faire revenir ses clients.",
        (
            "Appeler un client après la livraison révèle ce qu'il ne dit pas.",
            "Une réclamation bien traitée crée un client fidèle.",
        ),
    ),
    StarterTheme(
        "Définir sa stratégie à trois ans",
        "Prendre du recul, choisir ses priorités, les partager avec son équipe.",
        (
            "Écrire sa stratégie sur une page oblige à choisir.",
            "Partager le cap avec l'équipe en fait un projet commun.",
        ),
    ),
    StarterTheme(
        "Équilibre entre vie professionnelle et vie personnelle",
        "Tenir dans la durée : temps pour soi, pour sa famille, limites à poser.",
        (
            "Prévoir ses congés en début d'année, comme un rendez-vous client.",
            "Dire non à certaines demandes protège l'essentiel.",
        ),
    ),
    StarterTheme(
        "Optimiser ses achats",
        "Connaître ses dépenses, mettre ses fournisseurs en concurrence, acheter à plusieurs.",
        (
            "Regrouper ses achats avec d'autres entreprises du groupe réduit les coûts.",
            "Revoir ses contrats d'énergie et d'assurance chaque année.",
        ),
    ),
)


def starter_catalogue_load(*, network: Network) -> list[Theme]:
    """Add the starter themes the network does not have yet (by slug); returns all of them."""
    existing = set(Theme.objects.filter(network=network).values_list("slug", flat=True))
    Theme.objects.bulk_create(
        [
            Theme(network=network, title=item.title, slug=item.slug, description=item.description)
            for item in STARTER_THEMES
            if item.slug not in existing
        ]
    )
    slugs = [item.slug for item in STARTER_THEMES]
    by_slug = {theme.slug: theme for theme in Theme.objects.filter(network=network, slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]

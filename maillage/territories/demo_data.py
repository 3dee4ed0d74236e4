"""Fixed tables of the demo territory: names, streets, job titles, the activities of its small
firms (real NAF rev. 2 codes) and its large companies. The firms and people are fictitious."""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES_F = _words(
    """Agnès Alice Amandine Anne Audrey Aurélie Béatrice Camille Caroline Catherine Cécile Céline
    Chantal Charlotte Christine Claire Delphine Élodie Émilie Estelle Fabienne Florence Françoise
    Hélène Isabelle Jeanne Julie Karine Laetitia Laure Léa Lucie Magali Marie Marion Martine
    Mathilde Nadia Nathalie Noémie Pascale Pauline Sabine Sandrine Sophie Stéphanie Sylvie Valérie
    Véronique Virginie"""
)
FIRST_NAMES_M = _words(
    """Alain Alexandre Antoine Arnaud Baptiste Benoît Bernard Bruno Cédric Christophe Claude Damien
    David Denis Didier Éric Fabrice Florian François Frédéric Gilles Grégory Guillaume Hervé Hugo
    Jacques Jean Jérôme Julien Laurent Lionel Loïc Luc Marc Mathieu Maxime Michel Nicolas Olivier
    Pascal Patrick Philippe Pierre Rémi Romain Sébastien Stéphane Thierry Thomas Vincent Xavier
    Yannick"""
)
# Common French surnames, and some of the Roannais and the Forez.
LAST_NAMES = _words(
    """Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre
    Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent
    Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand
    Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand
    Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas
    Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron
    Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Bourgeois Rey Leclerc Rolland
    Lecomte Fayolle Chassagne Dumoulin Barou Gonin Thivend Déchelette Ducreux Buffin Chaize Mondon
    Brossard Perrichon Chambon Vial Poncet Guillot Tissier Perret Goutte Lapalus Desbenoit Villard
    Giraudon Mazoyer Peyrard Troncy Charbonnier Verchère Laurendon Dessertine Cherpin Bréchard
    Magnin Gouttenoire"""
)
STREETS = (
    "rue Jean-Jaurès",
    "rue Mulsant",
    "rue Charles-de-Gaulle",
    "avenue de Paris",
    "rue de la République",
    "boulevard de Belgique",
    "rue Émile-Noirot",
    "rue du Commerce",
    "rue Pierre-Despierres",
    "chemin des Prés",
    "route de Charlieu",
    "route de Vichy",
    "zone artisanale des Planchettes",
    "rue des Artisans",
    "avenue de Lyon",
    "rue de la Gare",
    "allée des Tilleuls",
    "rue Victor-Hugo",
    "rue du Moulin",
    "parc d'activités de la Loire",
)
# Larger places host more firms.
COMMUNE_WEIGHTS = {"42187": 30, "42184": 8, "42071": 7, "42127": 6, "42332": 4, "42052": 4}

LEADER_TITLES = (
    ("Gérant", "Gérante"),
    ("Gérant", "Gérante"),
    ("Président", "Présidente"),
    ("Directeur général", "Directrice générale"),
    ("Cogérant", "Cogérante"),
)
FACILITATOR_TITLES = (
    ("Directeur industriel", "Directrice industrielle"),
    ("Directeur des ressources humaines", "Directrice des ressources humaines"),
    ("Directeur financier", "Directrice financière"),
    ("Directeur commercial", "Directrice commerciale"),
    ("Responsable qualité", "Responsable qualité"),
    ("Directeur de site", "Directrice de site"),
    ("Responsable des achats", "Responsable des achats"),
    ("Directeur des systèmes d'information", "Directrice des systèmes d'information"),
    ("Responsable de la formation", "Responsable de la formation"),
    ("Directeur des opérations", "Directrice des opérations"),
)


@dataclass(frozen=True)
class SmallFirmActivity:
    """A real NAF sub-class that small firms of the demo carry on, with how to name them."""

    code: str
    pme_share: float  # how often such a firm has 10 employees or more
    names: tuple[str, ...]  # patterns: {nom} a surname, {ville} the commune, {prenom} the leader
    blurb: str


# Each activity: code, share of PME (10 employees or more), name patterns separated by ";",
# then, indented, what such a firm does.
_SMALL_FIRMS = """
01.21Z 0.1 Domaine {nom}; Vignoble {nom}
    vins de la Côte roannaise, vente au caveau
01.41Z 0.1 GAEC {nom}; Ferme {nom}
    élevage laitier et vente de fromages fermiers
02.20Z 0.2 {nom} Forêts; Exploitation forestière {nom}
    exploitation et débardage en forêt des Monts de la Madeleine
10.13B 0.3 Charcuterie {nom}; Salaisons {nom}
    charcuterie artisanale et salaisons sèches
10.52Z 0.2 Glaces {nom}; Les Glaces de {ville}
    glaces et sorbets artisanaux pour la restauration
10.71C 0.3 Boulangerie {nom}; Au Pain de {ville}
    boulangerie-pâtisserie, trois points de vente
11.02B 0.2 Cave {nom}; Chai {nom}
    vinification et négoce de vins locaux
13.20Z 0.7 Tissage {nom}; Tissages de {ville}
    tissage de tissus d'ameublement et techniques
13.92Z 0.5 {nom} Textiles; Ateliers textiles {nom}
    linge de maison et articles textiles sur mesure
14.13Z 0.6 Atelier {nom} Confection; Confection {nom}
    confection de vêtements pour des marques françaises
14.39Z 0.7 Maille {nom}; Tricotage {nom}; Bonneterie de {ville}
    pulls et articles à mailles, savoir-faire roannais
16.23Z 0.4 Menuiserie {nom}; Charpentes {nom}
    charpente et menuiserie bois sur mesure
18.12Z 0.4 Imprimerie {nom}; {nom} Imprimeur
    impression offset et numérique pour les entreprises
22.29A 0.8 {nom} Plasturgie; Plastiques {nom}
    injection de pièces techniques en plastique
25.11Z 0.6 Métallerie {nom}; {nom} Constructions métalliques
    structures et charpentes métalliques
25.61Z 0.6 {nom} Traitements de surface; Revêtements {nom}
    traitement de surface et peinture industrielle
25.62B 0.7 {nom} Mécanique de précision; Usinage {nom}
    usinage de précision en petites et moyennes séries
26.51B 0.7 {nom} Instruments; Métrologie {nom}
    instruments de mesure pour l'industrie
28.29B 0.7 {nom} Machines spéciales; {nom} Automatismes
    machines spéciales et automatisation de lignes
31.09B 0.4 Ébénisterie {nom}; Meubles {nom}
    meubles et agencements sur mesure
32.50A 0.6 {nom} Dentaire; Laboratoire {nom}
    prothèses dentaires et orthèses
33.12Z 0.5 {nom} Maintenance industrielle; {nom} Services industriels
    maintenance et réparation de machines
38.11Z 0.5 {nom} Environnement; {nom} Recyclage
    collecte et tri des déchets des professionnels
41.20A 0.4 Maisons {nom}; {nom} Construction
    construction de maisons individuelles
43.12A 0.4 {nom} TP; Terrassements {nom}
    terrassement et aménagements extérieurs
43.21A 0.4 {nom} Électricité; Électricité générale {nom}
    installations électriques, bornes de recharge
43.22A 0.3 Plomberie {nom}; {nom} Sanitaire
    plomberie, sanitaire et rénovation de salles de bains
43.32A 0.3 {nom} Fermetures; Menuiseries {nom}
    pose de fenêtres, portes et volets
43.34Z 0.3 Peinture {nom}; {nom} Décoration
    peinture, revêtements et vitrerie
43.91B 0.3 Couverture {nom}; {nom} Toitures
    couverture, zinguerie et isolation de toitures
43.99C 0.5 Maçonnerie {nom}; {nom} Bâtiment
    maçonnerie générale et rénovation
45.20A 0.2 Garage {nom}; Garage de {ville}
    entretien et réparation toutes marques
46.69B 0.5 {nom} Fournitures industrielles; Comptoir {nom}
    fournitures et équipements pour l'industrie
46.73A 0.5 {nom} Matériaux; Négoce {nom}
    négoce de bois et matériaux pour les artisans
47.11B 0.1 Épicerie {nom}; L'Épicerie de {ville}
    épicerie fine et produits locaux
47.22Z 0.2 Boucherie {nom}; Boucherie de {ville}
    boucherie et viandes du Charolais
47.25Z 0.1 Vins et Spiritueux {nom}; La Cave de {ville}
    caviste, vins du Roannais et d'ailleurs
47.41Z 0.2 {nom} Informatique; Espace micro {ville}
    vente et installation de matériel informatique
47.52A 0.2 Quincaillerie {nom}; Quincaillerie de {ville}
    quincaillerie et outillage pour particuliers et artisans
47.71Z 0.1 Boutique {prenom}; Maison {nom}
    prêt-à-porter et maille roannaise
47.73Z 0.3 Pharmacie {nom}; Pharmacie de {ville}
    pharmacie d'officine
47.76Z 0.1 Fleurs {nom}; Au Jardin de {prenom}
    fleuriste et plantes d'intérieur
47.77Z 0.1 Bijouterie {nom}; Horlogerie {nom}
    bijouterie, horlogerie et réparation
47.78A 0.2 Optique {nom}; {nom} Opticiens
    opticien, examens de vue et équipement
49.32Z 0.1 Taxi {nom}; Taxis de {ville}
    taxi conventionné et transport de personnes
49.41A 0.6 Transports {nom}; {nom} Logistique
    transport routier de marchandises en région
52.29A 0.4 {nom} Express; Coursiers de {ville}
    messagerie et livraisons express
55.10Z 0.4 Hôtel {nom}; Hôtel de {ville}
    hôtel de tourisme et séminaires
56.10A 0.3 Restaurant {nom}; Le Bistrot de {ville}; Chez {prenom}
    restaurant traditionnel, cuisine du marché
56.21Z 0.3 {nom} Traiteur; Traiteur {nom}
    traiteur pour les entreprises et les mariages
58.29C 0.5 {nom} Logiciels; Logiciels {nom}
    logiciels de gestion pour les artisans
62.01Z 0.4 {nom} Développement; Code et Conseil {nom}
    développement d'applications web et mobiles
62.02A 0.4 {nom} Conseil informatique; {nom} Systèmes
    conseil et infogérance pour les PME
66.22Z 0.2 Cabinet {nom} Assurances; {nom} Courtage
    courtage en assurances professionnelles
68.31Z 0.2 {nom} Immobilier; Agence de {ville}
    transactions et gestion locative
69.10Z 0.3 Cabinet {nom} Avocats; {nom} et Associés
    droit des affaires et droit social
69.20Z 0.5 {nom} Expertise comptable; Cabinet comptable {nom}
    expertise comptable et conseil aux TPE
70.22Z 0.2 {nom} Conseil; {nom} Stratégie
    conseil en organisation et accompagnement du changement
71.11Z 0.2 Atelier d'architecture {nom}; {nom} Architectes
    architecture et maîtrise d'œuvre
71.12B 0.5 Bureau d'études {nom}; {nom} Ingénierie
    études techniques en fluides et structures
73.11Z 0.2 Agence {nom}; {nom} Communication
    communication, identité visuelle et sites web
74.10Z 0.1 Studio {nom} Design; {nom} Design
    design de produits et d'espaces
74.20Z 0.1 Studio photo {nom}; {prenom} {nom} Photographie
    photographie d'entreprise et de produits
75.00Z 0.4 Clinique vétérinaire {nom}; Clinique vétérinaire de {ville}
    clinique vétérinaire, animaux de compagnie et rurale
77.32Z 0.3 {nom} Location; Loc'Matériel {nom}
    location d'engins et de matériel de chantier
78.20Z 0.6 {nom} Intérim; Intérim de {ville}
    travail temporaire dans l'industrie et le BTP
80.10Z 0.6 {nom} Sécurité; Sécurité {nom}
    gardiennage et surveillance de sites
81.21Z 0.6 {nom} Propreté; Nettoyage {nom}
    nettoyage de bureaux et de locaux industriels
81.30Z 0.3 {nom} Paysages; Jardins {nom}
    création et entretien d'espaces verts
85.53Z 0.2 Auto-école {nom}; Auto-école de {ville}
    permis B, moto et conduite accompagnée
85.59A 0.3 {nom} Formation; Formations {nom}
    formation professionnelle continue
86.23Z 0.3 Cabinet dentaire {nom}; Centre dentaire de {ville}
    cabinet dentaire de groupe
86.90E 0.2 Cabinet de kinésithérapie {nom}; {nom} Kiné
    kinésithérapie et rééducation
88.10A 0.7 {nom} Services à domicile; Aide à domicile de {ville}
    aide à domicile des personnes âgées
90.01Z 0.1 Compagnie {nom}; Théâtre de {ville}
    spectacles et animations pour les entreprises
93.13Z 0.2 {nom} Fitness; Forme et Santé {ville}
    salle de sport et coaching
95.11Z 0.1 {nom} Réparation informatique; SOS PC {ville}
    dépannage informatique pour les pros
96.01B 0.2 Pressing {nom}; Pressing de {ville}
    pressing et blanchisserie
96.02A 0.2 {prenom} Coiffure; Salon {nom}
    salon de coiffure mixte
"""


def _parse_small_firms(table: str) -> tuple[SmallFirmActivity, ...]:
    activities = []
    lines = table.strip().splitlines()
    for head, blurb in zip(lines[::2], lines[1::2], strict=True):
        code, share, names = head.split(" ", 2)
        patterns = tuple(name.strip() for name in names.split(";"))
        activities.append(SmallFirmActivity(code, float(share), patterns, blurb.strip()))
    return tuple(activities)


SMALL_FIRM_ACTIVITIES = _parse_small_firms(_SMALL_FIRMS)


@dataclass(frozen=True)
class LargeCompanySpec:
    name: str
    code: str
    band: str  # ETI or GE
    commune: str  # INSEE code


LARGE_COMPANIES = (
    LargeCompanySpec("Forges de la Loire", "25.50A", "ETI", "42187"),
    LargeCompanySpec("Tissages Réunis du Roannais", "13.20Z", "ETI", "42184"),
    LargeCompanySpec("Groupe Maille Madeleine", "14.39Z", "ETI", "42187"),
    LargeCompanySpec("Loire Défense Systèmes", "25.40Z", "GE", "42187"),
    LargeCompanySpec("Roannaise des Eaux et Services", "36.00Z", "ETI", "42071"),
    LargeCompanySpec("Banque Régionale Loire-Forez", "64.19Z", "GE", "42187"),
    LargeCompanySpec("Assurances Mutuelles du Centre-Est", "65.12Z", "GE", "42187"),
    LargeCompanySpec("Transports Ligériens", "49.41A", "ETI", "42127"),
    LargeCompanySpec("Logistique Rhône-Loire", "52.10B", "ETI", "42127"),
    LargeCompanySpec("Fromageries des Monts", "10.51C", "ETI", "42248"),
    LargeCompanySpec("Biscuiterie du Forez", "10.72Z", "ETI", "42184"),
    LargeCompanySpec("Papeteries Ligériennes", "17.12Z", "ETI", "42332"),
    LargeCompanySpec("Plastiques Techniques du Centre", "22.29A", "ETI", "42071"),
    LargeCompanySpec("Énergies Loire-Auvergne", "35.14Z", "GE", "42187"),
    LargeCompanySpec("Télécom Centre-Est", "61.10Z", "GE", "42187"),
    LargeCompanySpec("Clinique du Val de Loire", "86.10Z", "ETI", "42187"),
    LargeCompanySpec("Routes et Ouvrages Rhône-Loire", "42.11Z", "GE", "42184"),
    LargeCompanySpec("Distrimarché Centre", "47.11F", "GE", "42127"),
    LargeCompanySpec("Informatique et Services Ligériens", "62.02A", "ETI", "42187"),
    LargeCompanySpec("Audit Conseil Rhône-Alpes", "69.20Z", "ETI", "42187"),
    LargeCompanySpec("Câbleries du Roannais", "27.32Z", "ETI", "42071"),
    LargeCompanySpec("Chaudronnerie Industrielle Ligérienne", "25.29Z", "ETI", "42052"),
    LargeCompanySpec("Laiterie des Monts du Lyonnais", "10.51A", "ETI", "42334"),
    LargeCompanySpec("Automobiles Loire Distribution", "45.11Z", "ETI", "42184"),
    LargeCompanySpec("Propreté Industrielle du Centre", "81.22Z", "GE", "42187"),
    LargeCompanySpec("Intérim Rhône-Loire", "78.20Z", "ETI", "42187"),
    LargeCompanySpec("Verreries du Forez", "23.13Z", "ETI", "42332"),
    LargeCompanySpec("Ameublement Ligérien", "31.09B", "ETI", "42052"),
    LargeCompanySpec("Équipements Agricoles du Centre", "28.30Z", "ETI", "42230"),
    LargeCompanySpec("Bétons du Roannais", "23.61Z", "ETI", "42332"),
    LargeCompanySpec("Cuirs et Sellerie du Centre", "15.12Z", "ETI", "42052"),
    LargeCompanySpec("Imprimeries Rhône-Loire", "18.12Z", "ETI", "42071"),
    LargeCompanySpec("Électromécanique Loire Services", "33.14Z", "ETI", "42127"),
    LargeCompanySpec("Banque Coopérative du Centre-Est", "64.19Z", "GE", "42187"),
    LargeCompanySpec("Mutuelle Santé Ligérienne", "65.12Z", "ETI", "42187"),
    LargeCompanySpec("Hôtellerie des Monts", "55.10Z", "ETI", "42182"),
    LargeCompanySpec("Presse et Médias Loire Centre", "58.13Z", "ETI", "42187"),
    LargeCompanySpec("Aéro Composites Loire", "30.30Z", "ETI", "42184"),
    LargeCompanySpec("Fonderie du Roannais", "24.51Z", "ETI", "42071"),
    LargeCompanySpec("Chaussures Ligériennes", "15.20Z", "ETI", "42052"),
)

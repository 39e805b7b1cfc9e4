"""Synthetic bilingual (fr/en) knowledge base for benchmarks, in the CONTRACT section-2 format.

Articles are built combinatorially from small vocabularies written for this script (products of a
fictional home-appliance shop x topics x an optional model range), so any size can be generated
deterministically from a seed. Nothing here comes from the evaluation sets.

    .venv/bin/python bench/kbgen.py OUT.yml [--articles 1000] [--seed 0]

or, from Python: `generate(n_articles, seed)` and `write_yaml(path, articles)`.
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# ---------------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class Product:
    slug: str
    fr: str  # noun without article
    feminine: bool
    en: str
    family: str  # tag


PRODUCTS: tuple[Product, ...] = (
    Product("lave-linge", "lave-linge", False, "washing machine", "lavage"),
    Product("seche-linge", "sèche-linge", False, "tumble dryer", "lavage"),
    Product("lave-vaisselle", "lave-vaisselle", False, "dishwasher", "lavage"),
    Product("refrigerateur", "réfrigérateur", False, "fridge", "froid"),
    Product("congelateur", "congélateur", False, "freezer", "froid"),
    Product("cave-a-vin", "cave à vin", True, "wine cooler", "froid"),
    Product("four", "four", False, "oven", "cuisson"),
    Product("micro-ondes", "micro-ondes", False, "microwave", "cuisson"),
    Product("plaque-induction", "plaque à induction", True, "induction hob", "cuisson"),
    Product("hotte", "hotte aspirante", True, "cooker hood", "cuisson"),
    Product("bouilloire", "bouilloire", True, "kettle", "petit-electromenager"),
    Product("grille-pain", "grille-pain", False, "toaster", "petit-electromenager"),
    Product("cafetiere", "cafetière", True, "coffee maker", "petit-electromenager"),
    Product("robot-cuisine", "robot de cuisine", False, "food processor", "petit-electromenager"),
    Product("blender", "blender", False, "blender", "petit-electromenager"),
    Product("friteuse", "friteuse sans huile", True, "air fryer", "petit-electromenager"),
    Product("aspirateur", "aspirateur", False, "vacuum cleaner", "entretien"),
    Product("aspirateur-robot", "aspirateur robot", False, "robot vacuum", "entretien"),
    Product("nettoyeur-vapeur", "nettoyeur vapeur", False, "steam cleaner", "entretien"),
    Product("fer-repasser", "fer à repasser", False, "steam iron", "entretien"),
    Product("climatiseur", "climatiseur mobile", False, "portable air conditioner", "confort"),
    Product("radiateur", "radiateur électrique", False, "electric heater", "confort"),
    Product("ventilateur", "ventilateur colonne", False, "tower fan", "confort"),
    Product("purificateur", "purificateur d'air", False, "air purifier", "confort"),
    Product("deshumidificateur", "déshumidificateur", False, "dehumidifier", "confort"),
    Product("seche-cheveux", "sèche-cheveux", False, "hair dryer", "soin"),
    Product("tondeuse-barbe", "tondeuse à barbe", True, "beard trimmer", "soin"),
    Product("brosse-dents", "brosse à dents électrique", True, "electric toothbrush", "soin"),
    Product("balance", "balance connectée", True, "smart scale", "soin"),
    Product("enceinte", "enceinte connectée", True, "smart speaker", "maison-connectee"),
)

# Model ranges multiply the catalogue when more articles are asked for than products x topics.
RANGES: tuple[tuple[str, str, str], ...] = (
    ("compact", "de la gamme Compact", "from the Compact range"),
    ("pro", "de la gamme Pro", "from the Pro range"),
    ("eco", "de la gamme Eco", "from the Eco range"),
    ("mini", "de la gamme Mini", "from the Mini range"),
    ("max", "de la gamme Max", "from the Max range"),
    ("studio", "de la gamme Studio", "from the Studio range"),
    ("home", "de la gamme Home", "from the Home range"),
    ("silence", "de la gamme Silence", "from the Silence range"),
)


@dataclass(frozen=True)
class Topic:
    slug: str
    tags: tuple[str, ...]
    fr_title: str
    fr_questions: tuple[str, ...]
    fr_steps: tuple[str, ...]
    en_title: str
    en_questions: tuple[str, ...]
    en_steps: tuple[str, ...]
    handoff: bool = False


# Placeholders: {mon} "mon four" / "ma bouilloire", {le} "le four", {du} "du four" (French);
# {p} "washing machine" (English); {ctx} the model range (may be empty).
TOPICS: tuple[Topic, ...] = (
    Topic(
        "ne-demarre-pas", ("panne",),
        "{Mon} {ctx} ne s'allume plus",
        ("{Mon} {ctx} ne s'allume plus, que faire ?", "Pourquoi {mon} {ctx} ne démarre pas ?",
         "{Mon} {ctx} reste éteint{e} quand j'appuie sur le bouton",
         "Plus aucun voyant sur {mon} {ctx}, c'est normal ?",
         "{Mon} {ctx} refuse de se mettre en marche"),
        ("Vérifiez que la prise murale fonctionne avec un autre appareil.",
         "Contrôlez le disjoncteur et le câble d'alimentation.",
         "Débranchez l'appareil une minute puis rebranchez-le.",
         "Si rien ne change, demandez une réparation depuis votre espace client."),
        "My {p} {ctx} won't turn on",
        ("My {p} {ctx} won't turn on, what should I do?", "Why doesn't my {p} {ctx} start?",
         "Nothing happens when I press the power button of my {p} {ctx}", "The {p} {ctx} shows no light at all",
         "My {p} {ctx} is dead"),
        ("Check the wall socket with another device.", "Check the fuse box and the power cord.",
         "Unplug the appliance for one minute, then plug it back in.",
         "If nothing changes, request a repair from your customer account."),
    ),
    Topic(
        "bruit", ("panne", "bruit"),
        "{Mon} {ctx} fait un bruit anormal",
        ("{Mon} {ctx} fait un bruit bizarre", "D'où vient le claquement de {mon} {ctx} ?",
         "{Mon} {ctx} vibre et fait beaucoup de bruit", "Un sifflement sort de {mon} {ctx}, est-ce grave ?",
         "Pourquoi {mon} {ctx} est si bruyant{e} depuis hier ?"),
        ("Posez l'appareil sur une surface plane et stable.", "Retirez tout objet coincé dans les parties mobiles.",
         "Vérifiez que les pieds sont bien réglés.",
         "Si le bruit persiste, arrêtez l'appareil et contactez le service après-vente."),
        "My {p} {ctx} makes a strange noise",
        ("My {p} {ctx} is making a weird noise", "Why is my {p} {ctx} so loud?",
         "There is a rattling sound coming from my {p} {ctx}", "My {p} {ctx} whistles, is that a problem?",
         "The {p} {ctx} vibrates a lot"),
        ("Put the appliance on a flat, stable surface.", "Remove anything stuck in the moving parts.",
         "Check that the feet are level.", "If the noise continues, stop the appliance and contact after-sales."),
    ),
    Topic(
        "nettoyer", ("entretien",),
        "Nettoyer {mon} {ctx}",
        ("Comment nettoyer {mon} {ctx} ?", "Quel produit utiliser pour laver {mon} {ctx} ?",
         "Comment entretenir {mon} {ctx} pour qu'{il} dure ?", "À quelle fréquence faut-il nettoyer {le} {ctx} ?",
         "Puis-je passer {mon} {ctx} sous l'eau ?"),
        ("Débranchez toujours l'appareil avant de le nettoyer.", "Utilisez un chiffon doux et de l'eau savonneuse.",
         "N'utilisez ni solvant ni éponge abrasive.", "Laissez sécher complètement avant de rebrancher."),
        "Cleaning your {p} {ctx}",
        ("How do I clean my {p} {ctx}?", "What product should I use to clean the {p} {ctx}?",
         "How often should I clean my {p} {ctx}?", "Can I rinse my {p} {ctx} under water?",
         "Best way to maintain a {p} {ctx}"),
        ("Always unplug the appliance before cleaning it.", "Use a soft cloth and soapy water.",
         "Do not use solvents or scouring pads.", "Let it dry completely before plugging it back in."),
    ),
    Topic(
        "detartrer", ("entretien", "calcaire"),
        "Détartrer {mon} {ctx}",
        ("Comment détartrer {mon} {ctx} ?", "Il y a du calcaire dans {mon} {ctx}, comment l'enlever ?",
         "Le voyant détartrage {du} {ctx} est allumé", "Vinaigre blanc ou détartrant pour {mon} {ctx} ?"),
        ("Préparez un mélange d'eau et d'acide citrique.", "Lancez un cycle à vide avec ce mélange.",
         "Rincez avec deux cycles d'eau claire.", "Répétez l'opération tous les trois mois en eau dure."),
        "Descaling your {p} {ctx}",
        ("How do I descale my {p} {ctx}?", "There is limescale in my {p} {ctx}",
         "The descaling light of the {p} {ctx} is on", "Vinegar or descaler for my {p} {ctx}?"),
        ("Prepare a mix of water and citric acid.", "Run an empty cycle with this mix.",
         "Rinse with two cycles of clean water.", "Repeat every three months if your water is hard."),
    ),
    Topic(
        "garantie", ("garantie",),
        "Garantie {du} {ctx}",
        ("Quelle est la durée de garantie {du} {ctx} ?", "{Mon} {ctx} est-{il} encore sous garantie ?",
         "Comment faire jouer la garantie de {mon} {ctx} ?", "La garantie couvre-t-elle la panne de {mon} {ctx} ?",
         "Extension de garantie pour {mon} {ctx}"),
        ("La garantie légale de conformité dure deux ans à compter de la livraison.",
         "Gardez votre facture : elle sert de preuve d'achat.",
         "Déclarez la panne depuis votre espace client, rubrique Mes appareils.",
         "Une extension de garantie peut être souscrite dans les 30 jours suivant l'achat."),
        "Warranty of the {p} {ctx}",
        ("How long is the warranty on the {p} {ctx}?", "Is my {p} {ctx} still under warranty?",
         "How do I make a warranty claim for my {p} {ctx}?", "Does the warranty cover my broken {p} {ctx}?",
         "Extended warranty for a {p} {ctx}"),
        ("The legal guarantee lasts two years from delivery.", "Keep your invoice as proof of purchase.",
         "Report the fault from your customer account, under My appliances.",
         "An extended warranty can be bought within 30 days of purchase."),
    ),
    Topic(
        "retour", ("retour", "commande"),
        "Retourner {mon} {ctx}",
        ("Comment retourner {mon} {ctx} ?", "Je veux renvoyer {le} {ctx} que j'ai commandé{e}",
         "{Mon} {ctx} ne me convient pas, puis-je {pro} rendre ?", "Quel délai pour retourner {mon} {ctx} ?",
         "Le retour {du} {ctx} est-il gratuit ?"),
        ("Vous disposez de 30 jours après la livraison pour changer d'avis.",
         "Créez une demande de retour dans Mes commandes.",
         "Remettez l'appareil dans son emballage d'origine avec ses accessoires.",
         "Le remboursement est fait sous 14 jours après réception."),
        "Returning your {p} {ctx}",
        ("How do I return my {p} {ctx}?", "I want to send back the {p} {ctx} I ordered",
         "Can I return a {p} {ctx} I don't like?", "How long do I have to return my {p} {ctx}?",
         "Is returning the {p} {ctx} free?"),
        ("You have 30 days after delivery to change your mind.", "Open a return request in My orders.",
         "Pack the appliance in its original box with its accessories.",
         "The refund is made within 14 days of receipt."),
    ),
    Topic(
        "livraison", ("livraison", "commande"),
        "Livraison {du} {ctx}",
        ("Quand vais-je recevoir {mon} {ctx} ?", "Où en est la livraison de {mon} {ctx} ?",
         "{Mon} {ctx} n'est toujours pas livré{e}", "Suivre le colis de {mon} {ctx}",
         "Combien coûte la livraison {du} {ctx} ?"),
        ("Le suivi du colis est disponible dans Mes commandes.",
         "La livraison standard prend trois à cinq jours ouvrés.",
         "Vous recevez un SMS la veille du passage du transporteur.",
         "Au-delà de dix jours sans nouvelles, signalez-le depuis la commande."),
        "Delivery of the {p} {ctx}",
        ("When will I get my {p} {ctx}?", "Where is the delivery of my {p} {ctx}?",
         "My {p} {ctx} has still not arrived", "Track the parcel with my {p} {ctx}",
         "How much is delivery for a {p} {ctx}?"),
        ("Parcel tracking is in My orders.", "Standard delivery takes three to five working days.",
         "You get a text message the day before the carrier comes.",
         "After ten days without news, report it from the order page."),
    ),
    Topic(
        "livre-abime", ("livraison", "litige"),
        "{Mon} {ctx} est arrivé{e} abîmé{e}",
        ("{Mon} {ctx} est arrivé{e} cassé{e}", "Le carton {du} {ctx} était écrasé à la livraison",
         "J'ai reçu {mon} {ctx} rayé{e}, que faire ?", "{Mon} {ctx} livré{e} est endommagé{e}"),
        ("Prenez des photos de l'appareil et de l'emballage.",
         "Signalez le dommage dans les 48 heures depuis Mes commandes.",
         "Ne jetez pas l'emballage avant la fin de la démarche.",
         "Un échange ou un remboursement vous est proposé après examen."),
        "My {p} {ctx} arrived damaged",
        ("My {p} {ctx} arrived broken", "The box of my {p} {ctx} was crushed on delivery",
         "I received a scratched {p} {ctx}", "The {p} {ctx} I got is damaged"),
        ("Take photos of the appliance and the packaging.", "Report the damage within 48 hours from My orders.",
         "Keep the packaging until the claim is settled.", "An exchange or refund is offered after review."),
    ),
    Topic(
        "notice", ("documentation",),
        "Notice d'utilisation {du} {ctx}",
        ("Où trouver la notice de {mon} {ctx} ?", "J'ai perdu le mode d'emploi {du} {ctx}",
         "Télécharger le manuel {du} {ctx}", "Le guide d'utilisation {du} {ctx} existe-t-il en PDF ?"),
        ("Toutes les notices sont téléchargeables en PDF sur la fiche produit.",
         "La référence figure sur la plaque signalétique de l'appareil.",
         "Vous pouvez aussi demander une notice papier au service client."),
        "User manual of the {p} {ctx}",
        ("Where can I find the manual for my {p} {ctx}?", "I lost the instructions of my {p} {ctx}",
         "Download the user guide of the {p} {ctx}", "Is there a PDF manual for the {p} {ctx}?"),
        ("Every manual can be downloaded as a PDF from the product page.",
         "The model number is on the rating plate of the appliance.",
         "You can also ask customer service for a printed copy."),
    ),
    Topic(
        "piece-detachee", ("pieces",),
        "Pièces détachées pour {le} {ctx}",
        ("Où acheter une pièce détachée pour {mon} {ctx} ?", "Vendez-vous des accessoires pour {le} {ctx} ?",
         "Il me faut un filtre de rechange pour {mon} {ctx}",
         "Combien de temps les pièces {du} {ctx} sont-elles disponibles ?",
         "Remplacer une pièce cassée de {mon} {ctx}"),
        ("Les pièces détachées sont vendues dans la rubrique Accessoires.",
         "Munissez-vous de la référence exacte de l'appareil.",
         "Les pièces restent disponibles au moins sept ans après la fin de commercialisation."),
        "Spare parts for the {p} {ctx}",
        ("Where can I buy a spare part for my {p} {ctx}?", "Do you sell accessories for the {p} {ctx}?",
         "I need a replacement filter for my {p} {ctx}", "How long are spare parts available for the {p} {ctx}?",
         "Replace a broken part of my {p} {ctx}"),
        ("Spare parts are sold in the Accessories section.", "Have the exact model number at hand.",
         "Parts stay available for at least seven years after the model is discontinued."),
    ),
    Topic(
        "installation", ("installation",),
        "Installer {mon} {ctx}",
        ("Comment installer {mon} {ctx} ?", "Proposez-vous l'installation {du} {ctx} ?",
         "Combien coûte la mise en service de {mon} {ctx} ?", "Puis-je brancher {mon} {ctx} moi-même ?"),
        ("Lisez les consignes d'installation de la notice.", "Laissez un espace de ventilation autour de l'appareil.",
         "L'installation par un technicien peut être ajoutée à la commande.",
         "Le technicien reprend aussi votre ancien appareil."),
        "Installing your {p} {ctx}",
        ("How do I install my {p} {ctx}?", "Do you offer installation of the {p} {ctx}?",
         "How much does it cost to set up a {p} {ctx}?", "Can I connect the {p} {ctx} myself?"),
        ("Read the installation instructions in the manual.", "Leave room for ventilation around the appliance.",
         "Installation by a technician can be added to the order.",
         "The technician also takes away your old appliance."),
    ),
    Topic(
        "reparation", ("reparation", "sav"),
        "Faire réparer {mon} {ctx}",
        ("Comment faire réparer {mon} {ctx} ?", "Combien coûte la réparation {du} {ctx} ?",
         "Où envoyer {mon} {ctx} en réparation ?", "Suivre la réparation de {mon} {ctx}",
         "Un technicien peut-il venir réparer {mon} {ctx} ?"),
        ("Ouvrez une demande de réparation dans votre espace client.",
         "Sous garantie, la réparation est gratuite.",
         "Hors garantie, un devis vous est envoyé avant toute intervention.",
         "Le suivi de la réparation s'affiche dans Mes demandes."),
        "Getting your {p} {ctx} repaired",
        ("How do I get my {p} {ctx} repaired?", "How much does repairing a {p} {ctx} cost?",
         "Where do I send my {p} {ctx} for repair?", "Track the repair of my {p} {ctx}",
         "Can a technician come and fix my {p} {ctx}?"),
        ("Open a repair request in your customer account.", "Under warranty, the repair is free.",
         "Out of warranty, you get a quote before any work.", "Repair progress is shown in My requests."),
    ),
    Topic(
        "code-erreur", ("panne", "erreur"),
        "Code erreur affiché par {le} {ctx}",
        ("{Mon} {ctx} affiche un code erreur", "Que signifie le message d'erreur de {mon} {ctx} ?",
         "Un voyant rouge clignote sur {mon} {ctx}", "E3 sur l'écran {du} {ctx}, c'est quoi ?"),
        ("Notez le code affiché puis éteignez l'appareil.", "Consultez le tableau des codes dans la notice.",
         "La plupart des codes disparaissent après une remise à zéro.",
         "Si le code revient, demandez une réparation."),
        "Error code on the {p} {ctx}",
        ("My {p} {ctx} shows an error code", "What does the error message on my {p} {ctx} mean?",
         "A red light keeps blinking on my {p} {ctx}", "E3 on the display of the {p} {ctx}, what is it?"),
        ("Write down the code, then switch the appliance off.", "Look up the code table in the manual.",
         "Most codes go away after a reset.", "If the code comes back, request a repair."),
    ),
    Topic(
        "reinitialiser", ("reglages",),
        "Réinitialiser {mon} {ctx}",
        ("Comment réinitialiser {mon} {ctx} ?", "Remettre {mon} {ctx} aux réglages d'usine",
         "Faire un reset de {mon} {ctx}", "Comment remettre à zéro {le} {ctx} ?"),
        ("Débranchez l'appareil pendant dix secondes.",
         "Maintenez le bouton marche appuyé cinq secondes en le rebranchant.",
         "Les réglages personnalisés sont effacés."),
        "Resetting your {p} {ctx}",
        ("How do I reset my {p} {ctx}?", "Factory reset of my {p} {ctx}",
         "Restore the default settings of the {p} {ctx}", "How to reboot the {p} {ctx}?"),
        ("Unplug the appliance for ten seconds.", "Hold the power button for five seconds while plugging it in.",
         "Custom settings are erased."),
    ),
    Topic(
        "application", ("maison-connectee", "application"),
        "Connecter {mon} {ctx} à l'application",
        ("Comment connecter {mon} {ctx} au wifi ?", "L'application ne trouve pas {mon} {ctx}",
         "Appairer {mon} {ctx} avec mon téléphone", "Piloter {mon} {ctx} à distance"),
        ("Installez l'application Lumo Maison et créez un compte.",
         "Activez le Bluetooth et le wifi 2,4 GHz du téléphone.",
         "Appuyez trois secondes sur le bouton d'appairage de l'appareil.",
         "Suivez ensuite les étapes affichées dans l'application."),
        "Connecting your {p} {ctx} to the app",
        ("How do I connect my {p} {ctx} to wifi?", "The app can't find my {p} {ctx}",
         "Pair my {p} {ctx} with my phone", "Control the {p} {ctx} remotely"),
        ("Install the Lumo Home app and create an account.", "Turn on Bluetooth and 2.4 GHz wifi on your phone.",
         "Press the pairing button of the appliance for three seconds.", "Then follow the steps in the app."),
    ),
    Topic(
        "consommation", ("energie",),
        "Consommation électrique {du} {ctx}",
        ("Combien consomme {mon} {ctx} ?", "Quelle est la classe énergétique {du} {ctx} ?",
         "Réduire la consommation de {mon} {ctx}", "{Mon} {ctx} consomme-t-{il} beaucoup en veille ?"),
        ("La consommation figure sur l'étiquette énergie de la fiche produit.",
         "Utilisez les programmes éco quand ils existent.", "Débranchez l'appareil en cas d'absence prolongée."),
        "Power consumption of the {p} {ctx}",
        ("How much electricity does my {p} {ctx} use?", "What is the energy class of the {p} {ctx}?",
         "Reduce the energy use of my {p} {ctx}", "Does the {p} {ctx} use much power on standby?"),
        ("Consumption is shown on the energy label of the product page.", "Use eco programmes when available.",
         "Unplug the appliance when you are away for long."),
    ),
    Topic(
        "odeur-brule", ("securite",),
        "{Mon} {ctx} sent le brûlé ou fume",
        ("{Mon} {ctx} sent le brûlé", "De la fumée sort de {mon} {ctx}",
         "{Mon} {ctx} a fait une étincelle", "{Mon} {ctx} chauffe anormalement, est-ce dangereux ?"),
        ("Débranchez immédiatement l'appareil si vous pouvez le faire sans risque.",
         "Ne le remettez pas en marche.", "Un conseiller va vous aider à organiser le remplacement."),
        "My {p} {ctx} smells of burning or smokes",
        ("My {p} {ctx} smells like something is burning", "Smoke is coming out of my {p} {ctx}",
         "My {p} {ctx} sparked", "My {p} {ctx} gets dangerously hot"),
        ("Unplug the appliance at once if it is safe to do so.", "Do not switch it on again.",
         "An adviser will help you arrange a replacement."),
        handoff=True,
    ),
    Topic(
        "rappel-produit", ("securite", "rappel"),
        "Rappel de produit {du} {ctx}",
        ("{Mon} {ctx} est-{il} concerné{e} par un rappel ?", "J'ai entendu parler d'un rappel {du} {ctx}",
         "Vérifier si {mon} {ctx} fait l'objet d'une campagne de rappel"),
        ("Comparez le numéro de série avec la liste publiée sur la page Rappels.",
         "Si votre appareil est concerné, cessez de l'utiliser.", "L'échange ou le remboursement est gratuit."),
        "Product recall of the {p} {ctx}",
        ("Is my {p} {ctx} affected by a recall?", "I heard about a recall of the {p} {ctx}",
         "Check whether my {p} {ctx} is part of a recall campaign"),
        ("Compare the serial number with the list on the Recalls page.",
         "If your appliance is affected, stop using it.", "The exchange or refund is free of charge."),
        handoff=True,
    ),
    Topic(
        "paiement-plusieurs-fois", ("paiement",),
        "Payer {le} {ctx} en plusieurs fois",
        ("Puis-je payer {mon} {ctx} en plusieurs fois ?", "Paiement en trois fois pour {le} {ctx}",
         "Financer l'achat d'{un} {ctx}", "Y a-t-il des frais pour payer {le} {ctx} en quatre fois ?"),
        ("Le paiement en trois ou quatre fois est proposé à partir de 100 euros.",
         "Choisissez l'option au moment du paiement.", "Des frais peuvent s'appliquer selon la durée choisie."),
        "Paying for the {p} {ctx} in instalments",
        ("Can I pay for my {p} {ctx} in instalments?", "Pay in three times for the {p} {ctx}",
         "Financing the purchase of a {p} {ctx}", "Are there fees to split the payment of the {p} {ctx}?"),
        ("Paying in three or four instalments is offered from 100 euros.", "Choose the option at checkout.",
         "Fees may apply depending on the duration."),
    ),
    Topic(
        "facture", ("facture", "commande"),
        "Facture {du} {ctx}",
        ("Où trouver la facture de {mon} {ctx} ?", "J'ai besoin d'une facture pour {mon} {ctx}",
         "Télécharger la facture d'achat {du} {ctx}", "La facture {du} {ctx} comporte une erreur"),
        ("Les factures sont disponibles en PDF dans Mes commandes.",
         "Elles sont générées à l'expédition de la commande.",
         "Pour corriger une adresse, écrivez au service client avec le numéro de commande."),
        "Invoice for the {p} {ctx}",
        ("Where is the invoice for my {p} {ctx}?", "I need an invoice for my {p} {ctx}",
         "Download the purchase invoice of the {p} {ctx}", "There is a mistake on the invoice of my {p} {ctx}"),
        ("Invoices are available as PDFs in My orders.", "They are issued when the order ships.",
         "To fix an address, write to customer service with the order number."),
    ),
    Topic(
        "recyclage", ("recyclage",),
        "Recycler {mon} {ctx}",
        ("Comment me débarrasser de {mon} {ctx} ?", "Reprenez-vous les appareils comme {mon} {ctx} ?",
         "Où déposer {mon} {ctx} qui ne marche plus ?", "Recyclage {du} {ctx}"),
        ("La reprise de l'ancien appareil est gratuite lors de la livraison d'un appareil équivalent.",
         "Vous pouvez aussi le déposer en magasin ou en déchetterie.",
         "Ne le jetez jamais avec les ordures ménagères."),
        "Recycling your old {p} {ctx}",
        ("How do I get rid of my old {p} {ctx}?", "Do you take back a used {p} {ctx}?",
         "Where can I drop off a broken {p} {ctx}?", "Recycling a {p} {ctx}"),
        ("Take-back of the old appliance is free when we deliver an equivalent one.",
         "You can also drop it in store or at a recycling centre.", "Never throw it away with household waste."),
    ),
    Topic(
        "fuite", ("panne", "fuite"),
        "{Mon} {ctx} fuit",
        ("{Mon} {ctx} fuit", "Il y a de l'eau sous {mon} {ctx}", "{Mon} {ctx} perd de l'eau, que faire ?",
         "Une flaque se forme autour {du} {ctx}"),
        ("Coupez l'alimentation et, le cas échéant, le robinet d'arrivée d'eau.",
         "Vérifiez les joints et les tuyaux.", "Séchez la zone avant de rebrancher.",
         "Si la fuite continue, demandez une réparation."),
        "My {p} {ctx} is leaking",
        ("My {p} {ctx} is leaking", "There is water under my {p} {ctx}", "My {p} {ctx} loses water",
         "A puddle forms around the {p} {ctx}"),
        ("Switch the power off and, if any, the water supply tap.", "Check the seals and hoses.",
         "Dry the area before plugging in again.", "If it keeps leaking, request a repair."),
    ),
    Topic(
        "mise-a-jour", ("maison-connectee", "logiciel"),
        "Mettre à jour le logiciel {du} {ctx}",
        ("Comment mettre à jour {mon} {ctx} ?", "Nouvelle version du logiciel {du} {ctx}",
         "La mise à jour de {mon} {ctx} a échoué", "Faut-il mettre à jour le firmware {du} {ctx} ?"),
        ("Les mises à jour s'installent automatiquement la nuit si l'appareil est connecté.",
         "Vous pouvez forcer la vérification dans l'application, menu Appareil.",
         "Ne débranchez pas l'appareil pendant la mise à jour."),
        "Updating the software of the {p} {ctx}",
        ("How do I update my {p} {ctx}?", "New software version for the {p} {ctx}",
         "The update of my {p} {ctx} failed", "Should I update the firmware of the {p} {ctx}?"),
        ("Updates install automatically at night when the appliance is online.",
         "You can check for updates in the app, Device menu.", "Do not unplug the appliance while it updates."),
    ),
    Topic(
        "disponibilite", ("stock", "commande"),
        "Disponibilité {du} {ctx}",
        ("Quand {le} {ctx} sera-t-{il} de nouveau en stock ?", "{Le} {ctx} est indisponible, pourquoi ?",
         "Être prévenu du retour en stock {du} {ctx}", "Puis-je réserver {un} {ctx} en rupture ?"),
        ("Cliquez sur M'alerter sur la fiche produit pour recevoir un e-mail.",
         "Les réapprovisionnements ont lieu chaque semaine.", "Les réservations ne sont pas possibles."),
        "Availability of the {p} {ctx}",
        ("When will the {p} {ctx} be back in stock?", "Why is the {p} {ctx} unavailable?",
         "Get notified when the {p} {ctx} is back", "Can I reserve an out-of-stock {p} {ctx}?"),
        ("Click Notify me on the product page to get an e-mail.", "Stock is replenished every week.",
         "Reservations are not possible."),
    ),
)

# ---------------------------------------------------------------------------------- French grammar


def _starts_with_vowel(word: str) -> bool:
    first = unicodedata.normalize("NFD", word)[:1].lower()
    return first in "aeiouyh"


def _french_forms(product: Product) -> dict[str, str]:
    """Articles, possessive, pronouns and agreement endings for a product noun."""
    noun, fem = product.fr, product.feminine
    vowel = _starts_with_vowel(noun)
    return {
        "le": f"l'{noun}" if vowel else (f"la {noun}" if fem else f"le {noun}"),
        "du": f"de l'{noun}" if vowel else (f"de la {noun}" if fem else f"du {noun}"),
        "mon": f"mon {noun}" if (vowel or not fem) else f"ma {noun}",
        "un": f"une {noun}" if fem else f"un {noun}",
        "il": "elle" if fem else "il",
        "pro": "la" if fem else "le",
        "e": "e" if fem else "",
    }


def _fill_fr(template: str, product: Product, ctx: str) -> str:
    """`{mon} {ctx}` -> "ma bouilloire de la gamme Pro"; `{Mon}` is the capitalised form."""
    text = template
    for key, value in _french_forms(product).items():
        text = text.replace("{" + key.capitalize() + "}", value[:1].upper() + value[1:])
        text = text.replace("{" + key + "}", value)
    return _tidy(text.replace("{ctx}", ctx))


def _fill_en(template: str, product: Product, ctx: str) -> str:
    text = template.replace("{p}", product.en).replace("{ctx}", ctx)
    if _starts_with_vowel(product.en):
        text = re.sub(rf"\b([Aa]) {re.escape(product.en)}", rf"\1n {product.en}", text)
    return _tidy(re.sub(r"\s+([?!])", r"\1", text))


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.])", r"\1", text)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------- generation


def _combinations(rng: random.Random, n: int) -> list[tuple[str, Product, Topic, int]]:
    """(language, product, topic, range index or -1): base catalogue first, model ranges as needed."""
    base = [(lang, p, t, -1) for lang in ("fr", "en") for p in PRODUCTS for t in TOPICS]
    rng.shuffle(base)
    out = base[:n]
    level = 0
    while len(out) < n:
        extra = [(lang, p, t, level) for lang in ("fr", "en") for p in PRODUCTS for t in TOPICS]
        rng.shuffle(extra)
        out.extend(extra[: n - len(out)])
        level += 1
    return out


def _range_label(level: int, language: str) -> tuple[str, str]:
    """(id suffix, phrase) of a model range; past the named ranges, numbered series."""
    if level < 0:
        return "", ""
    if level < len(RANGES):
        slug, fr, en = RANGES[level]
        return slug, fr if language == "fr" else en
    number = level - len(RANGES) + 2
    return f"serie-{number}", (f"de la série {number}" if language == "fr" else f"from series {number}")


def _answer(rng: random.Random, steps: tuple[str, ...], language: str, subject: str) -> str:
    intro = (f"Voici comment procéder pour {subject} :" if language == "fr"
             else f"Here is what to do for {subject}:")
    chosen = list(steps)
    if len(chosen) > 3 and rng.random() < 0.5:
        chosen = chosen[: len(chosen) - 1]
    body = "\n".join(f"{i}. {s}" for i, s in enumerate(chosen, 1))
    outro = rng.choice(
        ("Besoin d'aide ? Notre équipe répond du lundi au samedi.", "Consultez aussi la notice de votre appareil.", "")
        if language == "fr"
        else ("Need help? Our team answers Monday to Saturday.", "See also the manual of your appliance.", "")
    )
    return f"{intro}\n\n{body}\n" + (f"\n{outro}\n" if outro else "")


def generate(n_articles: int, seed: int) -> list[dict[str, Any]]:
    """`n_articles` section-2 articles (about half French, half English), deterministic for a seed."""
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    rng = random.Random(seed)
    articles: list[dict[str, Any]] = []
    seen: set[str] = set()
    for language, product, topic, level in _combinations(rng, n_articles):
        suffix, ctx = _range_label(level, language)
        article_id = "-".join(x for x in (language, product.slug, topic.slug, suffix) if x)
        assert article_id not in seen and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", article_id), article_id
        seen.add(article_id)
        if language == "fr":
            title = _fill_fr(topic.fr_title, product, ctx)
            pool = [_fill_fr(q, product, ctx) for q in topic.fr_questions]
            subject = _french_forms(product)["mon"] + (f" {ctx}" if ctx else "")
            steps = topic.fr_steps
        else:
            title = _fill_en(topic.en_title, product, ctx)
            pool = [_fill_en(q, product, ctx) for q in topic.en_questions]
            subject = f"your {product.en}" + (f" {ctx}" if ctx else "")
            steps = topic.en_steps
        k = rng.randint(3, min(5, len(pool)))
        questions = list(dict.fromkeys(rng.sample(pool, k)))
        article: dict[str, Any] = {
            "id": article_id,
            "language": language,
            "title": title,
            "questions": questions,
            "answer": _answer(rng, steps, language, subject),
            "tags": [product.family, *topic.tags],
        }
        if rng.random() < 0.5:
            article["url"] = f"https://aide.lumo.example/{language}/{product.slug}/{topic.slug}"
        article["handoff"] = topic.handoff
        articles.append(article)
    return articles


def write_yaml(path: Path, articles: list[dict[str, Any]]) -> None:
    """Writes `{"articles": [...]}` as UTF-8 YAML, importable with `relais kb import`."""

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    _Dumper.add_representer(str, _str)
    text = yaml.dump({"articles": articles}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="YAML file to write")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    articles = generate(args.articles, args.seed)
    write_yaml(args.out, articles)
    langs = {lang: sum(a["language"] == lang for a in articles) for lang in ("fr", "en")}
    print(f"wrote {len(articles)} articles to {args.out} ({langs['fr']} fr, {langs['en']} en)")


if __name__ == "__main__":
    main()

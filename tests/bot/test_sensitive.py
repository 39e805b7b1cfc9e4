"""Situations that call for a person whatever the KB holds: told in visitors' words, both languages, any accents."""

from __future__ import annotations

import pytest

from bot.sensitive import grave_title, life_at_risk, sensitive_situation


@pytest.mark.parametrize("text", [
    "ma grand-mère est décédée mardi, qui doit résilier son abonnement ?",
    "suite au deces de mon oncle je dois rendre sa box",
    "notre voisin nous a quittés et son chien est chez nous",
    "le colis avec l'urne funéraire de ma tante n'est jamais arrivé",
    "j'ai envoyé les cendres de mon grand-père et le suivi ne bouge plus",
    "the parcel had my mother's ashes in it",
    "le technicien m'a menacé quand j'ai refusé de signer",
    "je me fais harceler par un de vos vendeurs sur whatsapp",
    "je ne me sens pas en securite avec ce livreur",
    "mon fils s'est brulé avec la bouilloire achetée chez vous",
    "ma copine est blessée, la trottinette a lâché",
    "la chaise a basculé et ma fille s'est cognée la tête",
    "il s'est ouvert l'arcade en tombant du lit superposé",
    "je suis au chomage et je ne peux plus payer les mensualités",
    "je n'en peux plus, je suis au bout du rouleau",
    "my grandad passed away on Sunday, how do I close his account?",
    "my aunt died last month and the bills keep coming",
    "your driver threatened to come back to my flat",
    "someone from your shop keeps harassing me by text",
    "my little boy got hurt on the slide we bought from you",
    "the stool tipped over and my son banged his head",
    "I was made redundant, I lost my job and I'm in debt",
    "I can't cope with this anymore",
    "on vient d'avoir un accrochage, ma femme a mal au cou",
    "j'ai renversé un cycliste avec la voiture de location",
    "mon fils saigne du nez depuis la chute",
    "we crashed and my daughter is bleeding",
    "car crash, someone is hurt",
    "I knocked over a cyclist on the way back",
    "Mon père est mort hier, on devait partir ensemble samedi",
    "my dad died on monday and the flat is in his name",
    "mon fils a fait une réaction allergique au dessert, ses lèvres gonflent",
    "my partner is having an allergic reaction, her throat is getting tight",
    "toute la famille a vomi cette nuit après le repas livré",
    "I think the curry gave me food poisoning",
    "we were all sick after eating the takeaway",
    "les enfants sont tombés malades dans la nuit après le dîner livré",
    "I got really sick last night after your burger",
    "le poulet nous a rendus malades",
    "the fish made my son ill",
    "le formateur a tenu des propos racistes pendant le cours",
    "un autre élève m insulte sur le forum",
    "a moderator keeps insulting me in private messages",
    "the instructor made sexist comments about me in front of the group",
    "un type m'a appelé en se faisant passer pour mon conseiller, j'ai donné mon code",
    "mon ancien associé vide notre compte et il nous menace",
    "je me suis fait arnaquer par un faux livreur",
    "je suis complètement paniquée, ma carte a servi à l'étranger",
    "j'ai peur pour ma fille, il la suit partout",
    "someone pretending to be from your company got my card number, I'm panicking",
    "I think I was scammed by a fake courier",
    "mon père vient de décéder, il avait un compte chez vous",
    "my daughter fell out of the high chair yesterday",
    "mon fils est tombé de la chaise haute hier soir",
    "she has a bump on her head since this morning",
])
def test_a_death_a_threat_an_injury_money_trouble_or_distress_is_a_sensitive_situation(text: str) -> None:
    assert sensitive_situation(text)


@pytest.mark.parametrize("text", [
    "mon téléphone est mort, il ne s'allume plus",
    "ma batterie est morte depuis ce matin",
    "my son passed his driving test, can he be added?",
    "le mur menace de s'effondrer, l'expert passe quand ?",
    "comment payer en plusieurs fois sans frais ?",
    "la batterie de la trottinette est morte au bout d'une heure",
    "my phone died and I can't log in",
    "how do I cancel my subscription?",
    "the courier left my parcel at the wrong door",
    "does the warranty cover a cracked screen?",
    "la porte cogne contre le mur quand on l'ouvre",
    "le bac à cendres du poêle est fendu",
    "is the ash wood table varnished?",
    "the box hit the wall when the courier dropped it",
    "y a-t-il une discrimination tarifaire entre les régions ?",
    "does this dish contain nuts? I have an allergy",
    "le plat est arrivé froid",
    "je veux en finir avec ce contrat, comment résilier ?",
    "c'est la panique du lundi matin pour les livraisons ?",
    "j'ai peur de me tromper de formule",
    "le modèle menace de ne plus être fabriqué ?",
    "I'm scared of choosing the wrong plan",
])
def test_ordinary_questions_are_not_sensitive_situations(text: str) -> None:
    assert not sensitive_situation(text)


@pytest.mark.parametrize(("title", "grave"), [
    ("Décès du titulaire du contrat", True),
    ("Harcèlement sur le forum", True),
    ("J'ai eu une réaction allergique après un repas commandé", False),
    ("Food poisoning after a meal", False),
])
def test_only_grave_titles_are_kept_from_visitors_telling_of_nothing_grave(title: str, grave: bool) -> None:
    # A visitor made ill may tell it in words the patterns miss: such a page stays on offer (bot.decision.tactful).
    assert grave_title(title) is grave
    assert sensitive_situation(title) or not grave


@pytest.mark.parametrize(("text", "risk"), [
    ("je n'en peux plus de tout ça, j'ai envie de mourir", "distress"),
    ("honestly I want to end my life, nothing works", "distress"),
    ("la prise du salon fait des étincelles et il y a une odeur de brûlé", "danger"),
    ("the heater is on fire, what do I do", "danger"),
    ("mon compagnon me frappe, je veux changer le titulaire du contrat", "danger"),
    ("on vient de percuter un scooter, il y a un blessé par terre", "danger"),
    ("we just crashed on the motorway and my husband is hurt, what should I do?", "danger"),
    ("ma mère est sous respirateur, ne coupez pas le courant", "danger"),
    ("my neighbour is unconscious on the stairs", "danger"),
    ("une dame vient de tomber dans le bus, elle respire mal", "danger"),
    ("an old man collapsed on the platform and he isn't breathing", "danger"),
    ("ma fille a pris un choc électrique en branchant la bouilloire", "danger"),
    ("the charger caught sparks and my daughter got burned", "danger"),
    ("un type me suit depuis la sortie du métro, je suis dans le wagon 4", "danger"),
    ("someone has been following me since I got off the coach", "danger"),
    ("on vient d'avoir un accident, mon passager saigne de la tête", "danger"),
    ("my friend is bleeding from the arm after the crash", "danger"),
    ("ca sent le gaz dans tout l'appart", "danger"),
    ("il y a une forte odeur de gaz dans l'escalier", "danger"),
    ("I can smell gas in the kitchen, what do I do", "danger"),
    ("there's a gas leak in the cellar", "danger"),
])
def test_a_life_at_risk_now_is_told_apart(text: str, risk: str) -> None:
    assert life_at_risk(text) == risk
    assert sensitive_situation(text)


@pytest.mark.parametrize("text", [
    "l'incendie est-il couvert par mon contrat habitation ?",
    "j'ai été blessé l'an dernier, suis-je encore indemnisé ?",
    "I was injured at work last year, can I still claim?",
    "je veux en finir avec ce contrat, comment résilier ?",
    "ma carte est morte, elle ne passe plus",
    "la prise de rendez-vous ne marche pas",
    "mon bonus est-il en danger après un accrochage ?",
    "does the policy cover a fire in the garage?",
    "ce colis me suit de déménagement en déménagement",
    "la facture de l'an dernier me poursuit encore",
    "le gratin est arrivé brûlé, je veux un remboursement",
    "the tracking keeps following me with emails",
    "mon colis est tombé du camion ?",
    "il saignait un peu l'an dernier, suis-je couvert ?",
    "que faire en cas d'odeur de gaz ?",
    "une fuite de gaz est-elle couverte par mon contrat habitation ?",
    "what should you do if you smell gas?",
    "do you sell carbon monoxide detectors?",
])
def test_a_claim_or_a_figure_of_speech_is_no_life_at_risk(text: str) -> None:
    assert life_at_risk(text) == ""


@pytest.mark.parametrize(("text", "sensitive"), [
    ("nobody is hurt", False), ("no one was injured, the other driver wants a constat", False),
    ("personne n'est blessé mais la voiture est cabossée", False),
    ("il n'y a pas de blessé, juste le pare-choc", False),
    ("nobody is hurt but my wife was injured", True), ("le chauffeur n'est pas blessé mais ma fille saigne", True),
])
def test_an_injury_denied_is_none(text: str, sensitive: bool) -> None:
    assert sensitive_situation(text) is sensitive

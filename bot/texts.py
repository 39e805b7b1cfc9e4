"""Everything the bot says, in French and English, with variants so it never repeats itself verbatim."""

from __future__ import annotations

from collections.abc import Sequence

TEXTS: dict[str, dict[str, Sequence[str]]] = {
    "listening": {
        "fr": ("Bien sûr, je vous écoute : quelle est votre question ?",
               "Avec plaisir : dites-moi tout, quelle est votre question ?"),
        "en": ("Of course, I'm listening: what is your question?", "Sure, go ahead: what would you like to know?"),
    },
    "how_are_you": {
        "fr": ("Très bien, merci ! Que puis-je faire pour vous ?",
               "Bien, merci de demander ! Dites-moi ce que je peux faire pour vous."),
        "en": ("Very well, thank you! How can I help you?", "Fine, thanks for asking! Tell me what I can do for you."),
    },
    "greet": {
        "fr": ("Bonjour ! Je suis l'assistant virtuel. Posez-moi votre question, ou demandez un conseiller "
               "à tout moment.",
               "Bonjour ! Que puis-je faire pour vous ? Un conseiller reste joignable à tout moment.",
               "Re-bonjour ! Je vous écoute."),
        "en": ("Hello! I'm the virtual assistant. Ask me your question, or ask for a person at any time.",
               "Hi! How can I help? You can reach a person at any time.",
               "Hello again! I'm listening."),
    },
    "thanks": {
        "fr": ("Avec plaisir ! Autre chose ?", "Je vous en prie. Puis-je vous aider pour autre chose ?",
               "Ravi d'avoir pu aider."),
        "en": ("You're welcome! Anything else?", "Glad to help. Is there anything else?", "My pleasure."),
    },
    # Thanks after turns that found nothing: no "glad to help".
    "thanks_unhelped": {
        "fr": ("Je vous en prie. Désolé de ne pas avoir trouvé mieux : un conseiller peut prendre le relais si besoin.",
               "Merci à vous. Si votre question reste sans réponse, un conseiller peut vous aider."),
        "en": ("You're welcome. Sorry I couldn't find better: a person can take over if you need.",
               "Thank you too. If your question is still open, a person can help."),
    },
    "goodbye": {
        "fr": ("Au revoir, et bonne continuation !", "À bientôt ! Je reste disponible si besoin."),
        "en": ("Goodbye, and all the best!", "See you soon! I'm here if you need anything."),
    },
    # Whether asked "are you a bot?" or "are you human?": no "yes" or "no" that would answer only one of them.
    "bot_challenge": {
        "fr": ("Je suis un assistant virtuel, pas une personne. Je réponds à partir de notre base d'aide, et je peux "
               "vous passer un conseiller humain quand vous le souhaitez.",
               "Je suis un programme, pas une personne. Si vous préférez parler à quelqu'un, un conseiller est à un "
               "clic."),
        "en": ("I'm a virtual assistant, not a person. I answer from our help centre, and I can put you through to "
               "a human whenever you like.",
               "I'm a program, not a person. If you'd rather talk to someone, a person is one click away."),
    },
    "affirm": {
        "fr": ("Très bien. Quelle est votre question ?", "D'accord, je vous écoute."),
        "en": ("Alright. What's your question?", "OK, I'm listening."),
    },
    "deny": {
        "fr": ("Entendu. Dites-moi en quelques mots ce que vous cherchez, je ferai de mon mieux.",
               "D'accord, ce n'était pas ça. Dites-m'en un peu plus sur votre demande ?"),
        "en": ("Understood. Tell me in a few words what you're looking for and I'll do my best.",
               "OK, not that one. Could you tell me a little more about what you need?"),
    },
    # "No thanks" / "never mind" to an offer (a person, a page): nothing more is asked of the visitor.
    "deny_offer": {
        "fr": ("D'accord. Je reste là si une autre question vous vient, et un conseiller aussi.",
               "Entendu. N'hésitez pas à revenir vers moi si besoin."),
        "en": ("Alright. I'm here if another question comes up, and so is the team.",
               "Understood. Feel free to come back to me if you need anything."),
    },
    # "Oui" right after a choice of pages: it picks none of them.
    "which_one": {
        "fr": ("Laquelle de ces pages ? Touchez celle qui correspond, ou dites-m'en un peu plus.",
               "D'accord, mais laquelle ? Choisissez-la ci-dessous, ou décrivez votre demande en quelques mots."),
        "en": ("Which of these pages? Tap the one that fits, or tell me a little more.",
               "Sure, but which one? Pick it below, or describe what you need in a few words."),
    },
    # "Ok" after a reply that only said a person could take over: is it a yes?
    "confirm_person": {
        "fr": ("Posez-moi simplement votre question, ou voulez-vous que je vous mette en relation avec un conseiller ?",
               "Vous pouvez me poser une autre question. Ou souhaitez-vous parler à un conseiller ?"),
        "en": ("Just ask me your question, or would you like me to put you through to a person?",
               "You can ask me something else. Or do you want to talk to a person?"),
    },
    "fallback": {
        "fr": ("Je n'ai pas trouvé de réponse fiable à cette question dans notre aide, et je préfère ne pas "
               "inventer. Je peux vous renseigner sur : {topics}. Un conseiller peut aussi prendre le relais.",
               "Je ne trouve rien de sûr sur ce point. Mes sujets : {topics}. Si votre question est différente, "
               "un conseiller sera plus utile que moi.",
               "Désolé, cette question dépasse ce que je sais. Voulez-vous qu'un conseiller vous réponde ?"),
        "en": ("I couldn't find a reliable answer to that in our help centre, and I'd rather not guess. I can help "
               "with: {topics}. A person can also take over.",
               "I can't find anything certain on this. My topics: {topics}. If your question is about something "
               "else, a person will be more useful than me.",
               "Sorry, that's beyond what I know. Would you like a person to answer you?"),
    },
    "offer_human": {
        "fr": ("Je n'arrive pas à vous répondre et je ne veux pas vous faire tourner en rond : voulez-vous "
               "que je vous mette en relation avec un conseiller ?",
               "Je ne trouve pas de réponse sûre et je ne veux pas vous faire perdre de temps : je vous mets en "
               "relation avec un conseiller ?"),
        "en": ("I can't answer this and I don't want to keep you going round in circles: shall I put you "
               "through to a person?",
               "I can't find a sure answer and I don't want to waste your time: shall I hand you over to a person?"),
    },
    # "Il y a quelqu'un ?" (bot.noise): the visitor may want a person; one is offered beside the answer.
    "presence": {
        "fr": ("Oui, je suis là ! Je suis l'assistant virtuel : posez-moi votre question, ou parlez à un conseiller.",
               "Je suis toujours là. Dites-moi ce que vous cherchez ; un conseiller est aussi joignable en un clic."),
        "en": ("Yes, I'm here! I'm the virtual assistant: ask me your question, or talk to a person.",
               "Still here. Tell me what you're looking for; a person is also one click away."),
    },
    # A message that says nothing yet ("?", "hm", "..."; bot.noise).
    "noise": {
        "fr": ("Je vous écoute : dites-moi en quelques mots ce que vous cherchez. Je peux vous renseigner sur : "
               "{topics}.",
               "Pouvez-vous m'en dire un peu plus ? Écrivez-moi votre question en quelques mots, ou demandez un "
               "conseiller."),
        "en": ("I'm listening: tell me in a few words what you're looking for. I can help with: {topics}.",
               "Could you tell me a little more? Type your question in a few words, or ask for a person."),
    },
    "noise_offer": {
        "fr": ("Je ne suis pas sûr de ce que vous attendez de moi. Un conseiller peut vous aider directement : "
               "voulez-vous que je vous mette en relation ?",
               "Si vous préférez expliquer votre demande à une personne, je peux vous mettre en relation avec un "
               "conseiller."),
        "en": ("I'm not sure what you need from me. A person can help you directly: shall I put you through?",
               "If you'd rather explain your request to a person, I can put you through to someone."),
    },
    "offer_human_off_topic": {
        "fr": ("Cela sort aussi de ce que je sais faire : je réponds aux questions sur nos services ({topics}). Si "
               "vous en avez une, je vous écoute ; un conseiller peut aussi prendre le relais.",
               "Désolé, sur ce point non plus je n'ai pas de réponse. Je peux répondre sur nos services "
               "({topics}), ou un conseiller peut prendre le relais."),
        "en": ("That's outside what I can do too: I answer questions about our services ({topics}). If you have one, "
               "go ahead; a person can also take over.",
               "Sorry, I have no answer on that one either. I can answer questions about our services ({topics}), "
               "or a person can take over."),
    },
    "out_of_scope": {
        "fr": ("Je suis l'assistant du service client : je ne sais pas répondre à cela. Je peux vous aider "
               "sur : {topics}.",
               "Ce sujet sort de mon domaine, désolé. Je connais plutôt : {topics}."),
        "en": ("I'm the customer-service assistant, so I can't answer that. I can help with: {topics}.",
               "That's outside what I know, sorry. I can help with: {topics}."),
    },
    "clarify": {
        "fr": ("Je veux être sûr de bien vous répondre. Votre question porte sur :",
               "Plusieurs réponses sont possibles. Laquelle correspond à votre demande ?"),
        "en": ("I want to be sure I answer the right thing. Is your question about:",
               "A few answers could fit. Which one matches your question?"),
    },
    "tell_more": {
        "fr": ("D'accord, je vais essayer de vous aider. Que se passe-t-il avec {what} ?",
               "Je vous écoute : quel est le souci avec {what} ?"),
        "en": ("OK, I'll try to help. What's happening with {what}?", "I'm listening: what's the problem with {what}?"),
    },
    "tell_more_choice": {
        "fr": ("Si c'est l'un de ces sujets, choisissez-le :",),
        "en": ("If it's one of these, pick it:",),
    },
    "acknowledged": {
        "fr": ("Très bien. Si vous avez une autre question, je suis là.", "Parfait. Autre chose ?"),
        "en": ("Alright. If you have another question, I'm here.", "Good. Anything else?"),
    },
    "clarify_again": {
        "fr": ("Ce sont toujours ces pages qui s'approchent le plus de votre question. Si aucune ne convient, un "
               "conseiller peut vous répondre.",
               "Je retrouve les mêmes pages : l'une d'elles correspond-elle ? Sinon, je vous passe un conseiller."),
        "en": ("These are still the pages closest to your question. If none of them fits, a person can answer you.",
               "The same pages come up again: does one of them fit? If not, I can put you through to a person."),
    },
    "suggest_other_language": {
        "fr": ("Je n'ai pas de réponse en français, mais cet article en anglais pourrait correspondre :",),
        "en": ("I have no answer in English, but this article in French may be what you need:",),
    },
    "suggest_page": {
        "fr": ("Je n'ai pas de réponse sûre à cette question, mais cette page pourrait correspondre :",),
        "en": ("I have no sure answer to that, but this page may be what you need:",),
    },
    # A follow-up that finds the page just given again: the part of it that speaks to the question.
    "same_page": {
        "fr": ("Voici ce qu'en dit la page :\n\n{passage}",
               "Sur ce point, la page indique :\n\n{passage}"),
        "en": ("Here is what the page says on that:\n\n{passage}",
               "On that point, the page says:\n\n{passage}"),
    },
    "same_page_nothing": {
        "fr": ("Je ne trouve pas de passage plus précis sur ce point dans la page que je viens de vous donner "
               "(« {title} »).",
               "Dans la page « {title} », je ne trouve rien de plus précis sur ce point."),
        "en": ("I can't find a more precise part on that in the page I just gave you (“{title}”).",
               "I can't find anything more precise on that in the page “{title}”."),
    },
    "same_page_more": {
        "fr": ("Si elle ne dit pas ce que vous cherchez, un conseiller peut prendre le relais.",
               "Si ce n'est pas ce que vous vouliez savoir, un conseiller peut vous répondre."),
        "en": ("If it doesn't say what you're looking for, a person can take over.",
               "If that's not what you wanted to know, a person can answer you."),
    },
    "same_page_aside": {
        "fr": ("Sinon, cette autre page peut correspondre, ou un conseiller peut prendre le relais.",),
        "en": ("Otherwise, this other page may fit, or a person can take over.",),
    },
    # "Laissez tomber", "never mind" (bot.reactions): no cheerful goodbye, a person still one tap away.
    "give_up": {
        "fr": ("Entendu. Désolé de ne pas avoir pu vous aider cette fois ; un conseiller peut reprendre votre demande "
               "si vous le souhaitez.",
               "D'accord. Je reste disponible, et un conseiller aussi si vous préférez en parler à quelqu'un."),
        "en": ("Understood. Sorry I couldn't help this time; a person can pick up your request if you like.",
               "Alright. I'm still here, and so is the team if you'd rather talk to someone."),
    },
    # "Elle est déjà partie" right after the page on cancelling an order, when no part of the page speaks to it.
    # The visitor asks again, word for word, what was just answered or offered: it did not help.
    "repeated": {
        "fr": ("Vous me reposez la même question : ma réponse ne vous a visiblement pas aidé, désolé. Voulez-vous "
               "qu'un conseiller prenne le relais ?",
               "Je vois que ma réponse ne suffit pas. Plutôt que de vous la redonner, voulez-vous en parler à un "
               "conseiller ?"),
        "en": ("You're asking me the same question again: my answer clearly didn't help, sorry. Would you like a "
               "person to take over?",
               "I can see my answer isn't enough. Rather than give it to you again, would you like to talk to a "
               "person?"),
    },
    "objection": {
        "fr": ("Je comprends : la page « {title} » ne couvre pas votre situation. Un conseiller peut regarder votre "
               "cas de près.",
               "Entendu, ce que dit la page « {title} » ne correspond pas à votre cas. Voulez-vous qu'un conseiller "
               "s'en occupe ?"),
        "en": ("I see: the page “{title}” doesn't cover your situation. A person can look into your case.",
               "Understood, what the page “{title}” says doesn't fit your case. Would you like someone from the team "
               "to handle it?"),
    },
    "objection_done": {
        "fr": ("Si vous avez déjà fait ce que dit la page « {title} » et que le problème reste entier, un conseiller "
               "peut regarder votre cas de près. Voulez-vous que je vous mette en relation ?",
               "Merci de l'avoir déjà essayé. Si la page « {title} » ne vous mène pas plus loin, un conseiller peut "
               "prendre le relais : je vous le passe ?"),
        "en": ("If you've already done what the page “{title}” says and the problem is still there, a person can "
               "look into your case. Shall I put you through?",
               "Thanks for trying that already. If the page “{title}” gets you no further, a person can take over: "
               "shall I put you through?"),
    },
    "frustration": {
        "fr": ("Je suis désolé, je comprends votre agacement. Je peux vous passer un conseiller tout de suite.",
               "Vous avez raison de vouloir une solution, et je suis navré de ne pas l'avoir apportée. "
               "Un conseiller peut reprendre votre demande.",
               "Désolé pour ce désagrément. Voulez-vous qu'une personne de l'équipe prenne le relais ?"),
        "en": ("I'm sorry, I understand your frustration. I can put you through to a person right away.",
               "You're right to want a solution, and I'm sorry I haven't provided one. A person can take over.",
               "Sorry about this. Would you like someone from the team to take over?"),
    },
    "frustration_articles": {
        "fr": ("Si l'une de ces pages correspond à votre situation, elle peut déjà vous aider :",),
        "en": ("If one of these pages matches your situation, it may help right away:",),
    },
    "frustration_article": {
        "fr": ("Si cette page correspond à votre situation, elle peut déjà vous aider :",),
        "en": ("If this page matches your situation, it may help right away:",),
    },
    "likely_article": {
        "fr": ("Cette page répond peut-être aussi à votre question :",),
        "en": ("This page may also answer your question:",),
    },
    "also_asked": {
        "fr": ("Pour votre autre question, cette page devrait vous répondre :",),
        "en": ("For your other question, this page should help:",),
    },
    "likely_articles": {
        "fr": ("Ou peut-être l'une de ces pages répond-elle à votre question :",),
        "en": ("Or perhaps one of these pages answers your question:",),
    },
    "frustration_handoff": {
        "fr": ("Je suis vraiment désolé. Je vous passe un conseiller, qui verra toute notre conversation : "
               "vous n'aurez rien à répéter.",),
        "en": ("I'm really sorry. I'm handing you over to a person, who will see our whole conversation: "
               "you won't have to repeat anything.",),
    },
    "handoff_queued": {
        "fr": ("Je vous mets en relation avec un conseiller. Il verra toute notre conversation, vous n'aurez "
               "rien à répéter. Position dans la file : {position}, attente estimée : {wait}.",),
        "en": ("I'm putting you through to a person. They will see our whole conversation, so you won't need to "
               "repeat anything. Position in the queue: {position}, estimated wait: {wait}.",),
    },
    "handoff_no_agent": {
        "fr": ("Aucun conseiller n'est disponible pour le moment. Votre demande est enregistrée avec toute "
               "notre conversation : laissez ici votre message (et un numéro ou un e-mail si vous souhaitez "
               "être rappelé), un conseiller vous répondra dès son retour.",),
        "en": ("No one from the team is available right now. Your request is saved with our whole "
               "conversation: leave your message here (and a phone number or e-mail if you'd like a call-back), "
               "and a person will reply as soon as they are back.",),
    },
    "waiting_help": {
        "fr": ("En attendant, voici ce que dit notre aide à ce sujet :",),
        "en": ("Meanwhile, here is what our help centre says about it:",),
    },
    "waiting": {
        "fr": ("Votre message est transmis au conseiller. Position dans la file : {position}.",),
        "en": ("Your message has been passed on to the team. Position in the queue: {position}.",),
    },
    "waiting_no_agent": {
        "fr": ("Message bien reçu : il est enregistré avec notre conversation, un conseiller le lira dès son retour.",),
        "en": ("Got it: your message is saved with our conversation, and a person will read it as soon as they "
               "are back.",),
    },
    # Under a page kept for a person (`handoff: true`: a group booking, a complaint, a safety page) or an answer to a
    # visitor telling of a death, a threat, money trouble...: said plainly ("ce sujet est délicat" read oddly under a
    # group booking).
    "sensitive": {
        "fr": ("Si vous le souhaitez, un conseiller peut s'en occuper avec vous.",),
        "en": ("If you like, a person can handle this with you.",),
    },
    # Right after a page, a death, an injury... told and no part of the page speaking to it: no "nothing more precise in
    # that page", the person.
    "sensitive_person": {
        "fr": ("Un conseiller peut s'en occuper avec vous dès maintenant : voulez-vous que je vous mette en relation ?",
               "Le mieux est d'en parler avec un conseiller, qui peut prendre votre situation en main : je vous "
               "mets en relation ?"),
        "en": ("A person can take care of this with you right away: shall I put you through?",
               "The best is to talk it through with a person, who can take your situation in hand: shall I put you "
               "through?"),
    },
    # A death, a threat, an injury, money trouble, distress (bot.sensitive) and no sure page: sympathy and a person.
    "sensitive_fallback": {
        "fr": ("Je suis sincèrement désolé pour ce que vous traversez. Je n'ai pas de réponse sûre à vous donner sur "
               "ce point, mais un conseiller peut s'en occuper avec vous : voulez-vous que je vous mette en relation ?",
               "Je suis vraiment désolé de ce qui vous arrive. Plutôt que de risquer une mauvaise réponse, je peux "
               "vous mettre en relation avec un conseiller qui s'en occupera avec vous."),
        "en": ("I'm truly sorry about what you're going through. I don't have a sure answer on this, but a person can "
               "handle it with you: shall I put you through?",
               "I'm really sorry this is happening to you. Rather than risk a wrong answer, I can put you through to a "
               "person who will take care of it with you."),
    },
    # A life at risk (bot.sensitive.life_at_risk): who to call now, above the reply; in distress, the transfer starts.
    "danger": {
        "fr": ("Si quelqu'un est en danger, appelez tout de suite les secours au 112 (numéro d'urgence européen).",),
        "en": ("If anyone is in danger, call the emergency services on 112 (or your local emergency number) right "
               "now.",),
    },
    "distress": {
        "fr": ("Je suis vraiment désolé que vous traversiez cela, et je suis content que vous l'ayez écrit. Si vous "
               "pensez à mettre fin à vos jours, appelez le 3114 (prévention du suicide, gratuit, 24 h/24) ou le 112. "
               "Je vous mets en relation avec un conseiller dès maintenant.",),
        "en": ("I'm really sorry you're going through this, and I'm glad you told me. If you are thinking of ending "
               "your life, please call 112 or a crisis line near you right now. I'm putting you through to a person "
               "straight away.",),
    },
    # Opens what the bot says to a sensitive situation when it offers pages (one, or a choice).
    "sympathy": {
        "fr": ("Je suis sincèrement désolé pour ce que vous traversez.",),
        "en": ("I'm truly sorry about what you're going through.",),
    },
    # After "sympathy", as the choice of pages a sensitive situation gets.
    "sensitive_clarify": {
        "fr": ("Un conseiller peut s'en occuper avec vous ; sinon, votre question porte-t-elle sur :",),
        "en": ("A person can handle this with you; otherwise, is your question about:",),
    },
    "read_more": {"fr": ("Lire l'article complet",), "en": ("Read the full article",)},
    "other_language": {
        "fr": ("(Cette réponse n'existe qu'en anglais.)",),
        "en": ("(This answer is only available in French.)",),
    },
    "choice_human": {"fr": ("Parler à un conseiller",), "en": ("Talk to a person",)},
    "choice_other_language": {"fr": ("{title} (en anglais)",), "en": ("{title} (in French)",)},
    "choice_none": {"fr": ("Aucun de ces sujets",), "en": ("None of these",)},
    "choice_close": {"fr": ("Terminer la conversation",), "en": ("End the conversation",)},
    "farewell": {"fr": ("Au revoir, et merci de votre visite ! Vous pouvez terminer la conversation ici, ou "
                        "m'écrire si une autre question vous vient.",
                        "À bientôt ! Si une autre question vous vient, je suis toujours là."),
                 "en": ("Goodbye, and thank you for your visit! You can end the conversation here, or write to "
                        "me if another question comes up.",
                        "See you! If another question comes up, I'm still here.")},
    "closed_by_bot": {"fr": ("Merci pour votre visite, et à bientôt ! La conversation est terminée.",
                             "Au revoir ! La conversation est terminée ; vous pouvez en ouvrir une autre à tout "
                             "moment."),
                      "en": ("Thank you for your visit, and take care! The conversation has ended.",
                             "Goodbye! The conversation has ended; you can start a new one at any time.")},
    "closed_by_visitor": {"fr": ("Conversation terminée. Merci de votre visite !",),
                          "en": ("Conversation ended. Thank you for your visit!",)},
    "minutes": {"fr": ("environ {n} min",), "en": ("about {n} min",)},
    "unknown_wait": {"fr": ("inconnue",), "en": ("unknown",)},
}


def say(key: str, language: str, *, avoid: Sequence[str] = (), variant: int = 0, **values: object) -> str:
    """The text `key` in `language`, the first variant from `variant` on that is not in `avoid`."""
    options = TEXTS[key].get(language) or TEXTS[key]["en"]
    n = len(options)
    for step in range(n):
        text = options[(variant + step) % n].format(**values)
        if text not in avoid:
            return text
    return options[variant % n].format(**values)

"""English -> French customer-service vocabulary beyond the core glossary of `knowledge_base.lexicon`.

Words of every trade a help centre serves (accounts and contracts, money, deliveries and returns, homes and
utilities, travel, insurance claims, software, people and documents), with the inflected forms visitors type:
the gloss is looked up word by word, without lemmas. Several French words for one English word are separated by
"|"; the table is read both ways, so a French word listed under several English ones glosses to all of them.
"""

from __future__ import annotations

SUPPORT_EN_FR: dict[str, str] = {
    # accounts, contracts, subscriptions
    "close": "clôturer|fermer", "closing": "clôture|fermeture", "closed": "fermé|clôturé", "open": "ouvrir",
    "sign": "souscrire|signer", "signup": "inscription", "register": "inscrire", "registration": "inscription",
    "renew": "renouveler", "renewal": "renouvellement", "expire": "expirer", "expired": "expiré",
    "expiry": "expiration", "plan": "forfait|offre|formule", "plans": "forfaits|offres", "offer": "offre",
    "option": "option", "options": "options", "switch": "changer",
    "holder": "titulaire", "owner": "propriétaire|titulaire", "profile": "profil", "settings": "paramètres",
    "reset": "réinitialiser", "forgot": "oublié", "forgotten": "oublié", "verify": "vérifier",
    "verification": "vérification", "hacked": "piraté", "pirated": "piraté", "suspended": "suspendu",
    "suspend": "suspendre", "pause": "suspendre", "trial": "essai", "test": "essai|tester",
    "try": "essayer|essai", "free": "gratuit", "notice": "préavis|avis",
    "deadline": "délai|date limite", "period": "période|délai", "minimum": "minimum", "duration": "durée",
    # money
    "money": "argent", "overdraft": "découvert", "loan": "prêt|crédit", "credit": "crédit|avoir",
    "interest": "intérêts", "rate": "taux|tarif", "rates": "tarifs|taux", "tariff": "tarif", "cheap": "moins cher",
    "expensive": "cher", "twice": "deux fois|double", "double": "double", "overcharged": "facturé|trop",
    "statement": "relevé", "receipt": "reçu|justificatif", "proof": "justificatif|preuve", "balance": "solde",
    "transfer": "virement|transférer", "transfers": "virements", "wire": "virement", "deposit": "dépôt|caution",
    "withdraw": "retirer", "withdrawal": "retrait", "cash": "espèces", "cheque": "chèque",
    "chequebook": "chéquier", "contactless": "sans contact", "pin": "code", "iban": "iban", "limit": "plafond|limite",
    "currency": "devise", "dollars": "dollars", "reimburse": "rembourser", "reimbursement": "remboursement",
    "compensation": "indemnisation|dédommagement", "compensate": "indemniser|dédommager", "paid": "payé|réglé",
    "paying": "payer", "owe": "dois", "monthly": "mensuel|mensualité", "yearly": "annuel", "annual": "annuel",
    "estimate": "estimation|devis", "estimated": "estimé|estimée", "quote": "devis", "quotes": "devis",
    "tax": "taxe|impôt", "vat": "tva", "customs": "douane", "duties": "droits|douane", "penalty": "pénalité|amende",
    "fined": "amende", "appeal": "contester|recours", "dispute": "contester|litige",
    "budget": "budget", "amount": "montant", "lower": "baisser|réduire", "reduce": "réduire|baisser",
    "increase": "augmenter|hausse", "raise": "augmenter", "cheaper": "moins cher",
    # deliveries, orders, returns
    "courier": "livreur|transporteur", "driver": "livreur|conducteur", "neighbour": "voisin", "neighbor": "voisin",
    "next": "prochain|suivant", "door": "porte", "collect": "récupérer|retirer", "collection": "retrait",
    "pickup": "retrait|point relais", "locker": "consigne", "relay": "relais", "point": "point",
    "arrive": "arriver", "arrived": "arrivé", "arrival": "arrivée", "sent": "envoyé", "send": "envoyer",
    "sending": "envoi", "shipment": "envoi|expédition", "label": "étiquette", "weight": "poids", "size": "taille",
    "smashed": "endommagé|cassé", "cracked": "fissuré|cassé", "scratched": "rayé", "defective": "défectueux",
    "faulty": "défectueux|panne", "wrong": "mauvais|erreur", "item": "article|produit", "items": "articles",
    "product": "produit", "products": "produits", "returns": "retours", "returned": "retourné",
    "replace": "remplacer", "replacement": "remplacement", "availability": "disponibilité",
    "available": "disponible", "restock": "stock", "competitor": "concurrent", "competitors": "concurrents",
    "later": "plus tard", "reserve": "réserver", "reservation": "réservation",
    "booking": "réservation", "book": "réserver",
    # home, utilities, telecom
    "meter": "compteur", "reading": "relevé", "readings": "relevés", "electricity": "électricité", "gas": "gaz",
    "power": "courant|électricité", "energy": "énergie", "heating": "chauffage", "water": "eau",
    "leak": "fuite", "leaking": "fuite", "flood": "inondation|dégât des eaux", "fire": "incendie",
    "burglary": "cambriolage", "theft": "vol", "broke": "cassé", "charging": "recharge", "charger": "chargeur",
    "battery": "batterie", "network": "réseau", "signal": "réseau", "mobile": "mobile", "sim": "sim",
    "roaming": "itinérance", "wifi": "wifi", "router": "box", "box": "box", "fibre": "fibre", "fiber": "fibre",
    "line": "ligne", "down": "panne", "working": "fonctionne|marche",
    "screen": "écran", "device": "appareil", "appliance": "appareil", "house": "maison", "flat": "appartement",
    "apartment": "appartement", "home": "domicile|maison",
    # furniture, household goods
    "furniture": "meuble|mobilier", "sofa": "canapé", "couch": "canapé", "armchair": "fauteuil", "chair": "chaise",
    "table": "table", "bed": "lit", "mattress": "matelas", "wardrobe": "armoire", "shelf": "étagère",
    "rug": "tapis", "carpet": "tapis|moquette", "cushion": "coussin", "pillow": "oreiller", "duvet": "couette",
    "lamp": "lampe", "curtains": "rideaux", "fabric": "tissu", "leather": "cuir", "wood": "bois", "wooden": "bois",
    "clean": "nettoyer|entretenir", "cleaning": "nettoyage|entretien", "stain": "tache", "stains": "taches",
    "care": "entretien", "measure": "mesurer|mesure", "measurements": "dimensions", "dimensions": "dimensions",
    "recycle": "recycler", "recycling": "recyclage", "assembly": "montage", "assemble": "monter",
    # travel
    "train": "train", "trains": "trains", "ticket": "billet", "tickets": "billets", "pass": "abonnement|pass",
    "season": "abonnement", "seat": "place|siège", "journey": "trajet|voyage", "trip": "voyage|trajet",
    "strike": "grève", "cancelled": "annulé|supprimé", "canceled": "annulé|supprimé", "luggage": "bagages",
    "bike": "vélo", "dog": "chien", "pet": "animal", "pets": "animaux", "animal": "animal", "student": "étudiant|jeune",
    "students": "étudiants|jeunes", "young": "jeune", "senior": "senior", "child": "enfant", "children": "enfants",
    "kids": "enfants", "group": "groupe",
    # insurance, claims
    "insurance": "assurance", "insured": "assuré", "policy": "contrat|police", "policies": "contrats",
    "claim": "sinistre|déclaration|réclamation", "claims": "sinistres", "accident": "accident",
    "windscreen": "pare-brise|bris de glace", "windshield": "pare-brise|bris de glace", "car": "voiture|véhicule",
    "vehicle": "véhicule", "bonus": "bonus", "excess": "franchise", "deductible": "franchise",
    "cover": "couverture|garantie",
    "covered": "couvert|garanti", "health": "santé", "dental": "dentaire", "glasses": "lunettes|optique",
    "pharmacy": "pharmacie", "hospital": "hôpital", "doctor": "médecin", "wife": "épouse|conjoint",
    "husband": "mari|conjoint", "partner": "conjoint", "spouse": "conjoint", "baby": "bébé|enfant",
    "born": "naissance|né", "birth": "naissance", "died": "décès|décédé",
    "death": "décès", "deceased": "décédé", "funeral": "obsèques",
    # software, online
    "export": "exporter|export", "import": "importer|import", "spreadsheet": "tableur|fichier", "file": "fichier",
    "download": "télécharger", "upload": "importer|envoyer", "accountant": "comptable", "accounting": "comptabilité",
    "customer": "client", "customers": "clients", "client": "client", "clients": "clients", "user": "utilisateur",
    "users": "utilisateurs", "app": "application|appli", "application": "application", "website": "site",
    "site": "site", "online": "en ligne", "incident": "incident", "bug": "bug|erreur", "error": "erreur",
    "reminder": "relance|rappel", "reminders": "relances", "gdpr": "rgpd", "privacy": "données personnelles",
    "security": "sécurité", "phishing": "hameçonnage|frauduleux", "scam": "arnaque|frauduleux",
    "text": "sms|message", "sms": "sms", "message": "message", "call": "appel|appeler", "calls": "appels",
    # people, documents, support
    "employer": "employeur", "work": "fonctionne|marche", "job": "travail|emploi", "id": "identité|pièce d'identité",
    "identity": "identité", "passport": "passeport", "document": "document|justificatif",
    "documents": "documents|justificatifs", "certificate": "attestation|certificat", "attestation": "attestation",
    "form": "formulaire", "contact": "contact|contacter", "support": "service client|assistance",
    "agent": "conseiller", "advisor": "conseiller", "formal": "formelle", "mediator": "médiateur",
    "ombudsman": "médiateur", "compliant": "conforme", "emergency": "urgence", "urgent": "urgent",
    "foreign": "étranger", "expat": "expatrié", "resident": "résident",
    "week": "semaine", "month": "mois", "months": "mois", "year": "an|année", "years": "ans|années",
    "day": "jour", "days": "jours", "weekend": "week-end", "sunday": "dimanche", "saturday": "samedi",
    "evening": "soir", "night": "nuit", "overnight": "nuit", "today": "aujourd'hui", "tomorrow": "demain",
}

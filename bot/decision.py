"""Which pages a message gets from retrieval alone: one answered, two or three offered, or none (the policy then
decides what the visitor sees around them: bot.policy)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.sensitive import grave_title, tells_of_death
from bot.understanding import Thresholds, Understanding
from knowledge_base.retrieval import Candidate, Ranking

CLARIFY_FLOOR = 0.02
CLARIFY_MASS_FLOOR = 0.1  # the best of the articles offered together for their joint probability
CROSS_FLOOR = 0.1
CROSS_RATIO = 2.0  # with a gloss covering most of the message (see Searcher.view)
CLARIFY_RATIO = 0.1
CROSS_LEAD = 0.4  # how much surer the other language's article must be than a clarification in this one
DOUBTFUL = 0.75  # an answer below this is checked against the other language (see decide_retrieval)
CROSS_SURE = 0.85  # how sure the other language's article must be to replace a doubtful answer here
DOUBT_LEAD = 0.25  # ... and how much surer than that answer
SINGLED_OUT = 0.5  # a page leads a choice clearly when every other page offered is below this share of its probability
MIXED_LEAD = 0.1  # how much likelier a page of the other language must be to join a choice here (_with_other_language)
# Topic affinity (cosine of article centroids) that makes an article the continuation of the conversation, and
# its lead over a close rival. Unrelated articles of one KB sit around 0-0.2; one article in two languages ~0.4+.
CONTINUITY_MIN = 0.3
CONTINUITY_MARGIN = 0.15
# A follow-up on the topic just discussed is likelier to be about it: the answer threshold drops by this much.
CONTINUITY_BONUS = 0.1
CONTINUITY_OVERTURN = 0.1  # ... and the largest lead over the page on that topic the conversation can overturn
DANGER_PAGE = 0.1  # a page kept for a person, found first for a danger to someone's body: answered from this on


@dataclass(frozen=True)
class Decision:
    kind: str  # "answer" | "clarify" | "none"
    candidates: tuple[Candidate, ...] = ()
    cross_language: bool = False


def decide_retrieval(u: Understanding, t: Thresholds) -> Decision:
    again = _asked_again(u, t)
    if again is not None:
        return Decision("answer", (again,))
    best = u.ranking.best
    if u.again is not None and (best is None or best.probability < t.answer):
        return Decision("answer", (u.again,))
    if u.at_risk == "danger" and best is not None and best.article.handoff and best.probability >= DANGER_PAGE:
        # "My son got an electric shock from the kettle": the page kept for a person found first (the unsafe-appliance
        # page, 0.12) is what to read now, under who to call; no choice beside other pages.
        return Decision("answer", (best,))
    mourned = next((c for c in u.ranking.candidates if c.probability >= t.clarify and tells_of_death(c.article.title)),
                   None) if tells_of_death(u.text) else None
    if mourned is not None:
        # "Ma mère est décédée, elle avait une assurance habitation chez vous": the page on a death, however the words
        # ranked it (the insurance-certificate page came first, 0.62, the death page second, 0.28).
        return Decision("answer", (mourned,))
    own = _decide(safe(u.ranking, t) if u.at_risk == "danger" else tactful(u.ranking, u.sensitive), t,
                  dict(u.continuity), u.read)
    if own.kind == "clarify" and u.paired and u.excerpt is not None and u.excerpt.fits and (
            own.candidates[0].article.id == u.excerpt.article_id):
        # "Ça coûte quelque chose ?" right after the account-closure page: read with the question it follows, that page
        # leads (0.38), and its line "La clôture est gratuite." says what is asked. That line, not a choice.
        return Decision("answer", (own.candidates[0],))
    if u.asked and own.kind != "answer":
        # "Comment modifier mon IBAN ? Et où je télécharge ma facture ?": unsure as a whole (a choice of the two pages),
        # each question sure of its own page: the first is answered, the other offered under it.
        return Decision("answer", (u.asked[0],))
    if own.kind == "answer" and u.off_subject and own.candidates[0] is u.ranking.best:
        # "la 5G est-elle disponible à Quimper ?": the fibre page ("la fibre est-elle disponible ?") next to the
        # mobile plans, which speak of 5G, rather than an answer to another question.
        own = Decision("clarify", (own.candidates[0], *u.off_subject))
    if u.again is not None and own.kind == "clarify" and u.again in own.candidates:
        # "Sorry, could you tell me in English how big my cabin bag can be?" right after the French allowance page:
        # of the near-tied pages, the one the visitor asks for in their language.
        return Decision("answer", (u.again,))
    if own.kind == "answer" and u.other is not None and u.twin is None:
        # "I want to cancel my contract, any fees?" on a KB whose cancellation page is French only: a doubtful
        # page here (moving house, 0.57) gives way to a sure one there, which its own language has no twin of.
        mine, theirs = own.candidates[0].probability, u.other.best
        if mine < DOUBTFUL and theirs is not None and stands_out(u.other, max(CROSS_SURE, mine + DOUBT_LEAD), t):
            return Decision("answer", (theirs,), cross_language=True)
    if own.kind == "answer":
        return _with_other_language(own, u, t) or own
    if u.other is None:
        return own
    if u.twin is not None:
        # The other language's best article exists in this one too: never answer with the translation. When
        # nothing here fit the message as written, its gloss did find the topic: offer this language's article.
        first = own.candidates[0] if own.kind == "clarify" else None
        if first is not None and first.article.id == u.twin.article.id and stands_out(u.other, DOUBTFUL, t) and all(
                c.probability < first.probability * SINGLED_OUT for c in own.candidates[1:]):
            # "My train was 40 min late yesterday": the delay page leads a choice here (0.44, the next 0.05) and its
            # French twin is sure there (0.83): both readings single it out, it is answered. ("Can I pay with my work
            # lunch voucher card": the promo-code page at 0.34 beside the declined-payment one at 0.24 stays a choice.)
            return Decision("answer", (first,))
        return own if own.kind != "none" else Decision("clarify", (u.twin,))
    other = _decide(u.other, t)
    if other.kind == "answer" and other.candidates[0].probability >= max(t.answer, 0.6) and (
            own.kind == "none" or other.candidates[0].probability >= own.candidates[0].probability + CROSS_LEAD):
        # "My SIM is locked, it asks for a PUK code" on a KB whose PUK article is French only: a sure answer
        # there beats a doubtful choice here.
        return replace(other, cross_language=True)
    if own.kind != "none":
        return _with_other_language(own, u, t) or own
    # The other language's best article stands out clearly even if cross-language evidence is thin (no
    # bilingual encoder): offer it rather than say nothing; the visitor chooses, or asks for a person.
    cands = u.other.candidates
    if cands and cands[0].probability >= CROSS_FLOOR and (
            len(cands) < 2 or cands[0].probability >= CROSS_RATIO * cands[1].probability):
        return Decision("clarify", (cands[0],), cross_language=True)
    return own


def safe(ranking: Ranking, t: Thresholds) -> Ranking:
    """The ranking for a danger to someone's body (bot.sensitive.life_at_risk): the pages kept for a person (`handoff:
    true`: safety, incidents) that may fit (DANGER_PAGE), and the first page if it is sure. "Le chargeur a pris feu, mon
    fils a été brûlé à la main" offered the best-price guarantee and the account page beside the overheating-appliance
    one; "un homme me suit depuis la gare" the lost-property, bike and reduced-mobility pages: who to call and a person
    are what helps then."""
    cands = ranking.candidates
    return replace(ranking, candidates=tuple(c for i, c in enumerate(cands) if (
        c.article.handoff and c.probability >= DANGER_PAGE) or (i == 0 and c.probability >= t.answer)))


def stands_out(ranking: Ranking | None, sure: float, t: Thresholds) -> bool:
    """Whether the ranking's first page is at least `sure` and clear of its runner-up (the clarify margin)."""
    cands = ranking.candidates if ranking is not None else ()
    return bool(cands) and cands[0].probability >= sure and (
        len(cands) < 2 or cands[1].probability < cands[0].probability - t.clarify_margin)


def _with_other_language(own: Decision, u: Understanding, t: Thresholds) -> Decision | None:
    """A doubtful answer or a choice here, and a page of the other language, which has no twin here, likelier than
    any of them ("does my health plan cover glasses?": the windscreen page at 0.55 here, the French optical page at
    0.71): a choice of the best ones here and that page, last (the visitor's language first; a complaints page there
    leading "bill" would make the person offered a sensitive-topic one)."""
    theirs = u.other.best if u.other is not None and u.twin is None else None
    if theirs is None or own.kind == "none" or (own.kind == "answer" and own.candidates[0].probability >= DOUBTFUL):
        return None
    mine = own.candidates[0].probability
    if theirs.probability < max(t.clarify, mine + MIXED_LEAD):
        return None
    return Decision("clarify", (*own.candidates[:2], theirs))


def tactful(ranking: Ranking, sensitive: bool) -> Ranking:
    """The ranking without the runners-up whose title tells of a death, a threat, an injury... (bot.sensitive) when the
    message tells of none: "je veux annuler ma résa" was offered "Décès du titulaire d'une réservation" beside the
    cancellation page, by the words the two share (a message telling of one gets such a page first: Policy._clarify).
    The other pages kept for sensitive cases (`handoff: true`) stay: over the first turns of the twelve labelled
    sets, 10 of the 96 such runners-up offered were right, and those were disputes, complaints, fraud, an accident."""
    cands = ranking.candidates
    if sensitive or not any(grave_title(c.article.title) for c in cands):
        return ranking
    # Nor is such a page answered unsure (below DOUBTFUL) to a visitor telling of nothing grave: "elle a doublé depuis
    # le mois dernier" (the bill) found the holder's-death page first at 0.46, and got condolences.
    first = cands[:1] if cands[0].probability >= DOUBTFUL or not grave_title(cands[0].article.title) else ()
    return replace(ranking, candidates=(*first, *(c for c in cands[1:] if not grave_title(c.article.title))))


def narrowed_choice(u: Understanding, t: Thresholds) -> Decision | None:
    """What a message about the pages just offered makes of them (Understanding.narrowed): those of them still
    plausible, likeliest first, offered again. Never an answer: the pages offered may all have missed the question
    ("combien ?" after a choice of the wrong pages found the lost-property page first), and the visitor chose none."""
    if not u.narrowed:
        return None
    first, rest = u.narrowed[0], u.narrowed[1:3]
    # Read with the question they follow, the pages offered hold its words: a runner-up needs half the clarify bar.
    floor = max(CLARIFY_FLOOR, first.probability * CLARIFY_RATIO, t.clarify / 2)
    plausible = [c for c in rest if c.probability >= floor]
    # Alone, the page comes as a suggestion beside the person (Policy._clarify): not a page of another topic.
    return Decision("clarify", (first, *plausible))


def _asked_again(u: Understanding, t: Thresholds) -> Candidate | None:
    """"How do I pay in instalments?" ... "en français plutôt : c'est à partir de combien ?": right after an answer,
    a message that changes language and finds no other sure page asks about the same one, in its language."""
    best = u.ranking.best
    if not u.switched or u.read is None or best is None or best.probability >= DOUBTFUL:
        return None
    return next((c for c in u.ranking.candidates[:3] if c.article.id == u.read and c.probability >= t.clarify), None)


def _decide(ranking: Ranking, t: Thresholds, continuity: dict[str, float] | None = None,
            read: str | None = None) -> Decision:
    """Answer a clear winner; offer the best 2-3 when the winner is plausible but not sure; else nothing."""
    cands = ranking.candidates
    if not cands:
        return Decision("none")
    p1 = cands[0].probability
    close = [c for c in cands[1:3] if c.probability >= p1 - t.clarify_margin]
    # "How do I return a shirt?" ... "and how long until I'm refunded?": the returns page just read is no rival
    # to the refunds page on its topic.
    rivals = [c for c in close if c.article.id != read]
    tied = [cands[0], *rivals]
    settled = _settled(tied, continuity) if continuity else None
    if p1 >= t.answer and (not close or settled is cands[0]):
        return Decision("answer", (cands[0],))
    if settled is not None and (settled.probability >= follow_up_threshold(t) or (
            settled.probability >= follow_up_threshold(t) - CONTINUITY_BONUS and _either(tied) >= t.answer)):
        # The tied pages together are likely right and the conversation says which: "where do I find the
        # tracking number?" after a question about a late delivery is about the parcel, even when the bills
        # page scored a little higher.
        return Decision("answer", (settled,))
    # "My box still hasn't arrived": three pages at 0.14 each are unsure apiece, worth offering together.
    likely = t.clarify_mass > 0 and p1 >= CLARIFY_MASS_FLOOR and _either(cands[:3]) >= t.clarify_mass
    if (p1 < t.clarify and not likely) or len(cands) < 2:
        return Decision("none")
    # Runners-up must be plausible on their own, not just the next lines of a list.
    plausible = [c for c in cands[1:3] if c.probability >= max(CLARIFY_FLOOR, p1 * CLARIFY_RATIO)]
    return Decision("clarify", (cands[0], *(plausible or cands[1:2])))


def follow_up_threshold(t: Thresholds) -> float:
    """How sure an article on the conversation's topic must be to be answered (a little less than a new question)."""
    return t.answer - CONTINUITY_BONUS


def _either(cands: Sequence[Candidate]) -> float:
    """The chance that one of these articles is right, taking their probabilities as independent."""
    return 1.0 - math.prod(1.0 - c.probability for c in cands)


def _settled(tied: Sequence[Candidate], continuity: dict[str, float]) -> Candidate | None:
    """A near tie settled by the conversation: the one article on the topic just discussed while its rivals are
    less so ("my box hasn't arrived" ... "where do I find the tracking number?": delivery, not bills). The topic
    can overturn a small lead only: a runner-up must be within CONTINUITY_OVERTURN of the best."""
    for cand in tied:
        near = continuity.get(cand.article.id, 0.0)
        if cand is not tied[0] and cand.probability < tied[0].probability - CONTINUITY_OVERTURN:
            continue
        if near >= CONTINUITY_MIN and all(continuity.get(c.article.id, 0.0) <= near - CONTINUITY_MARGIN
                                          for c in tied if c is not cand):
            return cand
    return None

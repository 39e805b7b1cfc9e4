"""Pages and files for browsers: the embeddable `/widget.js` and the `/demo` host page (CONTRACT §8)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse, Response

# The widget sits beside the package: <checkout>/widget in a source tree, <site-packages>/widget once installed.
WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
WIDGET_JS = "widget.js"
DEMO_HTML = "demo.html"
CACHE_SECONDS = 300  # short: a new widget reaches every site within minutes, revalidation is a cheap 304


@dataclass(frozen=True)
class Asset:
    """A file served as is: its bytes, gzipped once, and the ETags of both encodings."""

    body: bytes
    gzipped: bytes
    etag: str
    media_type: str

    @classmethod
    def load(cls, path: Path, media_type: str) -> Asset:
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:20]
        return cls(body, gzip.compress(body, compresslevel=9, mtime=0), f'"{digest}"', media_type)

    @property
    def gzip_etag(self) -> str:
        return f'{self.etag[:-1]}-gz"'

    def response(self, if_none_match: str | None, accept_encoding: str | None) -> Response:
        headers = {"Cache-Control": f"public, max-age={CACHE_SECONDS}", "Vary": "Accept-Encoding",
                   "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"}
        compressed = accepts_gzip(accept_encoding)
        headers["ETag"] = self.gzip_etag if compressed else self.etag
        if if_none_match and matches(if_none_match, {self.etag, self.gzip_etag}):
            return Response(status_code=304, headers=headers)
        if compressed:
            headers["Content-Encoding"] = "gzip"
            return Response(self.gzipped, media_type=self.media_type, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when the Accept-Encoding header lists gzip (or *) without q=0."""
    for part in (accept_encoding or "").lower().split(","):
        name, _, params = part.partition(";")
        if name.strip() not in ("gzip", "*"):
            continue
        params = params.strip()
        if not params.startswith("q="):
            return True
        try:
            return float(params[2:]) > 0
        except ValueError:
            return False
    return False


def matches(if_none_match: str, etags: set[str]) -> bool:
    """The If-None-Match comparison (weak): `*`, or any listed tag equal to one of ours, W/ prefixes ignored."""
    if if_none_match.strip() == "*":
        return True
    asked = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return bool(asked & etags)


# ---------------------------------------------------------------------------------------------- the demo page

DEMO_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Maison Lumen · Luminaires et mobilier",
        "tagline": "Luminaires, mobilier et objets pour la maison",
        "nav": "Nouveautés · Luminaires · Mobilier · Déco · Promotions",
        "hero_title": "La lumière douce de l'hiver",
        "hero_text": "Lampes en laiton, suspensions en lin et lampadaires en chêne : livraison offerte dès 60 €.",
        "cart": "Panier",
        "products": "Lampe Alma, laiton brossé|129 €|Suspension Lin, Ø 45 cm|89 €|Lampadaire Chêne, 160 cm|219 €",
        "add": "Ajouter au panier",
        "checkout_title": "Démonstration : une erreur de paiement",
        "checkout_text": "Ce bouton joue un paiement refusé : la page transmet le contexte (étape, code d'erreur) "
                         "au widget avec Relais.setContext(), puis l'ouvre avec Relais.open().",
        "simulate": "Simuler une erreur de paiement",
        "error": "Paiement refusé (code card_declined). Notre assistant peut vous aider.",
        "try_title": "Essayez de demander",
        "try": "Comment suivre ma commande ?|Puis-je payer en 3 fois ?|Je veux retourner un article|"
               "Je voudrais parler à un conseiller",
        "about": "Page de démonstration de Relais : le widget est intégré avec une seule balise <script>. "
                 "Les produits sont fictifs.",
        "picks": "Notre sélection",
        "switch": "English version",
        "switch_href": "/demo?lang=en",
        "switch_lang": "en",
    },
    "en": {
        "title": "Maison Lumen · Lighting and furniture",
        "tagline": "Lighting, furniture and homeware",
        "nav": "New in · Lighting · Furniture · Decor · Sale",
        "hero_title": "The soft light of winter",
        "hero_text": "Brass lamps, linen pendants and oak floor lamps: free delivery from €60.",
        "cart": "Basket",
        "products": "Alma lamp, brushed brass|€129|Linen pendant, Ø 45 cm|€89|Oak floor lamp, 160 cm|€219",
        "add": "Add to basket",
        "checkout_title": "Demo: a payment error",
        "checkout_text": "This button plays a declined payment: the page passes the context (step, error code) to the "
                         "widget with Relais.setContext(), then opens it with Relais.open().",
        "simulate": "Simulate a payment error",
        "error": "Payment declined (code card_declined). Our assistant can help.",
        "try_title": "Try asking",
        "try": "How do I track my order?|Can I pay in instalments?|I want to return an item|"
               "I'd like to talk to a person",
        "about": "Relais demo page: the widget is embedded with a single <script> tag. The products are made up.",
        "picks": "Our picks",
        "switch": "Version française",
        "switch_href": "/demo?lang=fr",
        "switch_lang": "fr",
    },
}


def demo_page(template: str, language: str) -> str:
    """The demo host page in `language`, every text escaped for HTML."""
    texts = DEMO_TEXTS[language]
    fields = texts["products"].split("|")
    products = "\n".join(
        f'<li class="product"><div class="swatch swatch-{i}" aria-hidden="true"></div>'
        f'<h3>{html.escape(name)}</h3><p class="price">{html.escape(price)}</p>'
        f'<button type="button" class="add">{html.escape(texts["add"])}</button></li>'
        for i, (name, price) in enumerate(zip(fields[::2], fields[1::2], strict=True)))
    questions = "\n".join(f"<li>{html.escape(q)}</li>" for q in texts["try"].split("|"))
    values: dict[str, Any] = {key: html.escape(value) for key, value in texts.items()}
    values.update(lang=language, products=products, questions=questions,
                  context=html.escape(json.dumps({"site": "demo", "shop": "Maison Lumen"})))
    return Template(template).substitute(values)


def router(widget_dir: Path = WIDGET_DIR) -> APIRouter:
    """`GET /widget.js` and `GET /demo`; the files are read and compressed once, when the router is made."""
    widget = Asset.load(widget_dir / WIDGET_JS, "text/javascript; charset=utf-8")
    template = (widget_dir / DEMO_HTML).read_text(encoding="utf-8")
    pages = {language: demo_page(template, language) for language in DEMO_TEXTS}
    routes = APIRouter(tags=["widget"])

    @routes.get("/widget.js", summary="The embeddable chat widget (one script tag)")
    @routes.head("/widget.js", include_in_schema=False)
    async def widget_js(
        if_none_match: Annotated[str | None, Header()] = None,
        accept_encoding: Annotated[str | None, Header()] = None,
    ) -> Response:
        return widget.response(if_none_match, accept_encoding)

    @routes.get("/demo", response_class=HTMLResponse, summary="A demo shop page with the widget embedded")
    async def demo(lang: Annotated[str, Query(description="page language: fr or en")] = "fr") -> HTMLResponse:
        return HTMLResponse(pages.get(lang, pages["fr"]), headers={"Cache-Control": "no-cache"})

    return routes

"""Language detection on real policy text in English, German, French and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.analysis.language import UNDETERMINED, detect_language

RESOURCES = Path(__file__).parent / "resources"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # seed 001 (invesp.com)
        (
            "This privacy policy sets out how Invesp uses and protects any information that you "
            "give Invesp when you use this website or register to use any of the websites or "
            "services operated by Invesp.",
            "en",
        ),
        # ToS;DR point, ruhrtalradweg.de (CC BY-SA 3.0)
        (
            "Ihre Daten werden zum einen dadurch erhoben, dass Sie uns diese mitteilen. Hierbei "
            "kann es sich z.B. um Daten handeln, die Sie in ein Kontaktformular eingeben. Andere "
            "Daten werden automatisch beim Besuch der Website durch unsere IT-Systeme erfasst.",
            "de",
        ),
        # ToS;DR point, werk32.net (CC BY-SA 3.0)
        (
            "Wenn du auf dieser Website Kommentare geschrieben hast, kannst du einen Export "
            "deiner personenbezogenen Daten bei uns anfordern, inklusive aller Daten, die du uns "
            "mitgeteilt hast.",
            "de",
        ),
        # Instagram's French data policy, Open Terms Archive 2021-02-23 (ODC-BY 1.0)
        (
            "La présente politique décrit les informations que nous traitons pour le "
            "fonctionnement de Facebook, Instagram, Messenger et d'autres fonctionnalités et "
            "produits proposés par Facebook. Pour fournir les Produits Facebook, nous devons "
            "traiter des informations vous concernant.",
            "fr",
        ),
        # ToS;DR point, pole-emotion (CC BY-SA 3.0)
        (
            "Chez nous, vos données personnelles sont transmises en toute sécurité grâce à un "
            "codage. À cette occasion, nous utilisons le système de codage SSL (Secure Socket "
            "Layer). Personne ne peut garantir une protection absolue.",
            "fr",
        ),
        # ToS;DR point, Bits of Freedom (CC BY-SA 3.0)
        (
            "We zullen je persoonsgegevens nooit aan derden verstrekken als dit niet expliciet "
            "uit onze privacyverklaring volgt. De enige twee uitzonderingen hierop zijn: als we "
            "voor een verstrekking aan derden vooraf expliciet je toestemming vragen.",
            "nl",
        ),
        # ToS;DR point, seznam.cz (CC BY-SA 3.0): Czech is not profiled
        (
            "Shromážděné osobní údaje využíváme pro naplnění určitého, výslovně vyjádřeného a "
            "legitimního účelu. Účel definujeme před započetím samotného sběru, přičemž vás o "
            "něm transparentně informujeme.",
            UNDETERMINED,
        ),
        ("", UNDETERMINED),
        ("12345 678", UNDETERMINED),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


ENGLISH = (
    sorted((RESOURCES / "seeds").glob("*.txt"))
    + sorted((RESOURCES / "ota" / "GitHub").glob("*.md"))
    + sorted((RESOURCES / "ota" / "DuckDuckGo").glob("*.md"))
    + [RESOURCES / "ota" / "Instagram" / "2020-12-02T17-30-52.md"]
)


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_whole_english_policies(path: Path) -> None:
    assert detect_language(path.read_text(encoding="utf-8")) == "en"


def test_whole_french_policy() -> None:
    # Open Terms Archive recorded Instagram's data policy in French on 2021-02-23
    path = RESOURCES / "ota" / "Instagram" / "2021-02-23T07-49-54.md"
    assert detect_language(path.read_text(encoding="utf-8")) == "fr"

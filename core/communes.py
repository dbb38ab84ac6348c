"""The 19 communes of the Brussels-Capital Region, read in what people write."""

from core.i18n import fold_words

# French name, Dutch name.
COMMUNES = (
    ("Anderlecht", "Anderlecht"), ("Auderghem", "Oudergem"),
    ("Berchem-Sainte-Agathe", "Sint-Agatha-Berchem"), ("Bruxelles-Ville", "Brussel-Stad"),
    ("Etterbeek", "Etterbeek"), ("Evere", "Evere"), ("Forest", "Vorst"),
    ("Ganshoren", "Ganshoren"), ("Ixelles", "Elsene"), ("Jette", "Jette"),
    ("Koekelberg", "Koekelberg"), ("Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"),
    ("Saint-Gilles", "Sint-Gillis"), ("Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"),
    ("Schaerbeek", "Schaarbeek"), ("Uccle", "Ukkel"),
    ("Watermael-Boitsfort", "Watermaal-Bosvoorde"), ("Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"),
    ("Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"),
)
_COMMUNE_ALIASES = {"bruxelles": "Bruxelles-Ville", "brussel": "Bruxelles-Ville",
                    "brussels": "Bruxelles-Ville", "molenbeek": "Molenbeek-Saint-Jean",
                    "saint-josse": "Saint-Josse-ten-Noode", "sint-joost": "Saint-Josse-ten-Noode",
                    "boitsfort": "Watermael-Boitsfort", "bosvoorde": "Watermael-Boitsfort",
                    "berchem": "Berchem-Sainte-Agathe"}


_COMMUNE_INDEX = {fold_words(name): fr for fr, nl in COMMUNES for name in (fr, nl)}
_COMMUNE_INDEX.update({fold_words(k): v for k, v in _COMMUNE_ALIASES.items()})


def commune_named_in(text: str) -> str | None:
    """The commune (its French name) a person names, e.g. "Elsene" → "Ixelles"."""
    folded = f" {fold_words(text)} "
    # Longest names first, so that "Woluwe-Saint-Pierre" wins over a shorter alias.
    for name in sorted(_COMMUNE_INDEX, key=len, reverse=True):
        if f" {name} " in folded:
            return _COMMUNE_INDEX[name]
    return None


def canonical_commune(name: str | None) -> str | None:
    return commune_named_in(name) if name else None

"""What higher apps add to the directory's cards and map, without this app knowing
them (the apps depend one way): the help app adds the services an organisation
offers to people facing discrimination. Each registered function takes the ids of
the organisations shown and returns, per id, short labels; one query each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

CardNotes = Callable[[list[int]], dict[int, list[str]]]
_card_notes: list[CardNotes] = []


def register_card_notes(func: CardNotes) -> CardNotes:
    _card_notes.append(func)
    return func


def card_notes(ids: Iterable[int]) -> dict[int, list[str]]:
    """Labels to show under each organisation, from every registered app."""
    ids = list(ids)
    notes: dict[int, list[str]] = defaultdict(list)
    if ids:
        for func in _card_notes:
            for pk, labels in func(ids).items():
                notes[pk].extend(labels)
    return dict(notes)

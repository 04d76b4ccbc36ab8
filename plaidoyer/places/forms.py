"""Form fields for places."""

from django import forms

from plaidoyer.core.text import fold

from .models import Municipality


class _ByNameInLanguage(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # Ordered by the name shown, in the page's language, accents folded: Ieper
        # under I in Dutch, Ypres under Y in French.
        municipalities = sorted(self.queryset, key=lambda m: fold(m.name))
        for municipality in municipalities:
            yield self.choice(municipality)


class MunicipalityChoiceField(forms.ModelChoiceField):
    """Every municipality, in the order of the names the visitor reads."""

    iterator = _ByNameInLanguage

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Municipality.objects.all())
        super().__init__(**kwargs)

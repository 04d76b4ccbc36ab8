"""What every public list's filters share: query-string values, made safe."""

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class QueryFilters:
    """Base of a list's filters; subclasses declare their fields (all strings).

    Values may come straight from a query string (the API): NUL characters, which
    PostgreSQL refuses, are dropped, and every value but the search text ``q`` is
    cut to 200 characters (no slug or code is longer).
    """

    def __post_init__(self):
        for field in fields(self):
            value = str(getattr(self, field.name) or "").replace("\x00", "")
            object.__setattr__(
                self, field.name, value if field.name == "q" else value[:200]
            )

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class FilterFormMixin:
    """A form whose cleaned values become ``filters_class``; bad values are dropped."""

    filters_class: type[QueryFilters]

    def filters(self):
        self.is_valid()
        names = {f.name for f in fields(self.filters_class)}
        return self.filters_class(
            **{n: self.cleaned_data.get(n, "") or "" for n in self.fields if n in names}
        )

"""The URL configuration: each page's path leads to that page."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

SAMPLES = {"int": "7", "slug": "a-slug", "str": "abc", "path": "a/b", "uuid": ""}


def _named_paths(patterns, prefix="", namespace=""):
    """(sample path, view name) of every named pattern, its parameters filled."""
    for entry in patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # regex patterns (the admin's)
            continue
        for converter, value in SAMPLES.items():
            route = re.sub(rf"<{converter}:\w+>", value, route)
        route = re.sub(r"<\w+>", "abc", route)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_paths(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield "/" + prefix + route, namespace + entry.name


def test_every_page_path_resolves_to_its_own_view():
    """No pattern shadows another: the apps without a prefix of their own come
    last in config/urls.py, so an earlier app's pattern would take their paths."""
    with translation.override("fr"):
        found = list(_named_paths(get_resolver().url_patterns))
        assert len(found) > 500
        wrong = [
            (path, name, resolve(path).view_name)
            for path, name in found
            if resolve(path).view_name != name
        ]
    assert wrong == []


def test_apps_without_a_prefix_use_none_of_the_others_prefixes():
    localised = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver)
        and isinstance(entry.pattern, LocalePrefixPattern)
    )
    prefixes = {
        str(entry.pattern)
        for entry in localised.url_patterns
        if isinstance(entry, URLResolver) and str(entry.pattern)
    }
    unprefixed = [
        path
        for entry in localised.url_patterns
        if isinstance(entry, URLResolver) and not str(entry.pattern)
        for path, _name in _named_paths(entry.url_patterns)
    ]
    assert prefixes and unprefixed
    assert [p for p in unprefixed if p.lstrip("/").startswith(tuple(prefixes))] == []

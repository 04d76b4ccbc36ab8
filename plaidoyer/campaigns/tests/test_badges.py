"""The label badge is valid SVG whatever the holder's name."""

from xml.etree import ElementTree

from plaidoyer.campaigns.badges import badge_svg
from plaidoyer.campaigns.models import LabelApplication, LabelProgramme
from plaidoyer.organisations.models import Organisation


def test_badge_is_valid_xml_when_the_cut_name_has_an_ampersand():
    name = "Université & Partenaires <Europe> de Louvain-la-Neuve"
    application = LabelApplication(
        programme=LabelProgramme(name="Ville lumières"),
        organisation=Organisation(name=name),
        year=2026,
    )
    svg = ElementTree.fromstring(badge_svg(application))  # noqa: S314 - our own SVG
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text == f"Ville lumières 2026: {name}"
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert name[:28] in texts

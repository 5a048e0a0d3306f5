"""Wide tables scroll inside a keyboard-reachable, named region (axe at 390 px:
scrollable-region-focusable), written in one place: the ``table_region`` tag."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import get_template

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def using_the_tag() -> list[Path]:
    return [path for path in TEMPLATES.rglob("*.html") if "table_region" in path.read_text()]


def test_no_template_writes_a_scrolling_table_by_hand():
    by_hand = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "table-responsive" in path.read_text()
    ]

    assert by_hand == []
    assert len(using_the_tag()) >= 20


@pytest.mark.parametrize("path", using_the_tag(), ids=lambda path: path.name)
def test_every_template_with_a_table_region_compiles(path):
    get_template(str(path.relative_to(TEMPLATES)))


def test_the_region_is_focusable_and_named_by_a_label_or_an_element():
    labelled = Template('{% load tables %}<div {% table_region _("Missions") %}>').render(Context())
    by_caption = Template(
        '{% load tables %}<div {% table_region labelledby="answers" key=code %}>'
    ).render(Context({"code": "gov"}))

    assert labelled == (
        '<div class="table-responsive" tabindex="0" role="region" aria-label="Missions">'
    )
    assert by_caption == (
        '<div class="table-responsive" tabindex="0" role="region" aria-labelledby="answers-gov">'
    )


def test_a_region_without_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load tables %}<div {% table_region %}>").render(Context())

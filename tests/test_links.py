"""core.links: many rows' links from one URL look-up, the same as reverse() gives each."""

from django.template import Context, Template
from django.urls import reverse

from fremdrift.core.links import IdLinks


def test_links_are_what_reverse_gives_for_each_id():
    for name, kwarg in (("citizens:detail", "pk"), ("journey:board_move", "citizen_pk")):
        links = IdLinks(name)
        for pk in (1, 42, 2147483646):
            assert links(pk) == reverse(name, kwargs={kwarg: pk})


def test_a_template_reads_the_parts_without_calling_the_object():
    links = IdLinks("citizens:detail")
    rendered = Template("{{ l.prefix }}7{{ l.suffix }}").render(Context({"l": links}))
    assert rendered == reverse("citizens:detail", kwargs={"pk": 7})

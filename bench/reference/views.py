"""50 people (first name, last name, email, phone, job title): one query, one template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines

from maillage.territories.models import Person

TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Référence</title></head>
<body>
<table>
<thead><tr><th>Prénom</th><th>Nom</th><th>E-mail</th><th>Téléphone</th><th>Fonction</th></tr></thead>
<tbody>
{% for person in people %}<tr><td>{{ person.first_name }}</td><td>{{ person.last_name }}</td>\
<td>{{ person.email }}</td><td>{{ person.phone }}</td><td>{{ person.job_title }}</td></tr>
{% endfor %}</tbody>
</table>
</body>
</html>"""
)


def reference(request: HttpRequest) -> HttpResponse:
    people = Person.objects.order_by("id").only(
        "first_name", "last_name", "email", "phone", "job_title"
    )[:50]
    return HttpResponse(TEMPLATE.render({"people": people}))

from django.urls import path

from maillage.reports import bilan_views, views

app_name = "reports"

urlpatterns = [
    path("territoires/<slug:slug>/", views.territory_detail, name="territory"),
    path("editions/<int:edition_id>/", views.edition_detail, name="edition"),
    # The bilan, at each level, and its exports (fmt: pdf, xlsx or csv).
    path("groupes/<int:group_id>/bilan/", bilan_views.group_bilan, name="group_bilan"),
    path(
        "groupes/<int:group_id>/bilan.<str:fmt>",
        bilan_views.group_bilan_export,
        name="group_bilan_export",
    ),
    path("editions/<int:edition_id>/bilan/", bilan_views.edition_bilan, name="edition_bilan"),
    path(
        "editions/<int:edition_id>/bilan.<str:fmt>",
        bilan_views.edition_bilan_export,
        name="edition_bilan_export",
    ),
    path("territoires/<slug:slug>/bilan/", bilan_views.territory_bilan, name="territory_bilan"),
    path(
        "territoires/<slug:slug>/bilan.<str:fmt>",
        bilan_views.territory_bilan_export,
        name="territory_bilan_export",
    ),
    path("reseaux/<slug:network_slug>/bilan/", bilan_views.network_bilan, name="network_bilan"),
    path(
        "reseaux/<slug:network_slug>/bilan.<str:fmt>",
        bilan_views.network_bilan_export,
        name="network_bilan_export",
    ),
    # Evidence for funders and sponsors.
    path(
        "editions/<int:edition_id>/justificatifs/",
        bilan_views.edition_evidence,
        name="edition_evidence",
    ),
    path("mes-justificatifs/", bilan_views.my_evidence, name="my_evidence"),
    path("personnes/<int:person_id>/attestation.pdf", bilan_views.certificate, name="certificate"),
    path("animateurs/<int:facilitator_id>/releve.pdf", bilan_views.statement, name="statement"),
]

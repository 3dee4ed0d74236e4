from django.urls import path

from maillage.business import views

app_name = "business"

urlpatterns = [
    path("echanges/", views.exchanges, name="exchanges"),
    path("echanges/contacts/", views.contacts, name="contacts"),
    path("echanges/contacts/nouveau/", views.contact_new, name="contact_new"),
    path(
        "echanges/contacts/<int:contact_id>/confirmer/",
        views.contact_confirm,
        name="contact_confirm",
    ),
    path("echanges/recommandations/", views.referrals, name="referrals"),
    path("echanges/recommandations/nouvelle/", views.referral_new, name="referral_new"),
    path("echanges/recommandations/<int:referral_id>/", views.referral_detail, name="referral"),
    path(
        "echanges/recommandations/<int:referral_id>/merci/",
        views.referral_thank,
        name="referral_thank",
    ),
    path("echanges/offres-et-besoins/", views.offers_needs, name="offers_needs"),
    path("groupes/<int:group_id>/idees/", views.group_ideas, name="group_ideas"),
    path("idees/<int:idea_id>/", views.idea_detail, name="idea"),
    path("groupes/<int:group_id>/reseau/", views.group_network, name="group_network"),
    path("editions/<int:edition_id>/reseau/", views.edition_network, name="edition_network"),
    path("territoires/<slug:slug>/reseau/", views.territory_network, name="territory_network"),
]

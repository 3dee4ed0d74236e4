from django.urls import path

from maillage.themes.views import ballots, catalogue, programme, ratings

app_name = "themes"

urlpatterns = [
    path("thematiques/", catalogue.catalogue, name="catalogue"),
    path("thematiques/nouvelle/", catalogue.theme_create, name="create"),
    path("thematiques/<int:theme_id>/", catalogue.theme_detail, name="theme"),
    path("thematiques/<int:theme_id>/modifier/", catalogue.theme_edit, name="edit"),
    path("groupes/<int:group_id>/thematiques/", programme.programme, name="programme"),
    path("groupes/<int:group_id>/scrutins/nouveau/", ballots.ballot_create, name="ballot_create"),
    path("scrutins/<int:ballot_id>/", ballots.ballot_detail, name="ballot"),
    path("scrutins/<int:ballot_id>/modifier/", ballots.ballot_edit, name="ballot_edit"),
    path("scrutins/<int:ballot_id>/reporter/", ballots.ballot_apply, name="ballot_apply"),
    path("rencontres/<int:meeting_id>/avis/", ratings.rating, name="rating"),
]

from django.urls import path

from maillage.surveys import views

app_name = "surveys"

urlpatterns = [
    path("q/<str:token>/", views.answer, name="answer"),
    path("questionnaires/<int:survey_id>/repondre/", views.respond, name="respond"),
    path("territoires/<slug:slug>/questionnaires/", views.territory_surveys, name="territory"),
    path("territoires/<slug:slug>/questionnaires/nouveau/", views.survey_create, name="create"),
    path("territoires/<slug:slug>/questionnaires/questions/", views.questions, name="questions"),
    path("questionnaires/<int:survey_id>/", views.survey_detail, name="survey"),
    path("questionnaires/<int:survey_id>/envoyer/", views.survey_send, name="send"),
    path("questionnaires/<int:survey_id>/relancer/", views.survey_remind, name="remind"),
    path("questionnaires/reponses/<int:response_id>/citation/", views.quote_choose, name="quote"),
    path(
        "questionnaires/questions/<int:question_id>/retirer/",
        views.question_withdraw,
        name="question_withdraw",
    ),
]

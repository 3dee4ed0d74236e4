"""The meeting and calendar pages (included by `maillage/meetings/urls.py`, same namespace)."""

from django.urls import path

from maillage.meetings import calendar_views, document_views, meeting_views

urlpatterns = [
    path("rencontres/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting"),
    path("rencontres/<int:meeting_id>/reponse/", meeting_views.rsvp, name="rsvp"),
    path(
        "rencontres/<int:meeting_id>/presences/",
        meeting_views.attendance_page,
        name="attendance",
    ),
    path(
        "rencontres/<int:meeting_id>/emargement.pdf",
        meeting_views.attendance_sheet,
        name="attendance_sheet",
    ),
    path("rencontres/<int:meeting_id>/compte-rendu/", meeting_views.minutes_page, name="minutes"),
    path("rencontres/<int:meeting_id>/deroule/", meeting_views.run_view, name="run"),
    path("rencontres/<int:meeting_id>/ordre-du-jour/", meeting_views.agenda_page, name="agenda"),
    path("rencontres/<int:meeting_id>/modifier/", meeting_views.meeting_change, name="change"),
    path("rencontres/<int:meeting_id>/documents/", document_views.documents, name="documents"),
    path("documents/<int:document_id>/", document_views.document_download, name="document"),
    path(
        "documents/<int:document_id>/retirer/",
        document_views.document_remove_view,
        name="document_remove",
    ),
    path("groupes/<int:group_id>/calendrier/", calendar_views.group_calendar, name="calendar"),
    path("groupes/<int:group_id>/planifier/", calendar_views.group_schedule, name="schedule"),
    path("mon-agenda/", calendar_views.my_calendar, name="my_calendar"),
    path("calendrier/<str:token>.ics", calendar_views.calendar_feed, name="feed"),
    path("territoires/<slug:slug>/experts/", calendar_views.experts, name="experts"),
]

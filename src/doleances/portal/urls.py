from django.urls import path

from doleances.portal import answer_views, views

app_name = "portal"
urlpatterns = [
    path("", views.complaint_form, name="complaint_form"),
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/confirmation/", views.confirmation, name="confirmation"),
    path("track/<str:token>/documents/<int:pk>/", views.attachment, name="attachment"),
    path("track/<str:token>/remedy/", answer_views.remedy_response, name="remedy_response"),
    path("track/<str:token>/withdraw/", answer_views.withdraw, name="withdraw"),
    path("link/", answer_views.lost_link, name="lost_link"),
    path("survey/<str:token>/", answer_views.survey, name="survey"),
]

from django.urls import path

from doleances.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.complaint_form, name="complaint_form"),
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/confirmation/", views.confirmation, name="confirmation"),
    path("track/<str:token>/documents/<int:pk>/", views.attachment, name="attachment"),
]

from django.urls import path

from doleances.portal import views

app_name = "portal"
urlpatterns = [
    path("track/<str:token>/", views.track, name="track"),
]

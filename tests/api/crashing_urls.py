"""The project's URLs plus two views that fail, to see what Django answers for an unexpected error."""

from django.urls import path

from doleances.urls import *  # noqa: F403 - the handlers too
from doleances.urls import urlpatterns as project_urlpatterns


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/crash", crash), path("crash", crash), *project_urlpatterns]

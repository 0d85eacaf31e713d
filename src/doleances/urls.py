from django.contrib import admin
from django.urls import include, path

from doleances.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("agent/", include("doleances.agent.urls")),
    path("api/", include("doleances.api.urls")),
    path("", include("doleances.portal.urls")),
]

# Django's error pages; under /api/ they answer problem+json like the rest of the API.
handler400 = "doleances.api.django_errors.bad_request"
handler403 = "doleances.api.django_errors.permission_denied"
handler404 = "doleances.api.django_errors.page_not_found"
handler500 = "doleances.api.django_errors.server_error"

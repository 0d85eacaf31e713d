from django.contrib import admin
from django.urls import include, path

from doleances.agent.signin.views import admin_login
from doleances.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("agent/", include("doleances.agent.urls")),
    path("api/", include("doleances.api.urls")),
    path("inbound/", include("doleances.intake.urls")),
    path("", include("doleances.portal.urls")),
]

# Django's error pages: problem+json under /api/ like the rest of the API, the staff layout under
# /agent/ and /admin/, the customer's pages elsewhere (doleances.error_pages chooses).
handler400 = "doleances.api.django_errors.bad_request"
handler403 = "doleances.error_pages.permission_denied"
handler404 = "doleances.error_pages.page_not_found"
handler500 = "doleances.api.django_errors.server_error"

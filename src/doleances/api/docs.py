"""The API's browsable docs (Swagger UI from the sidecar package) through a page of ours: a `lang`,
a readable colour scheme, and the start-up script in a static file, so that the page runs under
the Content-Security-Policy, which forbids inline script."""

from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"

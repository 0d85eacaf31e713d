"""The API door: /api/v1/... endpoints, the OpenAPI schema and its offline docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from doleances.api import answer_views, inbound, views
from doleances.api.docs import ApiDocsView

app_name = "api"
urlpatterns = [
    path("v1/complaints", views.ComplaintCollectionView.as_view(), name="complaint_list"),
    path("v1/complaints/<str:reference>", views.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("v1/complaints/<str:reference>/messages", views.ComplaintMessagesView.as_view(), name="complaint_messages"),
    path("v1/inbound/<str:source>", inbound.inbound_post, name="inbound_post"),
    path("v1/complaints/<str:reference>/answer", answer_views.ComplaintAnswerView.as_view(), name="complaint_answer"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is a problem+json 404 (docs and schema without their slash are
    # left to APPEND_SLASH's redirect).
    re_path(r"^(?!docs$|schema$).*$", views.ApiNotFoundView.as_view(), name="not_found"),
]

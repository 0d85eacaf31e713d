"""REST endpoints for integrations (adapters: shape, access helper, service, JSON)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from doleances.analysis.selectors import analysis_summary
from doleances.api import idempotency
from doleances.api.authentication import ApiKeyAuthentication
from doleances.api.openapi import REFERENCE, RESPONSE_HEADERS, problem_responses, response_header
from doleances.api.parsers import SafeJSONParser
from doleances.api.problems import domain_problem, problem_exception_handler
from doleances.api.serializers import (
    AwareDateTimeField,
    ComplaintCreatedSerializer,
    ComplaintCreateSerializer,
    ComplaintDetailSerializer,
    ComplaintListSerializer,
    ComplaintPageSerializer,
    DatabaseIdField,
    MessageCreatedSerializer,
    MessageCreateSerializer,
    QueryParametersSerializer,
    parse_aware_datetime,
    render_due_dates,
)
from doleances.api.timeline import public_timeline
from doleances.complaints.access import get_complaint_for, visible_complaints
from doleances.complaints.enums import Channel, Status
from doleances.complaints.models import Complaint, Team
from doleances.complaints.services import add_customer_information
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.intake.services import receive_complaint
from doleances.messaging.emails import portal_url

# The intake service names customer fields plainly; the API nests them under "customer".
CUSTOMER_FIELDS = {name: f"customer.{name}" for name in ("name", "email", "phone", "organisation", "customer_number")}


class ApiView(APIView):
    """Bearer API key, JSON in and out, problem+json errors."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [SafeJSONParser]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return problem_exception_handler


class ComplaintPagination(CursorPagination):
    # Immutable, indexed ordering (complaint_recent_idx): pages stay stable and fast at 1M rows.
    ordering = ("-received_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request: Request):
        """DRF's cursor, refused with a 400 naming it when it does not decode to a date position."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = False
        if cursor is False or (cursor and cursor.position is not None and not self.valid_position(cursor.position)):
            raise ValidationError({"cursor": [_("Invalid cursor: use the `next` or `previous` link as given.")]})
        return cursor

    @staticmethod
    def valid_position(position: str) -> bool:
        parsed = parse_aware_datetime(position)
        return parsed is not None and parsed.tzinfo is not None


class ComplaintFilterSerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    team = DatabaseIdField(required=False)
    updated_since = AwareDateTimeField(required=False, help_text=_("ISO 8601 with offset."))
    cursor = serializers.CharField(required=False, help_text=_("Opaque position, from `next` or `previous`."))
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ComplaintPagination.max_page_size,
        help_text=_("%(default)d by default, %(max)d at most.")
        % {"default": ComplaintPagination.page_size, "max": ComplaintPagination.max_page_size},
    )


class ComplaintCollectionView(ApiView):
    @extend_schema(
        operation_id="complaints_list",
        parameters=[ComplaintFilterSerializer, *RESPONSE_HEADERS],
        responses={200: ComplaintPageSerializer, **problem_responses()},
    )
    def get(self, request: Request) -> Response:
        filters = ComplaintFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        complaints = self.filter_complaints(visible_complaints(request.user), **filters.validated_data)
        paginator = ComplaintPagination()
        page = paginator.paginate_queryset(complaints, request, view=self)
        return paginator.get_paginated_response(ComplaintListSerializer(page, many=True).data)

    @staticmethod
    def filter_complaints(complaints: QuerySet[Complaint], **filters) -> QuerySet[Complaint]:
        if "status" in filters:
            complaints = complaints.filter(status=filters["status"])
        if "team" in filters:
            complaints = complaints.filter(team_id=filters["team"])
        if "updated_since" in filters:
            complaints = complaints.filter(updated_at__gte=filters["updated_since"])
        return complaints

    @extend_schema(
        operation_id="complaints_create",
        request=ComplaintCreateSerializer,
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Retry safely: the same key and body give back the first answer (200, "
                "`Idempotent-Replayed: true`); the same key with another body is a 409. A key is remembered for "
                f"{idempotency.KEEP.days} days.",
            ),
            *RESPONSE_HEADERS,
            response_header("Location", OpenApiTypes.URI, [200, 201], "URL of the complaint."),
        ],
        responses={
            201: ComplaintCreatedSerializer,
            200: OpenApiResponse(ComplaintCreatedSerializer, description="Replay of an earlier creation."),
            **problem_responses(409, body=True),
        },
    )
    def post(self, request: Request) -> Response:
        key = idempotency.clean_key(request.headers.get(idempotency.HEADER))
        fingerprint = idempotency.request_fingerprint(request.data)
        if key is not None:
            replay = idempotency.find_replay(request.auth, key, fingerprint)
            if replay is not None:
                return self.created_response(request, replay)
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = self.team_for(request, serializer.validated_data["team"])
        customer, details = serializer.intake_details()
        at = clock.now()

        def create() -> tuple[Complaint, dict]:
            complaint = receive_complaint(customer, details, actor=request.user, team=team, at=at)
            return complaint, self.created_body(complaint)

        try:
            if key is None:
                with transaction.atomic():
                    _complaint, body = create()
                outcome = idempotency.Outcome(status=201, body=body, replayed=False)
            else:
                outcome = idempotency.create_once(request.auth, key, fingerprint, create=create, at=at)
        except DoleancesError as exc:
            return domain_problem(exc, field_names=CUSTOMER_FIELDS)
        return self.created_response(request, outcome)

    @staticmethod
    def team_for(request: Request, requested: int | None) -> Team | None:
        """The team the key asked for (one of its own), else the key's only team."""
        teams = list(Team.objects.filter(members=request.user).order_by("pk"))
        if requested is not None:
            chosen = next((team for team in teams if team.pk == requested), None)
            if chosen is None:
                message = _("This API key cannot file complaints for this team.")
                raise ValidationError({"team": [message]}, code="invalid_team")
            return chosen
        return teams[0] if len(teams) == 1 else None

    @staticmethod
    def created_body(complaint: Complaint) -> dict:
        return ComplaintCreatedSerializer(
            {
                "reference": complaint.reference,
                "status": complaint.status,
                "due_dates": render_due_dates(complaint),
                "portal_url": portal_url(complaint.portal_token),
                "created_at": complaint.registered_at,
            }
        ).data

    @staticmethod
    def created_response(request: Request, outcome: idempotency.Outcome) -> Response:
        location = request.build_absolute_uri(reverse("api:complaint_detail", args=[outcome.body["reference"]]))
        headers = {"Location": location}
        if outcome.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(outcome.body, status=outcome.status, headers=headers)


class ComplaintDetailView(ApiView):
    @extend_schema(
        operation_id="complaints_retrieve",
        parameters=[REFERENCE, *RESPONSE_HEADERS],
        responses={200: ComplaintDetailSerializer, **problem_responses(404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        complaint = get_complaint_for(request.user, reference)
        complaint.portal_url = portal_url(complaint.portal_token)
        complaint.timeline = public_timeline(complaint)
        complaint.analysis_summary = analysis_summary(complaint)
        return Response(ComplaintDetailSerializer(complaint).data)


class ComplaintMessagesView(ApiView):
    @extend_schema(
        operation_id="complaints_messages_create",
        request=MessageCreateSerializer,
        parameters=[REFERENCE, *RESPONSE_HEADERS],
        responses={201: MessageCreatedSerializer, **problem_responses(404, 409, body=True)},
    )
    def post(self, request: Request, reference: str) -> Response:
        complaint = get_complaint_for(request.user, reference)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = add_customer_information(complaint, body=serializer.validated_data["body"], channel=Channel.API)
        return Response(MessageCreatedSerializer(message).data, status=201)


class ApiNotFoundView(ApiView):
    """Any other URL under /api/: a problem+json 404 rather than an HTML page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    schema = None

    def initial(self, request: Request, *args, **kwargs) -> None:
        raise NotFound()

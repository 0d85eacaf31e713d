"""POST /api/v1/complaints/{reference}/answer: the final answer from an integration's own tools.

The same service as the agent screen (`answers.services.answer_complaint`); a letter without a
block its regulatory profile requires is a 400 problem+json naming the missing blocks."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from doleances.answers.models import Outcome, Remedy
from doleances.answers.services import answer_complaint
from doleances.api.openapi import REFERENCE, RESPONSE_HEADERS, problem_responses
from doleances.api.problems import problem_response
from doleances.api.views import ApiView
from doleances.complaints.access import get_complaint_for
from doleances.messaging.mandatory import BLOCK_LABELS, MissingMandatoryContent


class AnswerCreateSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Outcome.values)
    reasons = serializers.CharField(max_length=5000)
    remedy = serializers.ChoiceField(choices=Remedy.values)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0)
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False, allow_blank=True)
    measures = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    template = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    subject = serializers.CharField(required=False, allow_blank=True, max_length=250)
    body = serializers.CharField(required=False, allow_blank=True, max_length=20_000, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        if attrs.get("template") is None and not (attrs.get("body") or "").strip():
            raise serializers.ValidationError(
                {"body": ["Give either a template id or the letter's body."]}, code="template_or_body"
            )
        return attrs


class AnswerSentSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    decision = serializers.CharField()
    remedy = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    template = serializers.IntegerField(allow_null=True)
    subject = serializers.CharField()
    body = serializers.CharField()
    message_id = serializers.CharField()
    decided_at = serializers.DateTimeField()


class ComplaintAnswerView(ApiView):
    @extend_schema(
        operation_id="complaints_answer",
        request=AnswerCreateSerializer,
        parameters=[REFERENCE, *RESPONSE_HEADERS],
        responses={201: AnswerSentSerializer, **problem_responses(404, 409, body=True)},
    )
    def post(self, request: Request, reference: str) -> Response:
        complaint = get_complaint_for(request.user, reference)
        serializer = AnswerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            decision = answer_complaint(
                complaint,
                outcome=data["decision"],
                reasons=data["reasons"],
                remedy=data["remedy"],
                amount=data.get("amount"),
                currency=data.get("currency", ""),
                measures=data.get("measures", ""),
                template_id=data.get("template"),
                subject=data.get("subject", ""),
                body=data.get("body", ""),
                actor=request.user,
            )
        except MissingMandatoryContent as exc:
            return problem_response(
                status_code=400,
                type_slug="mandatory-content-missing",
                title=exc.message,
                detail=exc.message,
                code=exc.code,
                missing=[{"block": block.value, "label": str(BLOCK_LABELS[block])} for block in exc.blocks],
            )
        complaint.refresh_from_db(fields=["status"])
        body = {
            "reference": complaint.reference,
            "status": complaint.status,
            "decision": decision.outcome,
            "remedy": decision.remedy,
            "amount": decision.amount,
            "currency": decision.currency,
            "template": decision.template_id,
            "subject": decision.subject,
            "body": decision.body,
            "message_id": decision.message.message_id if decision.message else "",
            "decided_at": decision.decided_at,
        }
        return Response(AnswerSentSerializer(body).data, status=201)

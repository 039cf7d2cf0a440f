"""Marshmallow schemas of the webhooks API (they validate requests and feed OpenAPI)."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas import URL, Schema
from worker import defaults
from worker.store.webhooks import DeliveryStatus

DELIVERY_STATUSES = tuple(DeliveryStatus)


class WebhookRequestSchema(Schema):
    url = URL(
        required=True,
        metadata={
            "description": "Where deliveries are POSTed",
            "example": "https://hooks.example/pw",
        },
    )
    policies = fields.List(
        URL(),
        required=True,
        validate=validate.Length(min=1, max=defaults.WEBHOOK_MAX_POLICIES),
        metadata={
            "description": "Policy URLs to watch",
            "example": ["https://example.com/privacy"],
        },
    )
    events = fields.List(
        fields.String(validate=validate.OneOf(defaults.WEBHOOK_EVENTS)),
        load_default=lambda: list(defaults.WEBHOOK_EVENTS),
        validate=validate.Length(min=1),
        metadata={"example": ["policy.changed"]},
    )


class WebhookSchema(Schema):
    id = fields.String(required=True)
    url = fields.String(required=True)
    policies = fields.List(fields.String(), required=True, metadata={"description": "URLs"})
    policy_ids = fields.List(fields.String(), required=True)
    events = fields.List(fields.String(), required=True)
    active = fields.Boolean(required=True)
    disabled_reason = fields.String(
        allow_none=True, required=True, metadata={"description": "Why deliveries stopped"}
    )
    created_at = fields.String(required=True)


class WebhookCreatedSchema(WebhookSchema):
    secret = fields.String(
        required=True,
        metadata={"description": "whsec_<base64>: verify signatures with it; shown only once"},
    )


class WebhookListSchema(Schema):
    webhooks = fields.List(fields.Nested(WebhookSchema), required=True)


class DeliverySchema(Schema):
    id = fields.String(required=True)
    message_id = fields.String(
        required=True, metadata={"description": "The webhook-id header, the same on every retry"}
    )
    event = fields.String(required=True)
    attempt = fields.Integer(required=True, metadata={"description": "1 for the first attempt"})
    manual = fields.Boolean(required=True, metadata={"description": "A requested redelivery"})
    status = fields.String(required=True, validate=validate.OneOf(DELIVERY_STATUSES))
    status_code = fields.Integer(allow_none=True, required=True)
    error = fields.String(allow_none=True, required=True)
    created_at = fields.String(required=True)
    due_at = fields.String(required=True)
    attempted_at = fields.String(allow_none=True, required=True)
    finished_at = fields.String(allow_none=True, required=True)
    next_retry_at = fields.String(
        allow_none=True, required=True, metadata={"description": "When the retry is due"}
    )


class DeliveriesQuerySchema(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class DeliveryListSchema(Schema):
    webhook_id = fields.String(required=True)
    deliveries = fields.List(
        fields.Nested(DeliverySchema), required=True, metadata={"description": "Newest first"}
    )

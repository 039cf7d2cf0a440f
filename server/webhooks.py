"""Webhook subscriptions: create (the secret is shown once), list, get, delete, the delivery
log and manual redelivery."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.openapi import documented_errors
from server.services import current_services
from server.webhook_schemas import (
    DeliveriesQuerySchema,
    DeliveryListSchema,
    DeliverySchema,
    WebhookCreatedSchema,
    WebhookListSchema,
    WebhookRequestSchema,
    WebhookSchema,
)
from worker.errors import FetchFailed, InvalidURL, NotFound, PolicywatchError
from worker.ingest.fetch_guard import check_url
from worker.ingest.urls import normalise_url, policy_id
from worker.store.webhooks import (
    DeliveryRecord,
    WatchedPolicy,
    WebhookRecord,
    create_webhook,
    delete_webhook,
    get_delivery,
    get_webhook,
    list_deliveries,
    list_webhooks,
)
from worker.tracking.notify import redeliver, webhook_queue
from worker.tracking.report import iso

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description="Signed policy.changed notifications (Standard Webhooks)",
)


class WebhookDisabled(PolicywatchError):
    """The webhook was disabled, so nothing is delivered to it any more."""

    code = "webhook_disabled"
    status = 409


@blp.route("")
class Webhooks(MethodView):
    @blp.arguments(WebhookRequestSchema, error_status_code=400)
    @blp.response(201, WebhookCreatedSchema, description="Created; the secret is shown only here")
    @documented_errors(
        blp,
        {
            400: "invalid_url (also a URL longer than 2,048 characters), invalid_json "
            "(malformed or nested too deep) or invalid_request",
            413: "too_large: the body is over 64 KB",
            422: "blocked_url: the target is not a public address",
        },
    )
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Subscribe a URL to changes of some policies."""
        services = current_services()
        url = checked_target(body["url"], allow_private=services.settings.ALLOW_PRIVATE_HOSTS)
        watched = [watched_policy(policy_url) for policy_url in body["policies"]]
        for policy in watched:
            services.store.ensure_policy(policy.policy_id, policy.url)
        webhook = create_webhook(services.store, url=url, policies=watched, events=body["events"])
        return {**webhook_json(webhook), "secret": webhook.secret}

    @blp.response(200, WebhookListSchema)
    def get(self) -> dict[str, Any]:
        """Every webhook (without secrets)."""
        return {"webhooks": [webhook_json(w) for w in list_webhooks(current_services().store)]}


@blp.route("/<string:webhook_id>")
class WebhookById(MethodView):
    @blp.response(200, WebhookSchema)
    @documented_errors(blp, {404: "unknown_webhook"})
    def get(self, webhook_id: str) -> dict[str, Any]:
        """One webhook (without its secret)."""
        return webhook_json(known_webhook(webhook_id))

    @blp.response(204)
    @documented_errors(blp, {404: "unknown_webhook"})
    def delete(self, webhook_id: str) -> None:
        """Unsubscribe: the webhook, its subscriptions and its delivery log are deleted."""
        if not delete_webhook(current_services().store, webhook_id):
            raise unknown_webhook(webhook_id)


@blp.route("/<string:webhook_id>/deliveries")
class Deliveries(MethodView):
    @blp.arguments(DeliveriesQuerySchema, location="query", error_status_code=400)
    @blp.response(200, DeliveryListSchema)
    @documented_errors(blp, {400: "invalid_request", 404: "unknown_webhook"})
    def get(self, query: dict[str, Any], webhook_id: str) -> dict[str, Any]:
        """Every delivery attempt, newest first: time, status code, error, next retry."""
        known_webhook(webhook_id)
        attempts = list_deliveries(current_services().store, webhook_id, limit=query["limit"])
        return {"webhook_id": webhook_id, "deliveries": [delivery_json(d) for d in attempts]}


@blp.route("/<string:webhook_id>/deliveries/<string:delivery_id>/redeliver")
class Redeliver(MethodView):
    @blp.response(202, DeliverySchema, description="The new attempt, queued")
    @documented_errors(blp, {404: "unknown_webhook or unknown_delivery", 409: "webhook_disabled"})
    def post(self, webhook_id: str, delivery_id: str) -> tuple[dict[str, Any], int]:
        """Send a logged message again (same webhook-id and body), once."""
        services = current_services()
        webhook = known_webhook(webhook_id)
        delivery = get_delivery(services.store, delivery_id)
        if delivery is None or delivery.webhook_id != webhook.id:
            raise NotFound(
                f"Webhook {webhook_id} has no delivery {delivery_id!r}.", "unknown_delivery"
            )
        if not webhook.active:
            raise WebhookDisabled(
                f"Webhook {webhook_id} is disabled ({webhook.disabled_reason}); "
                "create a new subscription to receive deliveries again."
            )
        attempt = redeliver(services.store, webhook_queue(services.redis), delivery)
        return delivery_json(attempt), 202


def checked_target(url: str, *, allow_private: bool) -> str:
    """The normalised target URL once the SSRF guard accepts it (422 blocked_url if not)."""
    normalised = normalise_url(url)
    try:
        check_url(normalised, allow_private=allow_private)
    except FetchFailed as error:
        raise InvalidURL(f"The webhook URL cannot be used: {error.message}") from error
    return normalised


def watched_policy(url: str) -> WatchedPolicy:
    normalised = normalise_url(url)
    return WatchedPolicy(policy_id=policy_id(normalised), url=normalised)


def known_webhook(webhook_id: str) -> WebhookRecord:
    webhook = get_webhook(current_services().store, webhook_id)
    if webhook is None:
        raise unknown_webhook(webhook_id)
    return webhook


def unknown_webhook(webhook_id: str) -> NotFound:
    return NotFound(f"No webhook {webhook_id!r} exists.", "unknown_webhook")


def webhook_json(webhook: WebhookRecord) -> dict[str, Any]:
    """A webhook as the API shows it: never with its secret."""
    return {
        "id": webhook.id,
        "url": webhook.url,
        "policies": [policy.url for policy in webhook.policies],
        "policy_ids": [policy.policy_id for policy in webhook.policies],
        "events": list(webhook.events),
        "active": webhook.active,
        "disabled_reason": webhook.disabled_reason,
        "created_at": iso(webhook.created_at),
    }


def delivery_json(delivery: DeliveryRecord) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "message_id": delivery.message_id,
        "event": delivery.event,
        "attempt": delivery.attempt,
        "manual": delivery.manual,
        "status": delivery.status.value,
        "status_code": delivery.status_code,
        "error": delivery.error,
        "created_at": iso(delivery.created_at),
        "due_at": iso(delivery.due_at),
        "attempted_at": iso(delivery.attempted_at),
        "finished_at": iso(delivery.finished_at),
        "next_retry_at": iso(delivery.next_retry_at),
    }

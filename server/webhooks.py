"""Webhook subscriptions: create (the secret is shown once), list, get, delete, the delivery
log and manual redelivery. Every request needs an API key; a key sees only its own webhooks
(another key's answer 404, as unknown ones do) and holds at most its quota of them."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.auth import KEY_REQUIRED, current_api_key, init_blueprint
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
    Quota,
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
    description="Signed policy.changed notifications (Standard Webhooks); every operation "
    "needs an API key (Authorization: Bearer).",
)
init_blueprint(blp)

UNAUTHORIZED = {401: "unauthorized: no API key, or an unknown or revoked one"}


class WebhookDisabled(PolicywatchError):
    """The webhook was disabled, so nothing is delivered to it any more."""

    code = "webhook_disabled"
    status = 409


@blp.route("")
class Webhooks(MethodView):
    @blp.arguments(WebhookRequestSchema, error_status_code=400)
    @blp.response(201, WebhookCreatedSchema, description="Created; the secret is shown only here")
    @blp.doc(security=KEY_REQUIRED)
    @documented_errors(
        blp,
        {
            400: "invalid_url (also a URL longer than 2,048 characters), invalid_json "
            "(malformed or nested too deep) or invalid_request",
            **UNAUTHORIZED,
            403: "quota_exceeded: the key already holds its quota of webhooks "
            "(POLICYWATCH_KEY_MAX_WEBHOOKS) or of watched policies (POLICYWATCH_KEY_MAX_POLICIES)",
            413: "too_large: the body is over 64 KB",
            422: "blocked_url: the target is not a public address",
        },
    )
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Subscribe a URL to changes of some policies."""
        services = current_services()
        settings = services.settings
        url = checked_target(body["url"], allow_private=settings.ALLOW_PRIVATE_HOSTS)
        watched = [watched_policy(policy_url) for policy_url in body["policies"]]
        quota = Quota(
            max_webhooks=int(settings.KEY_MAX_WEBHOOKS), max_policies=int(settings.KEY_MAX_POLICIES)
        )
        webhook = create_webhook(
            services.store,
            url=url,
            policies=watched,
            events=body["events"],
            api_key_id=current_api_key().id,
            quota=quota,
            box=services.secrets,
        )
        for policy in watched:
            services.store.ensure_policy(policy.policy_id, policy.url)
        return {**webhook_json(webhook), "secret": webhook.secret}

    @blp.response(200, WebhookListSchema)
    @blp.doc(security=KEY_REQUIRED)
    @documented_errors(blp, UNAUTHORIZED)
    def get(self) -> dict[str, Any]:
        """The webhooks of this API key (without secrets)."""
        services = current_services()
        owned = list_webhooks(services.store, api_key_id=current_api_key().id, box=services.secrets)
        return {"webhooks": [webhook_json(webhook) for webhook in owned]}


@blp.route("/<string:webhook_id>")
class WebhookById(MethodView):
    @blp.response(200, WebhookSchema)
    @blp.doc(security=KEY_REQUIRED)
    @documented_errors(blp, {**UNAUTHORIZED, 404: "unknown_webhook"})
    def get(self, webhook_id: str) -> dict[str, Any]:
        """One webhook (without its secret)."""
        return webhook_json(known_webhook(webhook_id))

    @blp.response(204)
    @blp.doc(security=KEY_REQUIRED)
    @documented_errors(blp, {**UNAUTHORIZED, 404: "unknown_webhook"})
    def delete(self, webhook_id: str) -> None:
        """Unsubscribe: the webhook, its subscriptions and its delivery log are deleted."""
        known_webhook(webhook_id)
        if not delete_webhook(current_services().store, webhook_id):
            raise unknown_webhook(webhook_id)


@blp.route("/<string:webhook_id>/deliveries")
class Deliveries(MethodView):
    @blp.arguments(DeliveriesQuerySchema, location="query", error_status_code=400)
    @blp.response(200, DeliveryListSchema)
    @blp.doc(security=KEY_REQUIRED)
    @documented_errors(blp, {400: "invalid_request", **UNAUTHORIZED, 404: "unknown_webhook"})
    def get(self, query: dict[str, Any], webhook_id: str) -> dict[str, Any]:
        """Every delivery attempt, newest first: time, status code, error, next retry."""
        known_webhook(webhook_id)
        attempts = list_deliveries(current_services().store, webhook_id, limit=query["limit"])
        return {"webhook_id": webhook_id, "deliveries": [delivery_json(d) for d in attempts]}


@blp.route("/<string:webhook_id>/deliveries/<string:delivery_id>/redeliver")
class Redeliver(MethodView):
    @blp.response(202, DeliverySchema, description="The new attempt, queued")
    @blp.doc(security=KEY_REQUIRED)
    @documented_errors(
        blp,
        {**UNAUTHORIZED, 404: "unknown_webhook or unknown_delivery", 409: "webhook_disabled"},
    )
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
    """The webhook if the request's API key owns it; 404 otherwise, as if it did not exist."""
    services = current_services()
    webhook = get_webhook(services.store, webhook_id, box=services.secrets)
    if webhook is None or webhook.api_key_id != current_api_key().id:
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

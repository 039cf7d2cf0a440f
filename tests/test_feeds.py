"""Atom feeds: one per policy, and the latest changes of all policies (API.md, Feeds)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

import server.feeds
from server.feeds import latest_changes
from tests.helpers import SEEDS, run_jobs, serve_text
from tests.local_http import LocalHTTPServer
from tests.test_pages import ADDED, CHANGES, OLD

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def analyse(
    app: Flask, client: FlaskClient, site: LocalHTTPServer, path: str, text: str, again: bool = True
) -> str:
    """Serve `text` at `path`, analyse it (`again`: though a stored report is fresh), return
    the policy id. (A first analysis is not forced: the in-process RQ worker then sometimes
    waits out its 60 s pub/sub timeout when it stops.)"""
    url = serve_text(site, path, text)
    response = client.post("/api/v1/analyses", json={"url": url, "force": again})
    run_jobs(app)
    state = client.get(response.get_json()["poll"]).get_json()
    assert state["status"] == "finished", state
    return str(state["result"]["policy_id"])


def parse_feed(client: FlaskClient, path: str) -> etree._Element:
    """GET an Atom feed, check what every Atom 1.0 feed and entry must have, return its root."""
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.get_data())
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
        assert root.findtext(f"{ATOM}{name}").strip(), name
    datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Policywatch"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == f"http://localhost{path}"
    assert links["alternate"].startswith("http://localhost/")
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        ids.append(entry.findtext(f"{ATOM}id"))
        assert ids[-1].startswith("urn:uuid:")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        (alternate,) = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert client.get(alternate.get("href")).status_code == 200  # the history page
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "xhtml" and content[0].tag == f"{XHTML}div"
        assert content[0].prefix is None  # the XHTML namespace is the div's default one
    assert len(ids) == len(set(ids))
    return root


def entries(root: etree._Element) -> list[etree._Element]:
    return root.findall(f"{ATOM}entry")


def test_a_policy_feed_has_one_entry_per_version_newest_first(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    text = OLD.read_text(encoding="utf-8")
    analyse(app, client, policy_site, "/privacy", text, again=False)
    pid = analyse(app, client, policy_site, "/privacy", text.replace("\n\n", f"\n\n{ADDED}\n\n", 1))
    versions = client.get(f"/api/v1/policies/{pid}/versions").get_json()["versions"]
    root = parse_feed(client, f"/policies/{pid}/feed.atom")
    assert root.findtext(f"{ATOM}updated") == versions[0]["first_seen"]
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == f"http://localhost/policies/{pid}"
    newest, first = entries(root)
    old_grade, new_grade = versions[1]["grade"], versions[0]["grade"]
    assert old_grade != new_grade  # the added sentence sells data
    assert newest.findtext(f"{ATOM}title").endswith(f"grade {old_grade} → {new_grade}")
    assert "sells or rents your personal data" in newest.findtext(f"{ATOM}summary")
    body = "".join(newest.find(f"{ATOM}content").itertext())
    assert "sells or rents your personal data" in body
    link = newest.find(f"{ATOM}link[@rel='alternate']").get("href")
    query = parse_qs(urlsplit(link).query)
    assert query == {"to": [versions[0]["id"]], "from": [versions[1]["id"]]}
    assert first.findtext(f"{ATOM}title").endswith(f"first seen, grade {old_grade}")
    assert first.findtext(f"{ATOM}summary").startswith(f"First version seen, graded {old_grade}.")
    assert newest.findtext(f"{ATOM}updated") == versions[0]["first_seen"]
    # a feed reader's conditional GET costs nothing when nothing changed
    etag = client.get(f"/policies/{pid}/feed.atom").headers["ETag"]
    again = client.get(f"/policies/{pid}/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/policies/unknown/feed.atom").status_code == 404


def test_material_changes_are_in_the_entry_and_escaped(
    app: Flask,
    client: FlaskClient,
    policy_site: LocalHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_diff_json = server.feeds.diff_json

    def diff_with_changes(old: Any, new: Any) -> dict[str, Any]:
        return {**real_diff_json(old, new), "changes": CHANGES}

    monkeypatch.setattr(server.feeds, "diff_json", diff_with_changes)
    text = OLD.read_text(encoding="utf-8")
    analyse(app, client, policy_site, "/privacy", text, again=False)
    pid = analyse(app, client, policy_site, "/privacy", text + f"\n\n{ADDED}\n")
    newest = entries(parse_feed(client, f"/policies/{pid}/feed.atom"))[0]
    items = newest.findall(f"{ATOM}content/{XHTML}div/{XHTML}ul/{XHTML}li")
    assert [item.text for item in items] == [
        "Changed: We keep data for as long as we like. (was: We keep data for 30 days.)",
        "Added: We share <everything> with partners & affiliates.",
        "Removed: You can opt out of marketing emails.",
    ]
    assert all(len(item) == 0 for item in items)  # "<everything>" stayed text


def test_the_site_feed_lists_the_latest_changes_of_all_policies(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    assert entries(parse_feed(client, "/feed.atom")) == []
    first_text, second_text = (seed.read_text(encoding="utf-8") for seed in SEEDS[:2])
    one = analyse(app, client, policy_site, "/one", first_text, again=False)
    two = analyse(app, client, policy_site, "/two", second_text, again=False)
    analyse(app, client, policy_site, "/one", first_text + f"\n\n{ADDED}\n")
    analyse(app, client, policy_site, "/two", second_text + f"\n\n{ADDED}\n")
    analyse(app, client, policy_site, "/one", first_text + "\n\nWe rent it out too.\n")
    root = parse_feed(client, "/feed.atom")
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://localhost/"
    listed = entries(root)
    # three changes, newest first; the first analyses are not changes
    policies = [urlsplit(e.find(f"{ATOM}link").get("href")).path for e in listed]
    assert policies == [f"/policies/{one}", f"/policies/{two}", f"/policies/{one}"]
    stamps = [e.findtext(f"{ATOM}updated") for e in listed]
    assert stamps == sorted(stamps, reverse=True)
    assert root.findtext(f"{ATOM}updated") == stamps[0]
    assert all("127.0.0.1" in e.findtext(f"{ATOM}title") for e in listed)
    store = app.extensions["policywatch"].store
    assert [e.policy.id for e in latest_changes(store, limit=2)] == [one, two]

"""The `policywatch` command: analyse, extract, diff and classify without Redis; run a worker."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from worker.errors import PolicywatchError
from worker.settings import Settings
from worker.settings import data_dir as shared_data_dir


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def emit(payload: dict[str, Any]) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False))


def run_each(inputs: Iterable[Sequence[str]], action: Callable[..., None], *, as_json: bool) -> int:
    """Run `action(*item)` on every item; a failing item reports its error naming its input
    (a JSON line with --json, else one plain line on stderr), and the rest go on."""
    failures = 0
    for item in inputs:
        source: str | list[str] = item[0] if len(item) == 1 else list(item)
        try:
            action(*item)
        except PolicywatchError as error:
            failures += 1
            report_error(source, error.to_json(), as_json=as_json)
        except OSError as error:
            failures += 1
            message = str(error)
            if error.filename:
                message = f"{error.strerror or error}: {error.filename}"
            error_json = {"code": "unreadable_input", "message": message}
            report_error(source, error_json, as_json=as_json)
    return failures


def report_error(source: str | list[str], error: dict[str, str], *, as_json: bool) -> None:
    """`{"input", "error"}` on stdout for machines, `input: message` on stderr for people."""
    if as_json:
        emit({"input": source, "error": error})
        return
    name = " → ".join(source) if isinstance(source, list) else source
    click.echo(f"{name}: {error['message']}", err=True)


@click.group()
@click.version_option(package_name="policywatch")
def main() -> None:
    """Policywatch: risk badges and change tracking for privacy policies."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One Report per line, as JSON.")
@click.option(
    "--url",
    "file_url",
    metavar="URL",
    help="The address a single saved file was downloaded from (the Report's url).",
)
@click.option(
    "--allow-private-hosts",
    is_flag=True,
    envvar="POLICYWATCH_ALLOW_PRIVATE_HOSTS",
    help="Allow fetching from loopback/private addresses and any port.",
)
def analyze(
    inputs: tuple[str, ...], as_json: bool, file_url: str | None, allow_private_hosts: bool
) -> None:
    """Analyse policy files (.html, .md, .txt, .pdf) or URLs in-process, without Redis.

    Each input is analysed on its own: `analyze policy.html https://example.com/privacy`
    gives two Reports. To say where a saved file came from, use `--url`."""
    from worker.pipeline import analyse, analyse_file

    if file_url is not None and (len(inputs) != 1 or is_url(inputs[0])):
        raise click.UsageError("--url goes with exactly one saved file: FILE --url URL.")

    def one(source: str) -> None:
        if is_url(source):
            report = analyse(source, allow_private=allow_private_hosts)
        else:
            report = analyse_file(Path(source), url=file_url)
        if as_json:
            emit(report)
        else:
            click.echo(readable_report(source, report))

    sys.exit(1 if run_each([(source,) for source in inputs], one, as_json=as_json) else 0)


def readable_report(source: str, report: dict[str, Any]) -> str:
    badge = report.get("badge")
    lines = [source]
    if badge:
        lines.append(f"  Grade {badge['grade']} ({badge['score']}/100): {badge['label']}")
    else:
        lines.append(f"  Not graded (language: {report['language']})")
    marks = {"good": "+", "neutral": "·", "bad": "-", "blocker": "!"}
    for finding in report["findings"]:
        lines.append(f"  {marks.get(finding['verdict'], '?')} {finding['title']}")
        for evidence in finding["evidence"][:1]:
            lines.append(f"      “{evidence['text']}”")
    lines.append(f"  {report['summary']}")
    lines.append(
        f"  {report['word_count']} words, {report['reading_minutes']} min to read; "
        f"version {report['version']['id'][:12]}"
    )
    return "\n".join(lines)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help='One {"input", "text"} line per input.')
@click.option("--allow-private-hosts", is_flag=True, envvar="POLICYWATCH_ALLOW_PRIVATE_HOSTS")
def extract(inputs: tuple[str, ...], as_json: bool, allow_private_hosts: bool) -> None:
    """Print the extracted, canonical text of policy files or URLs."""
    from worker.ingest.extract import extract as extract_page
    from worker.ingest.extract import extract_file
    from worker.ingest.fetch import fetch_page
    from worker.ingest.urls import normalise_url

    def one(source: str) -> None:
        if is_url(source):
            page = fetch_page(normalise_url(source), allow_private=allow_private_hosts)
            text = extract_page(page).text
        else:
            text = extract_file(Path(source)).text
        if as_json:
            emit({"input": source, "text": text})
        else:
            click.echo(text)

    sys.exit(1 if run_each([(source,) for source in inputs], one, as_json=as_json) else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One Diff per pair, as JSON.")
def diff(paths: tuple[str, ...], as_json: bool) -> None:
    """Diff policy files pairwise: OLD NEW [OLD NEW ...]."""
    from worker.analysis.run import analyse_text, analysis_to_json
    from worker.ingest.extract import extract_file
    from worker.ingest.normalise import version_id
    from worker.tracking.report import texts_diff_json

    if len(paths) % 2:
        raise click.UsageError("Give pairs of files: OLD NEW [OLD NEW ...].")

    def pair(old_path: str, new_path: str) -> None:
        old, new = extract_file(Path(old_path)), extract_file(Path(new_path))
        result = texts_diff_json(
            version_id(old.text),
            version_id(new.text),
            old.text,
            new.text,
            analysis_to_json(analyse_text(old)),
            analysis_to_json(analyse_text(new)),
        )
        if as_json:
            emit(result)
        else:
            click.echo(f"{old_path} → {new_path}\n  {result['summary']}")
            click.echo(track_changes(result["ops"]))

    pairs = [paths[i : i + 2] for i in range(0, len(paths), 2)]
    sys.exit(1 if run_each(pairs, pair, as_json=as_json) else 0)


def track_changes(ops: list[list[Any]]) -> str:
    """Changed passages only, as [-deleted-]{+inserted+}, with a little context."""
    out: list[str] = []
    for op, text in ops:
        if op == 0:
            out.append(text if len(text) < 120 else f"{text[:50]} … {text[-50:]}")
        else:
            out.append(f"[-{text}-]" if op < 0 else f"{{+{text}+}}")
    return "".join(out)


@main.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False))
def classify(input_path: str, output_path: str) -> None:
    """Label segments ({"text"} per line) with OPP-115 categories ({"labels"} per line)."""
    from worker.analysis.classify import classify_jsonl

    count = classify_jsonl(Path(input_path), Path(output_path))
    click.echo(f"{count} segments classified into {output_path}", err=True)


@main.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path))
def train(data_dir: Path | None, out_dir: Path | None) -> None:
    """Rebuild the shipped category model from the shared OPP-115 data."""
    from worker.analysis import train as training

    data = data_dir or shared_data_dir()
    out = out_dir or Path(training.__file__).resolve().parent / "model"
    figures = training.train(data, out)
    click.echo(json.dumps(figures, indent=2))


@main.command()
@click.option(
    "--queues",
    default="analyses,webhooks",
    show_default=True,
    envvar="POLICYWATCH_WORKER_QUEUES",
    help="Comma-separated queues to work on: analyses, webhooks.",
)
@click.option("--with-scheduler/--without-scheduler", default=True, show_default=True)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker(queues: str, with_scheduler: bool, burst: bool) -> None:
    """Run an RQ worker on Policywatch's queues (settings from POLICYWATCH_* vars).

    Run the webhook deliveries in their own process (`--queues webhooks`), so a slow receiver
    never delays an analysis; the Procfile does."""
    import threading

    from rq.serializers import JSONSerializer

    from worker import defaults
    from worker.analysis.model import shipped_model
    from worker.jobs import make_queue
    from worker.workers import PolicywatchWorker, reconnecting_redis

    names = [name.strip() for name in queues.split(",") if name.strip()]
    unknown = [name for name in names if name not in defaults.QUEUE_ALIASES]
    if not names or unknown:
        raise click.BadParameter(
            f"unknown queue {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(defaults.QUEUE_ALIASES)}",
            param_hint="--queues",
        )
    settings = Settings.from_env()
    if "analyses" in names:
        shipped_model()  # load once in the parent so every forked job shares it
    stopping = threading.Event()
    connection = reconnecting_redis(settings.REDIS_URL, stopping)
    rq_queues = [make_queue(connection, defaults.QUEUE_ALIASES[name]) for name in names]
    PolicywatchWorker(
        rq_queues, connection=connection, serializer=JSONSerializer, stopping=stopping
    ).work(with_scheduler=with_scheduler, burst=burst)


@main.command()
def cron() -> None:
    """Run RQ's cron scheduler: periodic re-checks of watched policies, lost deliveries, and
    every SWEEP_SECONDS the jobs of dead workers."""
    import threading

    from worker.schedule import build_scheduler
    from worker.workers import reconnecting_redis

    settings = Settings.from_env()
    stopping = threading.Event()
    build_scheduler(reconnecting_redis(settings.REDIS_URL, stopping), stopping).start()


@main.group()
def db() -> None:
    """The database schema (POLICYWATCH_DATABASE_URL)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Schema revision to reach.")
def db_upgrade(revision: str) -> None:
    """Create or upgrade the tables; run once before starting the web and the workers."""
    from worker.store.migrate import upgrade

    before, after = upgrade(Settings.from_env().database_url, revision)
    if before == after:
        click.echo(f"database schema is up to date (revision {after})")
    else:
        click.echo(f"database schema upgraded: {before or 'empty'} -> {after}")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database and the newest one this code knows."""
    from worker.store import make_engine
    from worker.store.migrate import current_revision, head_revision

    engine = make_engine(Settings.from_env().database_url)
    try:
        click.echo(f"database: {current_revision(engine) or 'empty'}, code: {head_revision()}")
    finally:
        engine.dispose()


@main.group("api-key")
def api_key() -> None:
    """Keys of the webhooks API (Authorization: Bearer), in POLICYWATCH_DATABASE_URL."""


@api_key.command("create")
@click.argument("name")
def api_key_create(name: str) -> None:
    """Make a key named NAME and print it, once: only its hash is stored."""
    from worker.store import Store
    from worker.store.api_keys import create_api_key

    store = Store(Settings.from_env().database_url)
    try:
        _, key = create_api_key(store, name)
    except PolicywatchError as error:
        raise click.ClickException(error.message) from error
    finally:
        store.dispose()
    click.echo(key)
    click.echo(
        f"API key {name!r} created. Give it to its client now: it is not shown again.", err=True
    )


@api_key.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per key.")
def api_key_list(as_json: bool) -> None:
    """Every key: name, created, last used, revoked (never the key itself)."""
    from worker.store import Store
    from worker.store.api_keys import list_api_keys
    from worker.tracking.report import iso

    store = Store(Settings.from_env().database_url)
    try:
        keys = list_api_keys(store)
    finally:
        store.dispose()
    if as_json:
        for key in keys:
            emit(
                {
                    "name": key.name,
                    "created_at": iso(key.created_at),
                    "last_used_at": iso(key.last_used_at),
                    "revoked_at": iso(key.revoked_at),
                }
            )
        return
    if not keys:
        click.echo("No API keys; make one with `policywatch api-key create NAME`.")
        return

    def when(moment: datetime | None, otherwise: str) -> str:
        if moment is None:
            return otherwise
        return iso(moment.replace(microsecond=0)) or otherwise

    width = max(len("NAME"), *(len(key.name) for key in keys))
    click.echo(f"{'NAME':<{width}}  {'CREATED':<20}  {'LAST USED':<20}  REVOKED")
    for key in keys:
        click.echo(
            f"{key.name:<{width}}  {when(key.created_at, ''):<20}  "
            f"{when(key.last_used_at, 'never'):<20}  {when(key.revoked_at, 'no')}"
        )


@api_key.command("revoke")
@click.argument("name")
def api_key_revoke(name: str) -> None:
    """Refuse the key named NAME from now on and disable its webhooks."""
    from worker.store import Store
    from worker.store.api_keys import revoke_api_key

    store = Store(Settings.from_env().database_url)
    try:
        revoked = revoke_api_key(store, name)
    finally:
        store.dispose()
    if revoked is None:
        raise click.ClickException(f"No API key is named {name!r}.")
    click.echo(f"API key {name!r} revoked; its webhooks are disabled.")


@main.command("secret-key")
def secret_key() -> None:
    """Print a new server key for POLICYWATCH_SECRET_KEY (encrypts webhook secrets at rest)."""
    from worker.store.secret_box import new_secret_key

    click.echo(new_secret_key())


@main.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="The versions as one JSON document.")
def history(url: str, as_json: bool) -> None:
    """List the stored versions of a policy, newest first (from POLICYWATCH_DATABASE_URL)."""
    from worker.ingest.urls import normalise_url, policy_id
    from worker.store import Store
    from worker.tracking.report import iso

    store = Store(Settings.from_env().database_url)
    normalised = normalise_url(url)
    pid = policy_id(normalised)
    versions: list[dict[str, Any]] = [
        {
            "id": v.id,
            "first_seen": iso(v.first_seen),
            "last_seen": iso(v.last_seen),
            "grade": v.grade,
            "score": v.score,
        }
        for v in store.versions(pid)
    ]
    if not versions:
        error = {"code": "not_analysed", "message": "No stored versions of this policy."}
        report_error(url, error, as_json=as_json)
        sys.exit(1)
    if as_json:
        emit({"policy_id": pid, "url": normalised, "versions": versions})
        return
    click.echo(f"{normalised} ({pid})")
    for v in versions:
        click.echo(
            f"  {v['grade'] or '?'} {v['score'] or '':>3}  {v['first_seen']} → "
            f"{v['last_seen']}  {v['id'][:12]}"
        )

"""A worker killed at random moments while it sends a batch of e-mail: every message arrives, a
kill before the mail server took a message never causes a second copy, and the copies a kill after
that moment causes carry the message's one ``Message-ID`` (docs/adr/0005-outbox-delivery.md)."""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django_tenants.utils import schema_context

from tenants.outbox.models import OutboundEmail

from .smtp_sink import SmtpSink
from .worker_process import WorkerProcess

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        django_settings.CELERY_BROKER_URL.startswith("memory://"),
        reason="a worker in another process needs a broker server (CELERY_BROKER_URL)",
    ),
]

BATCH = 30
KILLS = 6
#: The whole test stays within a minute.
BUDGET_SECONDS = 55


def test_worker_killed_mid_send_delivers_everything_and_duplicates_only_after_the_server_took_it(
    committed_db, settings, monkeypatch, record_property, tmp_path
):
    from tenants.members.models import Member
    from tenants.outbox.services import email_queue_rendered
    from tenants.outbox.tasks import outbox_send_task, outbox_sweep_task

    started = time.monotonic()
    rng = random.Random(20261203)
    schema = Member.objects.get(slug="alpha").schema_name
    queue = f"outbox-kill-{uuid.uuid4().hex[:8]}"
    # The batch goes to the worker under test, not to the in-process worker thread.
    monkeypatch.setattr("tenants.outbox.services.enqueue_on_commit", lambda *args, **kwargs: None)
    settings.OUTBOX_LOST_TASK_SECONDS = 3
    with schema_context(schema):
        batch = [
            email_queue_rendered(
                to=f"recipient{n}@example.org", subject=f"Bericht {n}", body_text="Tekst.", topic="kill_test"
            )
            for n in range(BATCH)
        ]
    by_uuid = {str(message.uuid): message for message in batch}

    def send(task, *args):
        task.apply_async(args=args, headers={"_schema_name": schema}, queue=queue)

    def rows():
        with schema_context(schema):
            return {str(row.uuid): row for row in OutboundEmail.objects.filter(topic="kill_test")}

    # The server keeps a message, then waits before confirming it: the window in which a kill leaves
    # a delivered message unconfirmed.
    with SmtpSink(confirm_delay=0.08) as sink:
        worker = WorkerProcess(
            queue=queue,
            environment={
                "EMAIL_PORT": str(sink.port),
                "OUTBOX_CLAIM_SECONDS": "3",
                "OUTBOX_LOST_TASK_SECONDS": "3",
            },
            log_path=tmp_path / "worker.log",
        )
        for message in batch:
            send(outbox_send_task, message.pk)
        killed_before_server, killed_after_server = set(), set()
        last_sweep = 0.0

        def sweep_now_and_then():
            nonlocal last_sweep
            if time.monotonic() - last_sweep >= 1.0:
                send(outbox_sweep_task)
                last_sweep = time.monotonic()

        try:
            worker.start()
            while worker.kills < KILLS and time.monotonic() - started < 30:
                delivered_before = len(sink.messages())
                deadline = time.monotonic() + 10
                # Kill only once this worker is sending.
                while len(sink.messages()) == delivered_before and time.monotonic() < deadline:
                    sweep_now_and_then()
                    time.sleep(0.02)
                if len(sink.messages()) == delivered_before:
                    break  # nothing left to send
                time.sleep(rng.uniform(0.0, 0.6))
                worker.kill()
                delivered = {message.outbox_uuid for message in sink.messages()}
                for key, row in rows().items():
                    if row.status == OutboundEmail.Status.SENDING:
                        (killed_after_server if key in delivered else killed_before_server).add(key)
                worker.start()
            deadline = started + BUDGET_SECONDS
            while time.monotonic() < deadline:
                if all(row.status == OutboundEmail.Status.SENT for row in rows().values()):
                    break
                sweep_now_and_then()
                time.sleep(0.2)
        finally:
            worker.stop()
        # Only the batch: the sweep also sends what else is due in the schema.
        received = [message for message in sink.messages() if message.outbox_uuid in by_uuid]

    final = rows()
    copies = Counter(message.outbox_uuid for message in received)
    duplicates = {key: count - 1 for key, count in copies.items() if count > 1}
    report = {
        "kills": worker.kills,
        "kills_before_server_took_it": len(killed_before_server),
        "kills_after_server_took_it": len(killed_after_server),
        "duplicates": sum(duplicates.values()),
        "seconds": round(time.monotonic() - started, 1),
    }
    for key, value in report.items():
        record_property(key, value)
    print("outbox kill test:", report)

    assert worker.kills >= 3, report
    assert all(row.status == OutboundEmail.Status.SENT for row in final.values()), Counter(
        row.status for row in final.values()
    )
    assert set(copies) == set(by_uuid), "every message arrives"
    # A kill before the server took the message: it arrives exactly once.
    assert all(copies[key] == 1 for key in killed_before_server - killed_after_server), report
    # A kill after the server took it may cause a second copy, never one with another Message-ID.
    assert set(duplicates) <= killed_after_server, report
    for message in received:
        assert message.message_id == final[message.outbox_uuid].message_id != ""
    assert time.monotonic() - started < 60

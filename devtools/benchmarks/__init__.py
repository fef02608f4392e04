"""``manage.py bench``: figures for member provisioning, member migrations, member routing, the
complaint register, the public complaint form, the commission and compliance certificates.

Every figure is printed beside a baseline measured in the same run, on the same machine and the
same database, and compared as a ratio. Absolute numbers on a shared machine say little; the ratio
between two things measured a minute apart says more. Nothing here asserts a threshold.

Where it runs
    In a database of its own: ``<configured name>_bench`` on the configured server, dropped first
    if it exists, prepared with ``migrate_schemas --shared`` and ``setup_platform``, and dropped at
    the end (``--keep`` keeps it). Development data is never touched. Celery is pointed at the
    in-memory broker, so the tasks that provisioning enqueues go nowhere; only the certificate batch
    sends work to the configured broker (Redis, or the file-system broker of ``make run``), on a
    queue of its own that its two worker processes consume and that is deleted afterwards.

The modules
    ``timing`` (the measurement loop, samples, ratios, the table), ``fixtures`` (the options, the
    run, the database, the members the sections share, in-process clients), ``sections`` (the
    registry the command runs), and one module per section: ``provisioning`` (1), ``migrations``
    (2 and 3), ``routing`` (4), ``register`` (5, with ``seeding`` and ``pages``), ``intake`` (6, with
    ``server``), ``commission`` (7) and ``certificates`` (8, with ``cloning`` and ``workers``). A
    section module imports ``timing``, ``fixtures`` and its helpers, never another section.

Section 8, certificates
    a. render + sign one certificate in a warm process beside the bare WeasyPrint render of the same
    HTML (median of 30, interleaved; goal at most 1.3×); b. a batch of ``--certificates`` (1,000)
    through Celery with two ``celery worker --concurrency 1`` processes, from sending
    ``certification.issue_due`` (jitter 0) to the last certificate rendered, in certificates per
    second (goal under 60 s); c. the worker time per certificate of that batch against (a), the
    overhead ratio; d. the SQL statements of ``evaluate_member`` at 0 and at 200 complaints (must be
    equal). The batch's members get schemas cloned from one migrated template (``cloning``: its
    recorded migration SQL replayed, several times faster than migrating each), their sector's
    model regulation published and their contribution invoiced and paid, so that each passes.

Choosing sections
    ``--only migrations,provisioning,routing,register,intake,commission,certificates`` (default: all)
    runs the named sections only; the order of the work stays the same. Routing without the migration
    figures creates one member instead of N.

Order of the work
    N members are created first (``BenchRun.schemas``): N empty schemas and their registry rows,
    then all N migrated by django-tenants' multiprocessing executor. Sections 2 and 3 run before
    section 1: ``migrate_schemas --tenant`` walks every Member row, so both sides must see exactly
    the N schemas. The complaint, commission and certificate sections come last for the same reason;
    the certificate section is the very last, since its yearly run must see only its own members (it
    leaves the earlier sections' members out of the run while it measures). The setup
    time is printed but is not part of the table.
"""

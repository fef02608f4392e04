"""``manage.py bench``: figures for member provisioning, member migrations, member routing, the
complaint register, the public complaint form and the commission.

Every figure is printed beside a baseline measured in the same run, on the same machine and the
same database, and compared as a ratio. Absolute numbers on a shared machine say little; the ratio
between two things measured a minute apart says more. Nothing here asserts a threshold.

Where it runs
    In a database of its own: ``<configured name>_bench`` on the configured server, dropped first
    if it exists, prepared with ``migrate_schemas --shared`` and ``setup_platform``, and dropped at
    the end (``--keep`` keeps it). Development data is never touched. Celery is pointed at the
    in-memory broker, so the tasks that provisioning enqueues go nowhere.

The modules
    ``timing`` (the measurement loop, samples, ratios, the table), ``fixtures`` (the options, the
    run, the database, the members the sections share, in-process clients), ``sections`` (the
    registry the command runs), and one module per section: ``provisioning`` (1), ``migrations``
    (2 and 3), ``routing`` (4), ``register`` (5, with ``seeding`` and ``pages``), ``intake`` (6, with
    ``server``) and ``commission`` (7). A section module imports ``timing``, ``fixtures`` and its
    helpers, never another section.

Choosing sections
    ``--only migrations,provisioning,routing,register,intake,commission`` (default: all) runs the
    named sections only; the order of the work stays the same. Routing without the migration
    figures creates one member instead of N.

Order of the work
    N members are created first (``BenchRun.schemas``): N empty schemas and their registry rows,
    then all N migrated by django-tenants' multiprocessing executor. Sections 2 and 3 run before
    section 1: ``migrate_schemas --tenant`` walks every Member row, so both sides must see exactly
    the N schemas. The complaint and commission sections come last for the same reason. The setup
    time is printed but is not part of the table.
"""

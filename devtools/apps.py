from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development and test tooling (`make run/test/bench`, demo data, benchmarks); installed by the
    development and test settings only, never in production."""

    name = "devtools"
    verbose_name = "Development tools"

"""The database connection as django-tenants extends it, typed.

django-tenants gives the connection a schema (``schema_name``, ``tenant``, ``set_schema_to_public``…),
which Django's type stubs do not know. ``connection`` here is the very same object as
``django.db.connection``; only its declared type differs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import db

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    class TenantDatabaseWrapper(BaseDatabaseWrapper):
        schema_name: str
        tenant: Any
        search_path_set_schemas: Any

        def set_schema_to_public(self) -> None: ...

        def set_tenant(self, tenant: Any, include_public: bool = True) -> None: ...

        def set_schema(self, schema_name: str, include_public: bool = True, tenant_type: str | None = None) -> None: ...


connection = cast("TenantDatabaseWrapper", db.connection)

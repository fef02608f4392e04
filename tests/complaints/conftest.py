"""Complaints are set up through the services, the way users create them: ``register``, ``staff`` and
``tomorrow`` are shared fixtures in ``tests/conftest.py``."""

"""Gunicorn settings for the web container (``gunicorn --config deploy/gunicorn.conf.py config.wsgi:application``).

Sync workers only: tenant views are synchronous (the schema is bound to the thread's database
connection), so neither async nor threaded workers are used. Slow work (PDFs, e-mail) runs in Celery.
"""

import os

# Listen on every interface inside the container; only the proxy can reach it on the compose network.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = 1

# A request that takes longer than this is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))

# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Heartbeat files in memory: a disk-backed /tmp can block workers.
worker_tmp_dir = "/dev/shm"

# Logs to stdout/stderr, for the container runtime to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The client address comes from the proxy's X-Real-IP; %(h)s is the proxy itself. (The app reads
# X-Forwarded-For, and only from TRUSTED_PROXIES: core/ratelimit.py.)
access_log_format = (
    '%({x-real-ip}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" host=%({host}i)s duration=%(L)s'
)

# The proxy (Caddy) sets X-Forwarded-Proto; trust it from these addresses. "*" is right only while
# the web container is reachable from the proxy alone (no published port), as in deploy/compose.yaml.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# The run-time control socket is not used in containers (it would be created under $HOME).
control_socket_disable = True

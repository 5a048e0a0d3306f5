"""gunicorn settings of a web node: `gunicorn -c takwia/gunicorn.conf.py takwia.wsgi`.

Measured with bench/run.py load_50_users (50 logged-in users on the list, an
association, the results page and a report being rendered; see bench/README.md and
docs/deploy.md). Every value can be overridden from the environment of the node.

- Threads (``gthread``): a request mostly waits for PostgreSQL or Redis, during which
  another thread of the same process runs; a sync worker would hold one process per
  waiting request, and requests beyond the workers queue in the socket backlog.
- Workers: one process per core plus one, so that a process busy in Python (a
  template) leaves the cores to the others.
- Each thread holds its own database connection: workers x threads per node, which
  must fit PostgreSQL's max_connections with every other process (docs/deploy.md),
  or go through PgBouncer with DATABASE_CONN_MAX_AGE=0.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A request still running after this is killed with its worker (a 500 for the client).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Behind a load balancer that keeps connections open to the node.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Connections waiting to be accepted, beyond those the threads hold.
backlog = 2048
# Recycle workers now and then (memory grown by a large page), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Without this, gunicorn 27 opens ~/.gunicorn/gunicorn.ctl, shared by every gunicorn of
# the user on the machine.
control_socket_disable = True

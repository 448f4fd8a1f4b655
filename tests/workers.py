"""Each pytest-xdist worker's own services: now ``portal.testing.workers``, beside the fixtures plugin authors use."""
from portal.testing.workers import (  # noqa: F401
    REDIS_DATABASES,
    drop_postgres,
    postgres_url,
    redis_url,
    worker_name,
    worker_number,
)

"""schemaforge: schema-as-code for PostgreSQL."""

from . import codecache

__version__ = "0.1.0"

codecache.install()  # before the first dataclass of ours is defined

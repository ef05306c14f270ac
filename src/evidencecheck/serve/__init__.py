"""The merchant's web page and JSON API: ``evidencecheck serve`` (needs the ``serve`` extra)."""

from .app import ServeSettings, create_app
from .limits import Limits

__all__ = ["Limits", "ServeSettings", "create_app"]

"""The Jinja2 templates of auditor/render/templates (shipped as package data)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=8)
def template(name: str) -> Any:
    """A template by file name; .html ones escape their values, .md ones do not."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False))
    return env.get_template(name)

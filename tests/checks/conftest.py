from __future__ import annotations

import pytest

from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def audited():
    """Audits of the bundled samples, once per session."""
    from auditor.audit import audit_file

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = audit_file(SAMPLES / name)
        return cache[name]

    return get


def by_rule(audit, rule_id: str):
    return [f for f in audit.findings if f.rule == rule_id]


def errors(audit):
    return [f for f in audit.findings if f.severity == "error"]

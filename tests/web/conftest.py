from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import SAMPLES, SEEDS


def make_zip(members: dict[str, bytes], *, symlinks: tuple[str, ...] = ()) -> bytes:
    """A zip of `members` (name → bytes); names in `symlinks` are stored as symbolic links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (0o120777 << 16)
            archive.writestr(info, data)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def seeds() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in SEEDS]


@pytest.fixture(scope="session")
def blank_docx() -> bytes:
    return (SAMPLES / "blank_template_2021.docx").read_bytes()


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return (SAMPLES / "hongze_district_2023.pdf").read_bytes()

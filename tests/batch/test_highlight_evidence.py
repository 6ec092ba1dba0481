"""A 亮点 is said only with evidence: the part-五 praise needs tagged problem and measure paragraphs
with concrete content in part 五 itself."""

from __future__ import annotations

from auditor.batch import audit_one
from auditor.render.feedback import _specific_part_five
from tests.conftest import SAMPLES


def record(*specs, confidence: float = 0.95):
    return {"specificity": [{"part": part, "index": i, "kinds": kinds, "concrete": concrete}
                            for i, (part, kinds, concrete) in enumerate(specs)],
            "tags": [{"part": part, "index": i, "labels": kinds, "scores": {k: confidence for k in kinds}}
                     for i, (part, kinds, _) in enumerate(specs)]}


def test_part_five_praise_needs_both_sides_with_concrete_content():
    figure = [{"kind": "figure", "text": "3次"}]
    assert _specific_part_five(record(("P5", ["problem"], figure), ("P5", ["measure"], figure)))
    assert not _specific_part_five(record(("P5", ["problem"], figure), ("P5", ["measure"], [])))
    assert not _specific_part_five(record(("P5", ["problem"], figure), ("P6", ["measure"], figure)))
    assert not _specific_part_five({"specificity": [], "tags": []})
    # tags only just above the decision threshold are not enough for praise
    assert not _specific_part_five(record(("P5", ["problem"], figure), ("P5", ["measure"], figure), confidence=0.7))


def test_seed_000_part_five_is_not_praised():
    rec = audit_one(SAMPLES / "000_718221f2d83cfcc1.txt")  # the record the notes are written from
    assert rec["specificity"] and not _specific_part_five(rec)  # its measures stand in part 六

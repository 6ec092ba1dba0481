"""The 表三 row aligner's similarity matrix (rapidfuzz cdist) equals the one-pair scorer it replaced."""

from auditor.structure.schema import label_core, schema
from auditor.structure.tables import _core_similarity, _similarity_matrix

LABELS = ["（一）予以公开", "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
          "1.属于国家秘密", "其他", "", "（七）总计", "四、结转下年度继续办理", "3.危及“三安全一稳定”",
          "(三)部分公开（区分处理的，只计这一情形，不计其他情形）", "小计"]


def test_similarity_matrix_equals_the_pairwise_scores():
    for version, rows in schema().t3_rows.items():
        cores = [label_core(label) for label in LABELS]
        matrix = _similarity_matrix(cores, rows)
        expected = [[_core_similarity(c, r) for r in rows] for c in cores]
        assert matrix == expected, version
        assert max(matrix[0]) == 1.0  # 予以公开 is a format row

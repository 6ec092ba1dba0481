"""Findings → quality scores and rankings (docs/scoring.md)."""

from auditor.score.config import ScoreConfig, load_score_config
from auditor.score.rank import RankedRow, load_groups, rank
from auditor.score.scoring import LostPoints, ReportScore, SubScore, score_audit

__all__ = ["LostPoints", "RankedRow", "ReportScore", "ScoreConfig", "SubScore", "load_groups", "load_score_config",
           "rank", "score_audit"]

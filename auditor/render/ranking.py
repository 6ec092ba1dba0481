"""The ranking table as .xlsx (openpyxl) and .csv, with Chinese headers."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.score import RankedRow, ScoreConfig, load_score_config
from auditor.score.scoring import fmt_points


def rule_titles(rule_ids: Sequence[str]) -> str:
    from auditor.checks.registry import load_rules

    rules = load_rules()
    return "；".join(f"{rules[r].title}（{r}）" if r in rules else r for r in rule_ids)


def ranking_table(rows: Sequence[RankedRow], score_labels: ScoreConfig | None = None) -> list[list[Any]]:
    """Header row, then one row per report: 排名, 分组, 单位, 年度, 总分, sub-scores, 错误数, 警告数, 主要问题, 文件."""
    config = score_labels or load_score_config()
    header = ["排名", "分组", "单位", "年度", "总分"] + [f"{s.label}（{fmt_points(s.max)}）" for s in config.subscores] \
        + ["错误数", "警告数", "主要问题", "文件"]
    table: list[list[Any]] = [header]
    for row in rows:
        table.append([row.rank, row.group, row.body or "（未识别）", row.year, row.total]
                     + [row.subscores.get(s.key) for s in config.subscores]
                     + [row.errors, row.warnings, rule_titles(row.main_problems), Path(row.source).name])
    return table


def write_ranking_csv(rows: Sequence[RankedRow], path: str | Path, *, score_labels: ScoreConfig | None = None) -> None:
    """UTF-8 with a byte-order mark so that Excel and WPS open the Chinese headers correctly."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(ranking_table(rows, score_labels))


def write_ranking_xlsx(rows: Sequence[RankedRow], path: str | Path, *, errors: Sequence[dict[str, Any]] = (),
                       score_labels: ScoreConfig | None = None) -> None:
    """Sheet 排名 (the ranking table) and, when some files could not be audited, sheet 未能审核.
    Written in openpyxl's write-only mode (rows streamed; only the header cells styled)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="center")

    def header(sheet: Any, names: Sequence[str]) -> list[Any]:
        cells = [WriteOnlyCell(sheet, value=name) for name in names]
        for cell in cells:
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
        return cells

    sheet = book.create_sheet("排名")
    table = ranking_table(rows, score_labels)
    widths = {"单位": 28, "主要问题": 60, "文件": 30, "分组": 12}
    for col, name in enumerate(table[0], 1):
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(name, 10)
    sheet.freeze_panes = "A2"
    sheet.append(header(sheet, table[0]))
    for values in table[1:]:
        sheet.append(values)
    if errors:
        bad = book.create_sheet("未能审核")
        bad.column_dimensions["A"].width, bad.column_dimensions["B"].width = 50, 80
        bad.append(header(bad, ["文件", "原因"]))
        for record in errors:
            bad.append([record["source"], record["error"]])
    book.save(path)

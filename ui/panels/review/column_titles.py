"""Column titles of the review window's tables in words, in the operator's language (not field ids).

The CSV keeps its field ids (CONTRACTS §4); on screen a column is titled in
words: ``column_title("gpm")`` is "GPM" / "千次成交". A column this table does
not know yet (one another part adds) reads as its id with spaces, never as a
crash.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewColumns", text)


def column_title(column: str) -> str:
    titles = {
        "module_id": _t("Module"), "module": _t("Module"), "type": _t("Type"), "title": _t("Title"),
        "planned_s": _t("Planned"), "actual_s": _t("Actual"), "over_under_s": _t("Over/under"),
        "entries": _t("Entries"), "peak_online": _t("Peak online"), "avg_online": _t("Average online"),
        "comments": _t("Comments"), "likes": _t("Likes"), "interacting_users": _t("Interacting viewers"),
        "interaction_rate": _t("Interaction rate"), "orders": _t("Orders"), "gmv": _t("GMV"),
        "conversion_rate": _t("Conversion"), "gpm": _t("GPM"), "aov": _t("Average order"),
        "time": _t("Time"), "user": _t("Viewer"), "comment": _t("Comment"), "wording": _t("Wording"),
        "reach": _t("Reach"), "follows": _t("Follows"), "shares": _t("Shares"), "refunds": _t("Refunds"),
        "refund_rate": _t("Refund rate"),
    }
    if column.startswith("status_"):  # a targeted KPI's status column (CONTRACTS §4.1)
        return _t("{kpi} status").format(kpi=column_title(column[len("status_"):]))
    return titles.get(column, column.replace("_", " "))

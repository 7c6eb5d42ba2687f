"""The data diff: what changed between two knowledge bases, record by record (`infraplan diff`).

`sides` reads each side (a data folder, or the data of a git revision) into validated catalogue
data, `core` compares two of them into a KnowledgeBaseDiff (pure data), `render` shows one as a
table, JSON or Markdown. Nothing here prints.
"""

from infraplan.diff.core import KnowledgeBaseDiff, compare
from infraplan.diff.sides import Side, SideError, read_side

__all__ = ["KnowledgeBaseDiff", "Side", "SideError", "compare", "read_side"]

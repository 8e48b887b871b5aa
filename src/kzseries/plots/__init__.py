"""Chart builders: one module per page, so a notebook cell draws a chart in a line or two."""

from .scorecard import deviation_by_claim, verdict_timeline

__all__ = ["deviation_by_claim", "verdict_timeline"]

"""Domain types: the plan and its parts."""

from bettercare.model.plan import (
    SCHEMA_VERSION,
    Figure,
    InvestmentLine,
    MetricSeries,
    MetricValue,
    Plan,
    PooledBudget,
    ProviderCommentary,
    ReadWarning,
    RelatedDocument,
    Risk,
    RiskScore,
    Scheme,
    Section,
    Signatory,
    Source,
)

__all__ = [
    "SCHEMA_VERSION",
    "Figure",
    "InvestmentLine",
    "MetricSeries",
    "MetricValue",
    "Plan",
    "PooledBudget",
    "ProviderCommentary",
    "ReadWarning",
    "RelatedDocument",
    "Risk",
    "RiskScore",
    "Scheme",
    "Section",
    "Signatory",
    "Source",
]

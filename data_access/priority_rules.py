"""The priority list's rules: which facts flag an LA, in one place.

The metric (data_access/metrics/priority.py), the page's "How flags are set" section, the view's
notes and docs/priority-list.md all read `RULES`, so the wording shown and the rule applied cannot
drift apart. Each rule has:
- `id`: the flag's column name in the metric's frame;
- `label`: a short name for the table's column and the page;
- `description`: the rule in a sentence or two, for the "How flags are set" section;
- `why`: the sentence shown for a flagged LA, with the specific fact filled in from `{...}` fields
  (the metric supplies them; `params` are available too);
- `params`: the numbers the rule uses, with their defaults (change them here, nowhere else);
- `source`: where a parameter comes from, or that it is our own choice;
- `confidential`: True when the rule reads restricted data (risk-signature ratings); such a flag
  is computed only for `include_confidential=True` and never shown on a public page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    description: str
    why: str
    params: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    source: str = ""
    confidential: bool = False

    def because(self, **facts) -> str:
        """The "why" sentence for one LA, its fact fields filled in."""
        return self.why.format(**self.params, **facts)

    def param_text(self) -> str:
        """The parameters in words for the docs: 'months = 24'."""
        return ", ".join(f"{name.replace('_', ' ')} = {value}" for name, value in self.params.items())


# ILACS timing (Ofsted, "Inspecting local authority children's services" framework): short
# inspections for LAs judged good or outstanding and standard inspections for LAs judged to
# require improvement "usually between six months before and six months after the three year
# anniversary of the previous inspection". LAs judged inadequate get monitoring visits and are
# re-inspected when Ofsted judges it right: the framework gives no fixed interval, so the same
# limit is used for them as a stated default (they are flagged by their grade anyway).
ILACS_INTERVAL_MONTHS = 36
ILACS_TOLERANCE_MONTHS = 6

RULES: tuple[Rule, ...] = (
    Rule(
        id="overall_grade",
        label="Overall RI or inadequate",
        description="The LA's latest overall effectiveness grade (its latest standard or short "
        "inspection, any framework) is requires improvement or inadequate. ILACS inspections from "
        "April 2026 give no overall grade, so an LA inspected since then is not flagged by this rule.",
        why="Overall effectiveness {grade} at the inspection published {published}",
    ),
    Rule(
        id="leadership_grade",
        label="Leadership RI or inadequate",
        description="The LA's latest leadership grade (ILACS \u201cimpact of leaders\u201d, or SIF "
        "\u201cleadership, management and governance\u201d) is requires improvement or inadequate.",
        why="Leadership {grade} at the inspection published {published}",
    ),
    Rule(
        id="leadership_declined",
        label="Leadership declined",
        description="At the LA's last ILACS inspection with a leadership grade, that grade was below "
        "its previous leadership grade (the Leadership page's rule: the latest earlier SIF or ILACS "
        "leadership judgement, without predecessors).",
        why="Leadership declined from {previous} to {grade} at the inspection published {published}",
    ),
    Rule(
        id="active_intervention",
        label="Active intervention",
        description="A recorded DfE intervention (improvement notice, statutory direction, "
        "commissioner, alternative delivery model or trust) has started (or its start is not known) "
        "and has no end date on or before the date of the data. A record of kind \u201cLifted\u201d "
        "is not an intervention: it ends the LA's interventions that started before it.",
        why="{kind} active{since}",
    ),
    Rule(
        id="no_external_challenge",
        label="No external challenge",
        description="No peer challenge or diagnostic (any type) delivered in the {months} months up "
        "to the date of the data: the \u201climited self-awareness and no external challenge\u201d "
        "signature of risk. A delivered activity counts by its end date (its start date when no end "
        "is recorded); one exactly {months} months before counts as within. Planned ones do not count.",
        why="No peer challenge or diagnostic in the last {months} months{since}",
        params=MappingProxyType({"months": 24}),
        source="24 months: the issue's definition of recent external challenge (the Support page's "
        "coverage uses the same window).",
    ),
    Rule(
        id="overdue_inspection",
        label="Inspection overdue",
        description="The LA's last standard or short inspection was carried out more than "
        "{interval_months} + {tolerance_months} months before the date of the data (its publication "
        "date when the inspection date is not known). An LA never inspected as it is now (a new "
        "authority) is not flagged by this rule.",
        why="Last standard or short inspection carried out {carried_out}, {months} months ago "
        "(expected within about {interval_months} months, give or take {tolerance_months})",
        params=MappingProxyType({"interval_months": ILACS_INTERVAL_MONTHS, "tolerance_months": ILACS_TOLERANCE_MONTHS}),
        source="Ofsted's ILACS framework: short (good or outstanding) and standard (requires "
        "improvement) inspections usually fall between six months before and six months after the "
        "three-year anniversary of the previous inspection. For LAs judged inadequate the framework "
        "sets no interval (re-inspection follows monitoring visits): the same limit is a stated "
        "default, not Ofsted's rule.",
    ),
    Rule(
        id="risk_signature_concern",
        label="Risk signature: significant concern",
        description="The LA's latest risk-signature self-assessment (on or before the date of the "
        "data) rates at least one of the 13 signatures of risk as a significant concern. "
        "Confidential: shown only to permitted users.",
        why="Significant concern in {count} of 13 signatures of risk ({signatures}) in the "
        "self-assessment dated {assessed}",
        confidential=True,
    ),
)

RULE_BY_ID = MappingProxyType({rule.id: rule for rule in RULES})


def rules_for(include_confidential: bool) -> tuple[Rule, ...]:
    """The rules a viewer sees: confidential ones only when permitted."""
    return tuple(rule for rule in RULES if include_confidential or not rule.confidential)


def describe(rule: Rule) -> str:
    """The rule's description with its parameters filled in."""
    return rule.description.format(**rule.params)

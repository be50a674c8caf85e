"""Every model parameter, defined once: default, meaning, unit, source or assumption, allowed values.

``ModelParams`` is a frozen dataclass. Constructing it validates every field (type, finiteness,
range, choices) and the combinations that must agree, and raises ``ValueError`` naming the field,
the value and what is allowed, before any agent exists. The Hydra YAML in ``configs/`` mirrors these
fields, the ODD's parameter table is generated from them, and tests fail when either drifts.

Defaults marked *sourced* come from ``docs/ODD.md``'s sources (Nuffield Trust and NHS Digital
leaver rates; Alemi et al. 2001 on project duration; Wiltsey Stirman et al. 2012 on sustainment;
East London NHS FT on the share trained); everything marked *assumption* is ours and is what
researchers should sweep. Rates are per month unless the name says otherwise.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ROLE_SHARE_FIELDS", "ModelParams", "ParamInfo", "param_info"]

ASSUMPTION = "assumption"


def _p(
    default: Any,
    unit: str,
    meaning: str,
    source: str = ASSUMPTION,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    choices: tuple[str, ...] | None = None,
    group: str = "",
) -> Any:
    meta = {
        "unit": unit,
        "meaning": meaning,
        "source": source,
        "low": low,
        "high": high,
        "low_open": low_open,
        "choices": choices,
        "group": group,
    }
    return field(default=default, metadata=meta)


ORG, INIT, WORK, ATTN, PROJ, LEARN, COP, TRAIN, SPREAD, ERODE, OUT = (
    "organisation",
    "initial capability",
    "workforce",
    "leadership attention and nurturing",
    "improvement projects",
    "learning by doing",
    "communities of practice",
    "training",
    "spreading practice",
    "forgetting and erosion",
    "outputs",
)


@dataclass(frozen=True)
class ModelParams:
    """All parameters of the organisation model (see the module docstring and ``docs/ODD.md``)."""

    # --- policy label -------------------------------------------------------------------------
    policy: str = _p(
        "silos",
        "name",
        "Label of the policy preset the levers came from; 'custom' when set by hand",
        choices=(
            "silos",
            "equal_share",
            "cross_unit_learning",
            "active_nurturing",
            "nurture_and_learn",
            "custom",
        ),
        group="policy",
    )
    # --- organisation -------------------------------------------------------------------------
    n_units: int = _p(
        40,
        "units",
        "Number of units (wards, departments, services)",
        "assumption (a medium acute trust has 30-40 units)",
        low=1,
        high=5000,
        group=ORG,
    )
    staff_per_unit: float = _p(
        25.0, "people", "Mean headcount of a unit", "assumption (25-40 per ward)", low=3, high=500, group=ORG
    )
    headcount_cv: float = _p(0.2, "ratio", "Coefficient of variation of unit headcount", low=0, high=1, group=ORG)
    nonclinical_share: float = _p(
        0.15,
        "share",
        "Share of units that are non-clinical (mostly support staff and managers)",
        low=0,
        high=1,
        group=ORG,
    )
    share_nurses: float = _p(0.50, "share", "Nurses' share of a clinical unit's headcount", low=0, high=1, group=ORG)
    share_doctors: float = _p(0.15, "share", "Doctors' share of a clinical unit's headcount", low=0, high=1, group=ORG)
    share_ahps: float = _p(
        0.15, "share", "Allied health professionals' share of a clinical unit's headcount", low=0, high=1, group=ORG
    )
    share_managers: float = _p(
        0.05, "share", "Managers' share of a clinical unit's headcount", low=0, high=1, group=ORG
    )
    share_support: float = _p(
        0.15, "share", "Non-clinical support staff's share of a clinical unit's headcount", low=0, high=1, group=ORG
    )
    patient_partners_per_unit: int = _p(
        1, "people", "Patient or carer partners linked to each unit (not staff)", low=0, high=20, group=ORG
    )
    n_themes: int = _p(12, "themes", "Improvement themes projects can address", low=1, high=1000, group=ORG)
    n_priorities: int = _p(
        3, "themes", "Themes that are the organisation's strategic priorities", low=0, high=1000, group=ORG
    )
    # --- initial capability -------------------------------------------------------------------
    initial_maturity: float = _p(
        0.45,
        "capability",
        "Mean unit maturity: the scale of members' starting capability",
        low=0.01,
        high=1,
        group=INIT,
    )
    initial_unevenness: float = _p(
        0.35,
        "log-sd",
        "Spread of unit maturity (lognormal sigma; 0.35 gives a Gini near 0.2)",
        "assumption (spec target: Gini of unit capability near 0.2)",
        low=0,
        high=2,
        group=INIT,
    )
    capability_noise: float = _p(
        0.08,
        "capability",
        "Standard deviation of individual capability around the unit's level",
        low=0,
        high=0.5,
        group=INIT,
    )
    newcomer_maturity: float = _p(
        0.25,
        "capability",
        "Maturity scale of a newcomer's (and a patient partner's) capability",
        low=0,
        high=1,
        group=INIT,
    )
    # --- workforce ----------------------------------------------------------------------------
    annual_turnover: float = _p(
        0.12,
        "per year",
        "Share of staff leaving each year (monthly probability = this / 12)",
        "sourced: Nuffield Trust 2022 and NHS Digital (nurses 11.5 %, acute trusts 11.8-12.4 %)",
        low=0,
        high=1,
        group=WORK,
    )
    shock_start_month: int = _p(
        0, "month", "First month of a turnover shock; 0 means no shock", low=0, high=100000, group=WORK
    )
    shock_duration_months: int = _p(6, "months", "Length of the turnover shock", low=1, high=100000, group=WORK)
    shock_annual_turnover: float = _p(
        0.40, "per year", "Annual turnover rate during the shock", low=0, high=1, group=WORK
    )
    # --- leadership attention and nurturing ---------------------------------------------------
    attention_budget: float = _p(
        0.5,
        "support units / unit / month",
        "Leadership support per unit per month (facilitator and executive days); total = this x n_units",
        "assumption (prototype calibration)",
        low=0,
        high=100,
        group=ATTN,
    )
    contest_exponent: float = _p(
        1.0,
        "exponent",
        "r of the Tullock contest: 0 equal shares, 1 proportional to standing, >1 winner-take-more",
        "assumption (Tullock 1980 contest form)",
        low=0,
        high=20,
        group=ATTN,
    )
    nurture_share: float = _p(
        0.0,
        "share",
        "Share of the budget reserved for need: embedded facilitators and need-weighted attention",
        low=0,
        high=1,
        group=ATTN,
    )
    nurture_target: float = _p(
        0.6,
        "capability",
        "Capability level below which a unit is in need (need = target - capability)",
        low=0,
        high=1,
        group=ATTN,
    )
    mentoring_fraction: float = _p(
        0.3,
        "share",
        "Share of the nurture reserve spent on embedded facilitators (whole facilitators)",
        low=0,
        high=1,
        group=ATTN,
    )
    facilitator_cost: float = _p(
        1.0,
        "support units / month",
        "Cost of embedding one facilitator in a unit for a month",
        low=0.01,
        high=1000,
        group=ATTN,
    )
    facilitator_capability: float = _p(
        0.8, "capability", "Capability of an embedded facilitator on every dimension", low=0, high=1, group=ATTN
    )
    leadership_skill: float = _p(
        0.5,
        "0-1",
        "Senior team's skill at nurturing: scales how much mentoring a budget unit achieves",
        low=0,
        high=1,
        group=ATTN,
    )
    mentoring_rate: float = _p(
        0.1,
        "per month",
        "Share of the gap to the facilitator's level a mentee closes at leadership_skill 1",
        low=0,
        high=1,
        group=ATTN,
    )
    mentees_per_facilitator: int = _p(
        6, "people / month", "Staff an embedded facilitator mentors each month", low=1, high=500, group=ATTN
    )
    # --- improvement projects -----------------------------------------------------------------
    max_concurrent_projects: int = _p(
        3,
        "projects",
        "Most projects a unit runs at once",
        "assumption (prototype: one to three)",
        low=1,
        high=20,
        group=PROJ,
    )
    capability_per_project_slot: float = _p(
        0.35,
        "capability",
        "Unit capability needed per extra concurrent project beyond the first",
        low=0.01,
        high=1,
        group=PROJ,
    )
    project_start_rate: float = _p(
        0.2,
        "per month",
        "Monthly probability of starting a project at environment capability 1",
        low=0,
        high=1,
        group=PROJ,
    )
    team_size: int = _p(4, "people", "Staff on a project team", low=1, high=50, group=PROJ)
    team_selection: str = _p(
        "random",
        "rule",
        "How a team is drawn from the unit's free staff",
        choices=("random", "single_profession", "coverage"),
        group=PROJ,
    )
    invite_patients: bool = _p(
        False, "flag", "Patient and carer partners join projects and facilitated communities", group=PROJ
    )
    difficulty_sd: float = _p(
        0.4, "log-sd", "Spread of project difficulty (lognormal with mean 1)", low=0, high=2, group=PROJ
    )
    progress_rate: float = _p(
        0.09,
        "per month",
        "Progress per month at full support, full coverage and technical skill 1, difficulty 1",
        "assumption, calibrated so successful projects take about 13 months (Alemi et al. 2001)",
        low=0,
        high=10,
        group=PROJ,
    )
    coverage_exponent: float = _p(
        -2.0,
        "CES exponent",
        "Exponent of the CES aggregate of the six SOFFT coverages (negative: weakest link counts more)",
        low=-50,
        high=1,
        group=PROJ,
    )
    support_half_saturation: float = _p(
        0.25,
        "support units / project / month",
        "Attention at which a project has half of full support",
        "assumption (prototype calibration)",
        low=0.001,
        high=100,
        group=PROJ,
    )
    support_hill_exponent: float = _p(
        3.0,
        "exponent",
        "Steepness of the support curve (Hill exponent)",
        "assumption (prototype calibration)",
        low=0.1,
        high=20,
        group=PROJ,
    )
    alignment_bonus: float = _p(
        0.5, "ratio", "Extra progress of a project aligned with strategic priorities", low=0, high=10, group=PROJ
    )
    flounder_months: int = _p(
        6,
        "months",
        "Consecutive months below half support after which a project flounders",
        low=1,
        high=1000,
        group=PROJ,
    )
    max_project_months: int = _p(
        36, "months", "A project not finished after this long times out", low=1, high=1000, group=PROJ
    )
    quality_gain: float = _p(
        0.1,
        "share",
        "Share of the gap to 1 in unit quality closed by one successful project",
        low=0,
        high=1,
        group=PROJ,
    )
    track_record_retention: float = _p(
        0.95,
        "per month",
        "Monthly retention of the exponentially weighted count of successes",
        low=0,
        high=1,
        group=PROJ,
    )
    failure_track_penalty: float = _p(
        0.8, "multiplier", "Track record is multiplied by this when a project fails", low=0, high=1, group=PROJ
    )
    discouragement: float = _p(
        0.05,
        "capability",
        "Fall in a failed team member's environment capability at rollercoaster 0",
        low=0,
        high=1,
        group=PROJ,
    )
    left_behind_months: int = _p(
        24, "months", "A unit with no success for this long is left behind", low=1, high=1000, group=PROJ
    )
    # --- learning by doing ----------------------------------------------------------------------
    doing_rate: float = _p(
        0.035,
        "per month",
        "Share of the gap to 1 a project member closes each month on a project",
        "assumption (prototype: 0.03-0.04)",
        low=0,
        high=1,
        group=LEARN,
    )
    success_learning: float = _p(
        0.05,
        "share",
        "Extra share of the gap closed by team members when their project succeeds",
        low=0,
        high=1,
        group=LEARN,
    )
    failure_learning: float = _p(
        0.01,
        "share",
        "Extra share of the gap closed by team members when their project fails",
        low=0,
        high=1,
        group=LEARN,
    )
    peer_learning_rate: float = _p(
        0.05, "per month", "Share of the gap to the team's best member closed each month", low=0, high=1, group=LEARN
    )
    socialisation_rate: float = _p(
        0.02,
        "per month",
        "Share of the gap to the unit's stronger members closed each month",
        "assumption (prototype calibration; March 1991)",
        low=0,
        high=1,
        group=LEARN,
    )
    newcomer_socialisation_boost: float = _p(
        1.0, "ratio", "Extra socialisation of newcomers (1 doubles the rate)", low=0, high=10, group=LEARN
    )
    newcomer_months: int = _p(
        12, "months", "Tenure below which a member counts as a newcomer", low=0, high=1000, group=LEARN
    )
    # --- communities of practice ----------------------------------------------------------------
    facilitated_cops: bool = _p(
        False, "flag", "Communities are facilitated: recruit from every unit and role, paid from the budget", group=COP
    )
    cop_exclusivity: float = _p(
        0.9,
        "probability",
        "Probability that a member's contacts at a meeting are of their own profession",
        "assumption (Ferlie et al. 2005 on professional exclusivity)",
        low=0,
        high=1,
        group=COP,
    )
    units_per_community: int = _p(
        10,
        "units",
        "Units per community of practice (n_communities = ceil(n_units / this))",
        low=1,
        high=5000,
        group=COP,
    )
    community_size: int = _p(15, "people", "Members of each community", low=2, high=5000, group=COP)
    cop_membership_months: float = _p(
        24.0, "months", "Mean time a member stays in a community", low=1, high=10000, group=COP
    )
    attendance_facilitated: float = _p(
        0.8, "probability", "Monthly attendance of a facilitated community's members", low=0, high=1, group=COP
    )
    attendance_self_organised: float = _p(
        0.5, "probability", "Monthly attendance of a self-organised community's members", low=0, high=1, group=COP
    )
    cop_contacts: int = _p(3, "people", "Members each attendee learns from at a meeting", low=1, high=100, group=COP)
    cop_learning_rate: float = _p(
        0.03, "per month", "Share of the gap to a more capable contact closed per meeting", low=0, high=1, group=COP
    )
    diversity_bonus: float = _p(
        1.0,
        "ratio",
        "Extra learning per unit of profession diversity (Blau index) among a member's contacts",
        low=0,
        high=10,
        group=COP,
    )
    carry_back_rate: float = _p(
        0.01,
        "per month",
        "Share of the gap to their unit's best attending member that colleagues close",
        low=0,
        high=1,
        group=COP,
    )
    cop_facilitation_cost: float = _p(
        0.5, "support units / month", "Cost of facilitating one community for a month", low=0, high=1000, group=COP
    )
    # --- training -------------------------------------------------------------------------------
    training_places: float = _p(
        0.25,
        "places / unit / month",
        "Formal QI training places per unit per month",
        "assumption, checked against about 40 % QI-trained after five years (East London NHS FT)",
        low=0,
        high=100,
        group=TRAIN,
    )
    targeted_training: bool = _p(
        False, "flag", "Training places go to units by need instead of by the attention rule", group=TRAIN
    )
    training_gain: float = _p(
        0.3,
        "share",
        "Share of the gap to 1 closed by one place, times the capability's teachability",
        low=0,
        high=1,
        group=TRAIN,
    )
    training_cost: float = _p(0.1, "support units / place", "Cost of one training place", low=0, high=1000, group=TRAIN)
    # --- spreading practice ----------------------------------------------------------------------
    spread_scope: str = _p(
        "within_cop",
        "scope",
        "Which units can adopt a success: none, units sharing a community, or all",
        choices=("none", "within_cop", "organisation"),
        group=SPREAD,
    )
    spread_probability: float = _p(
        0.3,
        "probability",
        "Chance a connected unit adopts a success, at context capability 1",
        low=0,
        high=1,
        group=SPREAD,
    )
    spread_fraction: float = _p(
        0.5, "share", "Share of the quality gain an adopting unit obtains", low=0, high=1, group=SPREAD
    )
    unsupported_spread_discount: float = _p(
        0.5,
        "multiplier",
        "Adoption chance multiplier for a unit that received no attention this month",
        low=0,
        high=1,
        group=SPREAD,
    )
    spread_learning_rate: float = _p(
        0.02,
        "share",
        "Share of the gap to the source unit's capability an adopting unit's staff close",
        low=0,
        high=1,
        group=SPREAD,
    )
    # --- forgetting and erosion ------------------------------------------------------------------
    forget_rate: float = _p(
        0.002,
        "per month",
        "Share of the excess over the floor lost by capability not used this month",
        "assumption (Argote et al. 1990: know-how depreciates; kept small for individual tacit skill)",
        low=0,
        high=1,
        group=ERODE,
    )
    capability_floor: float = _p(
        0.05, "capability", "Level below which unused capability does not decay", low=0, high=1, group=ERODE
    )
    quality_decay: float = _p(
        0.08,
        "per month",
        "Monthly decay of quality gains at rollercoaster 0 (times 1 - rollercoaster)",
        "assumption, calibrated so about a third to a half of gains are lost in a year (Wiltsey Stirman et al. 2012)",
        low=0,
        high=1,
        group=ERODE,
    )
    # --- outputs --------------------------------------------------------------------------------
    technical_skill_threshold: float = _p(
        0.6, "capability", "Technical skill above which a person counts as QI-skilled", low=0, high=1, group=OUT
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = _check_field(f, getattr(self, f.name))
            object.__setattr__(self, f.name, value)
        _check_combinations(self)

    def replace(self, **changes: Any) -> ModelParams:
        """A copy with ``changes`` applied (validated; unknown names raise ``ValueError``)."""
        unknown = sorted(set(changes) - FIELD_NAMES)
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; allowed names are the fields of ModelParams")
        return dataclasses.replace(self, **changes)

    @classmethod
    def for_policy(cls, policy: str, **overrides: Any) -> ModelParams:
        """Defaults with the levers of the named preset, then ``overrides``."""
        from simulation.policies import policy_levers

        return cls().replace(**{**policy_levers(policy), "policy": policy, **overrides})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def total_budget(self) -> float:
        """Leadership support available to the whole organisation each month."""
        return self.attention_budget * self.n_units

    @property
    def n_communities(self) -> int:
        return math.ceil(self.n_units / self.units_per_community)

    @property
    def fixed_costs(self) -> float:
        """Most a month's training and community facilitation can cost (paid before attention)."""
        places = math.ceil(self.training_places * self.n_units)
        cops = self.n_communities * self.cop_facilitation_cost if self.facilitated_cops else 0.0
        return places * self.training_cost + cops


ROLE_SHARE_FIELDS = ("share_nurses", "share_doctors", "share_ahps", "share_managers", "share_support")
FIELD_NAMES = frozenset(f.name for f in dataclasses.fields(ModelParams))
_TYPES = {"int": int, "float": float, "bool": bool, "str": str}


def _describe_range(meta: dict[str, Any], kind: str = "float") -> str:
    if meta["choices"]:
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    low, high = meta["low"], meta["high"]
    left = "(" if meta["low_open"] else "["
    return f"{'a whole number' if kind == 'int' else 'a number'} in {left}{low}, {high}]"


def _check_field(f: dataclasses.Field, value: Any) -> Any:
    kind = _TYPES[f.type] if isinstance(f.type, str) else f.type
    meta = dict(f.metadata)
    allowed = _describe_range(meta, kind.__name__)
    where = f"ModelParams.{f.name}={value!r}"
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{where} is not allowed: must be true or false")
        return value
    if kind is str:
        if not isinstance(value, str) or value not in meta["choices"]:
            raise ValueError(f"{where} is not allowed: must be {_describe_range(meta)}")
        return value
    numeric = isinstance(value, int | float) or hasattr(value, "__index__")
    if isinstance(value, bool) or type(value).__name__ == "bool_" or not numeric:
        raise ValueError(f"{where} is not allowed: must be {allowed}")
    if kind is int:
        if isinstance(value, float):
            raise ValueError(f"{where} is not allowed: must be {allowed} (an integer, not a float)")
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{where} is not allowed: must be a finite number, {allowed}")
    low, high = meta["low"], meta["high"]
    if (low is not None and (value < low or (meta["low_open"] and value == low))) or (
        high is not None and value > high
    ):
        raise ValueError(f"{where} is out of range: must be {allowed}")
    return value


def _check_combinations(p: ModelParams) -> None:
    total = math.fsum(getattr(p, name) for name in ROLE_SHARE_FIELDS)
    if abs(total - 1.0) > 1e-6:
        shares = ", ".join(f"{n}={getattr(p, n)}" for n in ROLE_SHARE_FIELDS)
        raise ValueError(f"role shares must sum to 1, but {shares} sum to {total:.6g}")
    if p.n_priorities > p.n_themes:
        raise ValueError(
            f"ModelParams.n_priorities={p.n_priorities} is not allowed: must be at most n_themes={p.n_themes}"
        )
    if p.fixed_costs > p.total_budget + 1e-9:
        raise ValueError(
            f"training and community facilitation cost up to {p.fixed_costs:.4g} support units a month, more than the "
            f"budget attention_budget x n_units = {p.total_budget:.4g}: raise attention_budget or lower "
            "training_places, training_cost or cop_facilitation_cost"
        )


@dataclass(frozen=True)
class ParamInfo:
    """One row of the parameter table in the docs."""

    name: str
    type: str
    default: Any
    unit: str
    meaning: str
    source: str
    allowed: str
    group: str


def param_info() -> list[ParamInfo]:
    """Every parameter with its metadata, in declaration order (the source of the docs table)."""
    rows = []
    for f in dataclasses.fields(ModelParams):
        m = f.metadata
        kind = f.type if isinstance(f.type, str) else f.type.__name__
        allowed = "true or false" if kind == "bool" else _describe_range(dict(m), kind)
        rows.append(ParamInfo(f.name, kind, f.default, m["unit"], m["meaning"], m["source"], allowed, m["group"]))
    return rows

"""The declarations behind ``ModelParams``: one field per number in the model, grouped by submodel.

Each field records its default, unit, meaning, source (``sourced: ...`` with the source, or
``assumption``), the range the model accepts (``low``/``high``, or ``choices``), the plausible range
a researcher would defend (``plausible``), its ``kind`` (``lever``: what a policy sets; ``setting``:
the organisation and the experiment; ``assumption`` and ``sourced``: what we do not know exactly,
sampled by the robustness analysis) and its ``group`` (a heading of the ODD's parameter table).
``simulation.params`` adds validation and behaviour; nothing else in ``simulation/`` holds a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "ROLE_SHARE_FIELDS", "TEACHABILITY_FIELDS", "ParamFields"]

ASSUMPTION = "assumption"
KINDS = ("lever", "setting", "assumption", "sourced")


def _p(
    default: Any,
    unit: str,
    meaning: str,
    source: str = ASSUMPTION,
    *,
    low: float | None = None,
    high: float | None = None,
    plausible: tuple[float, float] | None = None,
    low_open: bool = False,
    choices: tuple[str, ...] | None = None,
    group: str = "",
    kind: str | None = None,
) -> Any:
    if kind is None:
        kind = "sourced" if source.startswith("sourced") else "assumption"
    meta = {
        "unit": unit,
        "meaning": meaning,
        "source": source,
        "low": low,
        "high": high,
        "low_open": low_open,
        "choices": choices,
        "group": group,
        "kind": kind,
        "plausible": plausible,
    }
    return field(default=default, metadata=meta)


ORG, INIT, WORK, ATTN, NURT, PROJ, LEARN, COP, TRAIN, SPREAD, ERODE, OUT = (
    "organisation",
    "people and their potential",
    "workforce",
    "leadership attention",
    "nurturing",
    "improvement projects",
    "learning",
    "communities of practice",
    "training",
    "spreading practice",
    "forgetting and erosion",
    "outputs",
)
LEVER, SETTING = "lever", "setting"
SHARE = (0.0, 1.0)


@dataclass(frozen=True)
class ParamFields:
    """The fields of ``ModelParams`` (declarations only; see ``simulation.params``)."""

    # --- policy label -------------------------------------------------------------------------
    policy: str = _p(
        "silos",
        "name",
        "Label of the policy preset the levers came from; 'custom' when set by hand",
        choices=("silos", "equal_share", "cross_unit_learning", "active_nurturing", "nurture_and_learn", "custom"),
        group="policy",
        kind=SETTING,
    )
    # --- organisation -------------------------------------------------------------------------
    n_units: int = _p(
        40,
        "units",
        "Number of units (wards, departments, services)",
        "assumption (a medium acute trust has 30-40 units)",
        low=1,
        high=5000,
        plausible=(30, 40),
        group=ORG,
        kind=SETTING,
    )
    staff_per_unit: float = _p(
        25.0,
        "people",
        "Mean headcount of a unit",
        "assumption (25-40 per ward)",
        low=3,
        high=500,
        plausible=(25, 40),
        group=ORG,
        kind=SETTING,
    )
    min_headcount: int = _p(
        3,
        "people",
        "Smallest headcount a drawn unit can have",
        low=1,
        high=500,
        plausible=(2, 5),
        group=ORG,
        kind=SETTING,
    )
    headcount_cv: float = _p(
        0.2, "ratio", "Coefficient of variation of unit headcount", low=0, high=1, plausible=(0.1, 0.3), group=ORG
    )
    nonclinical_share: float = _p(
        0.15,
        "share",
        "Share of units that are non-clinical (mostly support staff and managers)",
        low=0,
        high=1,
        plausible=(0.1, 0.25),
        group=ORG,
        kind=SETTING,
    )
    share_nurses: float = _p(
        0.50,
        "share",
        "Nurses' share of a clinical unit's headcount",
        low=0,
        high=1,
        plausible=(0.4, 0.6),
        group=ORG,
        kind=SETTING,
    )
    share_doctors: float = _p(
        0.15,
        "share",
        "Doctors' share of a clinical unit's headcount",
        low=0,
        high=1,
        plausible=(0.1, 0.2),
        group=ORG,
        kind=SETTING,
    )
    share_ahps: float = _p(
        0.15,
        "share",
        "Allied health professionals' share of a clinical unit's headcount",
        low=0,
        high=1,
        plausible=(0.1, 0.2),
        group=ORG,
        kind=SETTING,
    )
    share_managers: float = _p(
        0.05,
        "share",
        "Managers' share of a clinical unit's headcount",
        low=0,
        high=1,
        plausible=(0.03, 0.08),
        group=ORG,
        kind=SETTING,
    )
    share_support: float = _p(
        0.15,
        "share",
        "Non-clinical support staff's share of a clinical unit's headcount",
        low=0,
        high=1,
        plausible=(0.1, 0.2),
        group=ORG,
        kind=SETTING,
    )
    nonclinical_managers: float = _p(
        0.15,
        "share",
        "Managers' share of a non-clinical unit's headcount (the rest are support staff)",
        low=0,
        high=1,
        plausible=(0.1, 0.25),
        group=ORG,
        kind=SETTING,
    )
    patient_partners_per_unit: int = _p(
        1,
        "people",
        "Patient or carer partners linked to each unit (not staff)",
        low=0,
        high=20,
        plausible=(1, 3),
        group=ORG,
        kind=SETTING,
    )
    n_themes: int = _p(
        12, "themes", "Improvement themes projects can address", low=1, high=1000, plausible=(8, 20), group=ORG
    )
    n_priorities: int = _p(
        3,
        "themes",
        "Themes that are the organisation's strategic priorities",
        low=0,
        high=1000,
        plausible=(2, 5),
        group=ORG,
    )
    warmup_months: int = _p(
        36,
        "months",
        "Months run under the status quo (silos levers) before month 0; the same for every policy under one seed",
        low=0,
        high=600,
        plausible=(24, 60),
        group=ORG,
        kind=SETTING,
    )
    # --- people and their potential -------------------------------------------------------------
    initial_maturity: float = _p(
        0.35,
        "share of potential",
        "Mean unit maturity: staff start at this share of their role potential",
        low=0.01,
        high=1,
        plausible=(0.25, 0.5),
        group=INIT,
    )
    initial_unevenness: float = _p(
        0.35,
        "log-sd",
        "Spread of unit maturity (lognormal sigma; 0.35 gives a Gini of unit capability near 0.2)",
        "assumption (spec target: Gini of unit capability near 0.2)",
        low=0,
        high=2,
        plausible=(0.25, 0.5),
        group=INIT,
    )
    min_maturity: float = _p(
        0.02,
        "share of potential",
        "Lowest unit maturity a draw can give",
        low=0,
        high=1,
        plausible=(0.01, 0.05),
        group=INIT,
    )
    capability_noise: float = _p(
        0.08,
        "capability",
        "Standard deviation of individual starting capability around maturity x potential (clipped at potential)",
        low=0,
        high=0.5,
        plausible=(0.04, 0.12),
        group=INIT,
    )
    newcomer_maturity: float = _p(
        0.2,
        "share of potential",
        "A newcomer starts at this share of their role potential",
        low=0,
        high=1,
        plausible=(0.1, 0.3),
        group=INIT,
    )
    potential_strong: float = _p(
        0.9,
        "capability",
        "Role potential on the capabilities a role is strong in (the ODD's role table)",
        low=0,
        high=1,
        plausible=(0.8, 1.0),
        group=INIT,
    )
    potential_typical: float = _p(
        0.6,
        "capability",
        "Role potential on every other capability",
        low=0,
        high=1,
        plausible=(0.45, 0.75),
        group=INIT,
    )
    potential_patient_technical: float = _p(
        0.2,
        "capability",
        "Patient and carer partners' potential on technical QI skill",
        low=0,
        high=1,
        plausible=(0.1, 0.4),
        group=INIT,
    )
    patient_lived_experience: float = _p(
        0.8,
        "share of potential",
        "Patient partners start at this share of potential on problem and context (lived experience), in any unit",
        low=0,
        high=1,
        plausible=(0.6, 1.0),
        group=INIT,
    )
    max_initial_tenure_months: int = _p(
        120,
        "months",
        "Staff at the start have served up to this long",
        low=1,
        high=600,
        plausible=(60, 240),
        group=INIT,
    )
    quality_start_base: float = _p(
        0.3, "quality", "Starting quality of a unit of maturity 0", low=0, high=1, plausible=(0.2, 0.4), group=INIT
    )
    quality_start_per_maturity: float = _p(
        0.4, "quality", "Extra starting quality per unit of maturity", low=0, high=1, plausible=(0.2, 0.5), group=INIT
    )
    # --- workforce ----------------------------------------------------------------------------
    annual_turnover: float = _p(
        0.12,
        "per year",
        "Share of staff leaving each year (monthly probability = this / 12)",
        "sourced: Nuffield Trust 2022 and NHS Digital (nurses 11.5 %, acute trusts 11.8-12.4 %)",
        low=0,
        high=1,
        plausible=(0.10, 0.14),
        group=WORK,
    )
    shock_start_month: int = _p(
        0, "month", "First month of a turnover shock; 0 means no shock", low=0, high=100000, group=WORK, kind=SETTING
    )
    shock_duration_months: int = _p(
        6, "months", "Length of the turnover shock", low=1, high=100000, plausible=(3, 12), group=WORK, kind=SETTING
    )
    shock_annual_turnover: float = _p(
        0.40,
        "per year",
        "Annual turnover rate during the shock",
        low=0,
        high=1,
        plausible=(0.25, 0.5),
        group=WORK,
        kind=SETTING,
    )
    # --- leadership attention -----------------------------------------------------------------
    attention_budget: float = _p(
        0.3,
        "support units / unit / month",
        "Leadership support per unit per month (facilitator and executive days); total = this x n_units",
        low=0,
        high=100,
        plausible=(0.2, 0.5),
        group=ATTN,
    )
    attention_ceiling: float = _p(
        0.5,
        "support units / project / month",
        "Most attention one project can use in a month; more is passed to other projects (water-filling)",
        "assumption (about twice support_half_saturation)",
        low=0.001,
        high=1000,
        plausible=(0.35, 0.75),
        group=ATTN,
    )
    contest_exponent: float = _p(
        1.0,
        "exponent",
        "r of the Tullock contest: 0 equal shares, 1 proportional to standing, >1 winner-take-more",
        "assumption (Tullock 1980 contest form)",
        low=0,
        high=20,
        plausible=(0, 2),
        group=ATTN,
        kind=LEVER,
    )
    bid_floor: float = _p(
        0.1,
        "successes",
        "Standing of a unit with no track record, in the bid (floor + track record) x message x (1 + aligned bonus)",
        low=0,
        high=100,
        plausible=(0.05, 0.5),
        group=ATTN,
    )
    aligned_bid_bonus: float = _p(
        1.0,
        "ratio",
        "Extra standing of a project aligned with a strategic priority (1 doubles its bid)",
        low=0,
        high=10,
        plausible=(0.5, 2.0),
        group=ATTN,
    )
    # --- nurturing ------------------------------------------------------------------------------
    nurture_share: float = _p(
        0.0,
        "share",
        "Share of the budget (after training and facilitation) reserved for nurturing: coaches and committed support",
        low=0,
        high=1,
        plausible=SHARE,
        group=NURT,
        kind=LEVER,
    )
    coach_share: float = _p(
        0.5,
        "share",
        "Share of the nurture reserve spent on whole coaches; the rest commits support to their units' projects",
        low=0,
        high=1,
        plausible=(0.3, 0.7),
        group=NURT,
    )
    coach_cost: float = _p(
        0.5,
        "support units / month",
        "Cost of one coach embedded in a unit for a month",
        low=0.01,
        high=1000,
        plausible=(0.3, 1.0),
        group=NURT,
    )
    coach_months: int = _p(
        12,
        "months",
        "How long a coach stays in a unit before moving on",
        low=1,
        high=600,
        plausible=(6, 24),
        group=NURT,
    )
    coach_capability: float = _p(
        0.8,
        "capability",
        "A coach's capability on every SOFFT and technical skill (coaches join their unit's project teams)",
        low=0,
        high=1,
        plausible=(0.7, 0.9),
        group=NURT,
    )
    need_quantile: float = _p(
        0.75,
        "quantile",
        "Need is relative: a unit's need is its capability gap to this quantile of unit capability",
        low=0,
        high=1,
        plausible=(0.5, 0.9),
        group=NURT,
    )
    leadership_skill: float = _p(
        0.5,
        "0-1",
        "Senior team's nurturing skill: how well coaches and support are aimed at need, how far mentoring moves people",
        low=0,
        high=1,
        plausible=SHARE,
        group=NURT,
    )
    mentoring_rate: float = _p(
        0.1,
        "per month",
        "Share of the gap to potential a mentee closes in a month at leadership_skill 1 (experiential weight 1)",
        low=0,
        high=1,
        plausible=(0.05, 0.2),
        group=NURT,
    )
    mentees_per_coach: int = _p(
        6, "people / month", "Staff a coach mentors each month", low=1, high=500, plausible=(3, 10), group=NURT
    )
    # --- improvement projects -----------------------------------------------------------------
    max_concurrent_projects: int = _p(
        3,
        "projects",
        "Most projects a unit runs at once",
        "assumption (prototype: one to three)",
        low=1,
        high=20,
        plausible=(2, 4),
        group=PROJ,
    )
    capability_per_project_slot: float = _p(
        0.25,
        "capability",
        "Unit capability needed per extra concurrent project beyond the first",
        low=0.01,
        high=1,
        plausible=(0.2, 0.35),
        group=PROJ,
    )
    project_start_rate: float = _p(
        0.25,
        "per month",
        "Monthly probability of starting a project at environment capability 1",
        low=0,
        high=1,
        plausible=(0.15, 0.35),
        group=PROJ,
    )
    team_size: int = _p(4, "people", "Staff on a project team", low=1, high=50, plausible=(3, 6), group=PROJ)
    min_team_staff: int = _p(
        2,
        "people",
        "A project starts only with at least this many free staff (or the whole team)",
        low=1,
        high=50,
        plausible=(1, 3),
        group=PROJ,
    )
    team_selection: str = _p(
        "random",
        "rule",
        "How a team is drawn from a unit's free staff: at random, from the largest profession, or to cover the SOFFTs",
        choices=("random", "single_profession", "coverage"),
        group=PROJ,
        kind=LEVER,
    )
    invite_patients: bool = _p(
        False, "flag", "Patient and carer partners join projects and facilitated communities", group=PROJ, kind=LEVER
    )
    difficulty_sd: float = _p(
        0.4,
        "log-sd",
        "Spread of project difficulty (lognormal with mean 1)",
        low=0,
        high=2,
        plausible=(0.2, 0.6),
        group=PROJ,
    )
    progress_rate: float = _p(
        0.3,
        "per month",
        "Progress per month at full support, full coverage and technical skill 1, difficulty 1",
        "assumption, calibrated so successful projects take about 13 months (Alemi et al. 2001)",
        low=0,
        high=10,
        plausible=(0.2, 0.4),
        group=PROJ,
    )
    coverage_exponent: float = _p(
        -2.0,
        "CES exponent",
        "Exponent of the CES aggregate of the six SOFFT coverages (negative: the weakest bundle counts more)",
        low=-50,
        high=1,
        plausible=(-5.0, 0.0),
        group=PROJ,
    )
    support_half_saturation: float = _p(
        0.25,
        "support units / project / month",
        "Attention at which a project has half of full support",
        low=0.001,
        high=100,
        plausible=(0.15, 0.35),
        group=PROJ,
    )
    support_need_exponent: float = _p(
        1.0,
        "exponent",
        "How a project's need for support grows with its difficulty: its half-saturation and ceiling are "
        "support_half_saturation and attention_ceiling times difficulty^this (0: every project needs the same)",
        "assumption (larger, harder projects need more leadership attention; without it, equally shared "
        "attention leaves every project below the threshold in the same month)",
        low=0,
        high=3,
        plausible=(0.0, 1.5),
        group=PROJ,
    )
    support_hill_exponent: float = _p(
        3.0,
        "exponent",
        "Steepness of the support curve (Hill exponent)",
        low=0.1,
        high=20,
        plausible=(1.5, 4.0),
        group=PROJ,
    )
    support_threshold: float = _p(
        0.5,
        "support",
        "Support below which a month counts as unsupported (toward floundering)",
        low=0,
        high=1,
        plausible=(0.3, 0.6),
        group=PROJ,
    )
    alignment_bonus: float = _p(
        0.5,
        "ratio",
        "Extra progress of a project aligned with strategic priorities",
        low=0,
        high=10,
        plausible=(0.2, 1.0),
        group=PROJ,
    )
    right_problem_base: float = _p(
        0.2,
        "probability",
        "Chance a team with no 'problem' capability still works on the right problem (rises to 1 with full coverage)",
        "assumption (Tucker & Edmondson 2003: most frontline problem solving misses the cause)",
        low=0,
        high=1,
        plausible=(0.05, 0.4),
        group=PROJ,
    )
    wrong_problem_gain: float = _p(
        0.25,
        "share",
        "Share of the quality gain a successful project on the wrong problem delivers",
        low=0,
        high=1,
        plausible=(0.1, 0.5),
        group=PROJ,
    )
    flounder_months: int = _p(
        5,
        "months",
        "Consecutive unsupported months after which a project flounders",
        low=1,
        high=1000,
        plausible=(3, 8),
        group=PROJ,
    )
    max_project_months: int = _p(
        24,
        "months",
        "A project not finished after this long times out",
        low=1,
        high=1000,
        plausible=(18, 36),
        group=PROJ,
    )
    quality_gain: float = _p(
        0.1,
        "share",
        "Quality a successful project on the right problem adds, as a share of its unit's starting gap to 1",
        low=0,
        high=1,
        plausible=(0.05, 0.15),
        group=PROJ,
    )
    track_record_retention: float = _p(
        0.95,
        "per month",
        "Monthly retention of the exponentially weighted count of successes (a unit's standing)",
        low=0,
        high=1,
        plausible=(0.9, 0.98),
        group=PROJ,
    )
    failure_track_penalty: float = _p(
        0.8,
        "multiplier",
        "Track record is multiplied by this when a project fails",
        low=0,
        high=1,
        plausible=(0.6, 0.95),
        group=PROJ,
    )
    discouragement: float = _p(
        0.05,
        "capability",
        "Fall in a failed team member's environment capability at rollercoaster 0",
        low=0,
        high=1,
        plausible=(0.0, 0.1),
        group=PROJ,
    )
    left_behind_months: int = _p(
        24,
        "months",
        "A unit with no success for this long counts as left behind",
        low=1,
        high=1000,
        plausible=(12, 36),
        group=OUT,
        kind=SETTING,
    )
    # --- learning -------------------------------------------------------------------------------
    teachability_environment: float = _p(
        0.2,
        "0-1",
        "Teachability of 'environment': how far a training place moves it",
        low=0,
        high=1,
        plausible=(0.1, 0.4),
        group=LEARN,
    )
    teachability_rollercoaster: float = _p(
        0.3, "0-1", "Teachability of 'rollercoaster'", low=0, high=1, plausible=(0.15, 0.5), group=LEARN
    )
    teachability_problem: float = _p(
        0.7, "0-1", "Teachability of 'problem'", low=0, high=1, plausible=(0.5, 0.9), group=LEARN
    )
    teachability_message: float = _p(
        0.5, "0-1", "Teachability of 'message'", low=0, high=1, plausible=(0.3, 0.7), group=LEARN
    )
    teachability_learning: float = _p(
        0.5, "0-1", "Teachability of 'learning'", low=0, high=1, plausible=(0.3, 0.7), group=LEARN
    )
    teachability_context: float = _p(
        0.2, "0-1", "Teachability of 'context'", low=0, high=1, plausible=(0.1, 0.4), group=LEARN
    )
    teachability_technical: float = _p(
        1.0, "0-1", "Teachability of technical QI skill", low=0, high=1, plausible=(0.8, 1.0), group=LEARN
    )
    experiential_tilt: float = _p(
        0.8,
        "0-1",
        "How much less experience teaches what a classroom can: the experiential routes (doing, peers, "
        "socialisation, mentoring, communities) move capability k at weight 1 - this x teachability_k",
        low=0,
        high=1,
        plausible=(0.5, 0.95),
        group=LEARN,
    )
    doing_rate: float = _p(
        0.3,
        "per month",
        "Share of the gap to potential a project member closes in a month at full support and unit 'learning' 1",
        low=0,
        high=1,
        plausible=(0.15, 0.45),
        group=LEARN,
    )
    success_learning: float = _p(
        0.1,
        "share",
        "Extra share of the gap to potential closed by team members when their project succeeds",
        low=0,
        high=1,
        plausible=(0.05, 0.15),
        group=LEARN,
    )
    failure_learning: float = _p(
        0.02,
        "share",
        "Extra share of the gap to potential closed by team members when their project fails",
        low=0,
        high=1,
        plausible=(0.0, 0.04),
        group=LEARN,
    )
    peer_learning_rate: float = _p(
        0.05,
        "per month",
        "Share of the gap to the team's best member (capped at one's potential) closed in a month",
        low=0,
        high=1,
        plausible=(0.02, 0.1),
        group=LEARN,
    )
    socialisation_rate: float = _p(
        0.1,
        "per month",
        "Share of the gap to the unit's current level closed in a month at unit environment 1 (up or down)",
        "assumption (March 1991: members learn the organisation's code)",
        low=0,
        high=1,
        plausible=(0.05, 0.2),
        group=LEARN,
    )
    newcomer_socialisation_boost: float = _p(
        1.0,
        "ratio",
        "Extra socialisation of newcomers (1 doubles the rate)",
        low=0,
        high=10,
        plausible=(0.5, 2.0),
        group=LEARN,
    )
    newcomer_months: int = _p(
        12,
        "months",
        "Tenure below which a member counts as a newcomer",
        low=0,
        high=1000,
        plausible=(6, 24),
        group=LEARN,
    )
    # --- communities of practice ----------------------------------------------------------------
    facilitated_cops: bool = _p(
        False,
        "flag",
        "Communities are facilitated: recruit from every unit and role, paid from the budget",
        group=COP,
        kind=LEVER,
    )
    cop_exclusivity: float = _p(
        0.9,
        "probability",
        "Probability that a member's contacts at a meeting are of their own profession",
        "assumption (Ferlie et al. 2005 on professional exclusivity)",
        low=0,
        high=1,
        plausible=SHARE,
        group=COP,
        kind=LEVER,
    )
    units_per_community: int = _p(
        5,
        "units",
        "Units per community of practice (n_communities = ceil(n_units / this))",
        low=1,
        high=5000,
        plausible=(5, 10),
        group=COP,
    )
    community_size: int = _p(25, "people", "Members of each community", low=2, high=5000, plausible=(15, 40), group=COP)
    cop_membership_months: float = _p(
        24.0, "months", "Mean time a member stays in a community", low=1, high=10000, plausible=(12, 36), group=COP
    )
    attendance_facilitated: float = _p(
        0.8,
        "probability",
        "Monthly attendance of a facilitated community's members",
        low=0,
        high=1,
        plausible=(0.6, 0.9),
        group=COP,
    )
    attendance_self_organised: float = _p(
        0.5,
        "probability",
        "Monthly attendance of a self-organised community's members",
        low=0,
        high=1,
        plausible=(0.3, 0.7),
        group=COP,
    )
    self_selection_exponent: float = _p(
        2.0,
        "exponent",
        "Self-organised communities recruit with weight capability^this: keen, capable people self-select",
        low=0,
        high=10,
        plausible=(1.0, 3.0),
        group=COP,
    )
    cop_contacts: int = _p(
        3, "people", "Members each attendee learns from at a meeting", low=1, high=100, plausible=(2, 5), group=COP
    )
    cop_learning_rate: float = _p(
        0.05,
        "per month",
        "Share of the gap to a more capable contact (capped at potential) closed per meeting",
        low=0,
        high=1,
        plausible=(0.02, 0.08),
        group=COP,
    )
    diversity_bonus: float = _p(
        1.0,
        "ratio",
        "Extra learning per unit of profession diversity (Blau index) among a member's contacts",
        low=0,
        high=10,
        plausible=(0.0, 2.0),
        group=COP,
    )
    carry_back_rate: float = _p(
        0.01,
        "per month",
        "Share of the gap to their unit's best attending member (capped at potential) that colleagues close",
        low=0,
        high=1,
        plausible=(0.0, 0.03),
        group=COP,
    )
    cop_facilitation_cost: float = _p(
        0.25,
        "support units / month",
        "Cost of facilitating one community for a month",
        low=0,
        high=1000,
        plausible=(0.1, 0.35),
        group=COP,
    )
    # --- training -------------------------------------------------------------------------------
    training_places: float = _p(
        0.2,
        "places / unit / month",
        "Formal QI training places per unit per month",
        "assumption, checked against about 650 of 5,000 staff trained in two years (East London NHS FT, reported)",
        low=0,
        high=100,
        plausible=(0.1, 0.3),
        group=TRAIN,
    )
    targeted_training: bool = _p(
        False, "flag", "Training places go to units by need instead of by the attention rule", group=TRAIN, kind=LEVER
    )
    training_gain: float = _p(
        0.3,
        "share",
        "Share of the gap to potential closed by one place, times the capability's teachability",
        low=0,
        high=1,
        plausible=(0.15, 0.45),
        group=TRAIN,
    )
    training_cost: float = _p(
        0.1,
        "support units / place",
        "Cost of one training place",
        low=0,
        high=1000,
        plausible=(0.05, 0.15),
        group=TRAIN,
    )
    # --- spreading practice ----------------------------------------------------------------------
    spread_scope: str = _p(
        "within_cop",
        "scope",
        "Which units can adopt a success: none, units sharing a community, or all",
        choices=("none", "within_cop", "organisation"),
        group=SPREAD,
        kind=LEVER,
    )
    spread_probability: float = _p(
        0.15,
        "probability",
        "Chance a connected unit adopts a success it looks at, at context capability 1",
        "assumption (about one adoption per success at the defaults; Ferlie et al. 2005 on the nonspread of "
        "innovations)",
        low=0,
        high=1,
        plausible=(0.05, 0.4),
        group=SPREAD,
    )
    spread_fraction: float = _p(
        0.5,
        "share",
        "Share of the source's quality gain an adopting unit obtains",
        low=0,
        high=1,
        plausible=(0.3, 0.7),
        group=SPREAD,
    )
    unsupported_spread_discount: float = _p(
        0.5,
        "multiplier",
        "Adoption chance multiplier for a unit that received no attention this month",
        low=0,
        high=1,
        plausible=(0.25, 1.0),
        group=SPREAD,
    )
    spread_learning_rate: float = _p(
        0.03,
        "share",
        "Share of the gap to the source unit's level (capped at potential) an adopting unit's staff close, "
        "times teachability (what a practice carries is explicit)",
        low=0,
        high=1,
        plausible=(0.01, 0.05),
        group=SPREAD,
    )
    # --- forgetting and erosion ------------------------------------------------------------------
    forget_rate: float = _p(
        0.004,
        "per month",
        "Share of the excess over the floor lost in a month by capability not used, times teachability (tacit slowest)",
        "assumption (Argote et al. 1990: know-how depreciates)",
        low=0,
        high=1,
        plausible=(0.001, 0.01),
        group=ERODE,
    )
    capability_floor: float = _p(
        0.05,
        "capability",
        "Level below which unused capability does not decay",
        low=0,
        high=1,
        plausible=(0.0, 0.1),
        group=ERODE,
    )
    quality_decay: float = _p(
        0.082,
        "per month",
        "Monthly decay of quality gains at rollercoaster 0 (times 1 - the unit's rollercoaster)",
        "assumption, calibrated so a third to a half of a gain is lost in a year (Wiltsey Stirman et al. 2012)",
        low=0,
        high=1,
        plausible=(0.065, 0.1),
        group=ERODE,
    )
    # --- outputs --------------------------------------------------------------------------------
    technical_skill_threshold: float = _p(
        0.5,
        "capability",
        "Technical skill above which a person counts as QI-skilled",
        low=0,
        high=1,
        plausible=(0.4, 0.6),
        group=OUT,
        kind=SETTING,
    )


ROLE_SHARE_FIELDS = ("share_nurses", "share_doctors", "share_ahps", "share_managers", "share_support")
TEACHABILITY_FIELDS = (
    "teachability_environment",
    "teachability_rollercoaster",
    "teachability_problem",
    "teachability_message",
    "teachability_learning",
    "teachability_context",
    "teachability_technical",
)

"""The declarations behind ``ModelParams``: one field per number in the model, grouped by submodel.

Each field records its default, unit, meaning, source (``sourced: ...`` with the source, or
``assumption``), the range the model accepts (``allowed``: ``(low, high)``, the unit interval unless
stated; ``choices`` for a name; none for a flag), the plausible range a researcher would defend
(``plausible``), its ``kind`` (``lever``: what a policy sets; ``setting``: the organisation and the
experiment; ``assumption`` and ``sourced``: what we do not know exactly, sampled by the robustness
analysis; the last two read off the source) and its ``group`` (a heading of the ODD's parameter
table), named once for every field of the group by the group's declarer (``ORG(...)`` declares a
field of the organisation). ``simulation.params`` adds validation and behaviour; nothing else in
``simulation/`` holds a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "LEVER", "ROLE_SHARE_FIELDS", "SETTING", "TEACHABILITY_FIELDS", "ParamFields"]

ASSUMPTION = "assumption"
KINDS = ("lever", "setting", "assumption", "sourced")
LEVER, SETTING = "lever", "setting"
#: The range of a share, a probability or a capability: what a field accepts unless it says otherwise.
UNIT_INTERVAL = (0, 1)
#: A plausible range that is the whole unit interval (a share we cannot narrow at all).
SHARE = (0.0, 1.0)


class _Group:
    """Declares the fields of one group of parameters (one heading of the ODD's parameter table)."""

    def __init__(self, name: str):
        self.name = name

    def __call__(
        self,
        default: Any,
        unit: str,
        meaning: str,
        source: str = ASSUMPTION,
        *,
        allowed: tuple[float, float] | None = UNIT_INTERVAL,
        plausible: tuple[float, float] | None = None,
        low_open: bool = False,
        choices: tuple[str, ...] | None = None,
        kind: str | None = None,
    ) -> Any:
        """A dataclass field with its metadata; a flag or a name has no numeric range."""
        if isinstance(default, bool | str):
            allowed = None
        if kind is None:
            kind = "sourced" if source.startswith("sourced") else ASSUMPTION
        low, high = allowed if allowed is not None else (None, None)
        meta = {
            "unit": unit,
            "meaning": meaning,
            "source": source,
            "low": low,
            "high": high,
            "low_open": low_open,
            "choices": choices,
            "group": self.name,
            "kind": kind,
            "plausible": plausible,
        }
        return field(default=default, metadata=meta)


POLICY = _Group("policy")
ORG = _Group("organisation")
INIT = _Group("people and their potential")
WORK = _Group("workforce")
ATTN = _Group("leadership attention")
NURT = _Group("nurturing")
PROJ = _Group("improvement projects")
LEARN = _Group("learning")
COP = _Group("communities of practice")
TRAIN = _Group("training")
SPREAD = _Group("spreading practice")
ERODE = _Group("forgetting and erosion")
OUT = _Group("outputs")


@dataclass(frozen=True)
class ParamFields:
    """The fields of ``ModelParams`` (declarations only; see ``simulation.params``)."""

    # --- policy label --------------------------------------------------------------------------------
    policy: str = POLICY(
        "silos",
        "name",
        "Label of the policy preset the levers came from; 'custom' when set by hand",
        choices=("silos", "equal_share", "cross_unit_learning", "active_nurturing", "nurture_and_learn", "custom"),
        kind=SETTING,
    )
    # --- organisation --------------------------------------------------------------------------------
    n_units: int = ORG(
        40,
        "units",
        "Number of units (wards, departments, services)",
        "assumption (a medium acute trust has 30-40 units)",
        allowed=(1, 5000),
        plausible=(30, 40),
        kind=SETTING,
    )
    staff_per_unit: float = ORG(
        25.0,
        "people",
        "Mean headcount of a unit",
        "assumption (25-40 per ward)",
        allowed=(3, 500),
        plausible=(25, 40),
        kind=SETTING,
    )
    min_headcount: int = ORG(
        3, "people", "Smallest headcount a drawn unit can have", allowed=(1, 500), plausible=(2, 5), kind=SETTING
    )
    headcount_cv: float = ORG(0.2, "ratio", "Coefficient of variation of unit headcount", plausible=(0.1, 0.3))
    nonclinical_share: float = ORG(
        0.15,
        "share",
        "Share of units that are non-clinical (mostly support staff and managers)",
        plausible=(0.1, 0.25),
        kind=SETTING,
    )
    share_nurses: float = ORG(
        0.5, "share", "Nurses' share of a clinical unit's headcount", plausible=(0.4, 0.6), kind=SETTING
    )
    share_doctors: float = ORG(
        0.15, "share", "Doctors' share of a clinical unit's headcount", plausible=(0.1, 0.2), kind=SETTING
    )
    share_ahps: float = ORG(
        0.15,
        "share",
        "Allied health professionals' share of a clinical unit's headcount",
        plausible=(0.1, 0.2),
        kind=SETTING,
    )
    share_managers: float = ORG(
        0.05, "share", "Managers' share of a clinical unit's headcount", plausible=(0.03, 0.08), kind=SETTING
    )
    share_support: float = ORG(
        0.15,
        "share",
        "Non-clinical support staff's share of a clinical unit's headcount",
        plausible=(0.1, 0.2),
        kind=SETTING,
    )
    nonclinical_managers: float = ORG(
        0.15,
        "share",
        "Managers' share of a non-clinical unit's headcount (the rest are support staff)",
        plausible=(0.1, 0.25),
        kind=SETTING,
    )
    patient_partners_per_unit: int = ORG(
        1,
        "people",
        "Patient or carer partners linked to each unit (not staff)",
        allowed=(0, 20),
        plausible=(1, 3),
        kind=SETTING,
    )
    n_themes: int = ORG(12, "themes", "Improvement themes projects can address", allowed=(1, 1000), plausible=(8, 20))
    n_priorities: int = ORG(
        3, "themes", "Themes that are the organisation's strategic priorities", allowed=(0, 1000), plausible=(2, 5)
    )
    warmup_months: int = ORG(
        36,
        "months",
        "Months run under the status quo (silos levers) before month 0; the same for every policy under one seed",
        allowed=(0, 600),
        plausible=(24, 60),
        kind=SETTING,
    )
    # --- people and their potential ------------------------------------------------------------------
    initial_maturity: float = INIT(
        0.35,
        "share of potential",
        "Mean unit maturity: staff start at this share of their role potential",
        allowed=(0.01, 1),
        plausible=(0.25, 0.5),
    )
    initial_unevenness: float = INIT(
        0.35,
        "log-sd",
        "Spread of unit maturity (lognormal sigma; 0.35 gives a Gini of unit capability near 0.2)",
        "assumption (spec target: Gini of unit capability near 0.2)",
        allowed=(0, 2),
        plausible=(0.25, 0.5),
    )
    min_maturity: float = INIT(
        0.02, "share of potential", "Lowest unit maturity a draw can give", plausible=(0.01, 0.05)
    )
    capability_noise: float = INIT(
        0.08,
        "capability",
        "Standard deviation of individual starting capability around maturity x potential (clipped at potential)",
        allowed=(0, 0.5),
        plausible=(0.04, 0.12),
    )
    newcomer_maturity: float = INIT(
        0.2, "share of potential", "A newcomer starts at this share of their role potential", plausible=(0.1, 0.3)
    )
    potential_strong: float = INIT(
        0.9,
        "capability",
        "Role potential on the capabilities a role is strong in (the ODD's role table)",
        plausible=(0.8, 1.0),
    )
    potential_typical: float = INIT(
        0.6, "capability", "Role potential on every other capability", plausible=(0.45, 0.75)
    )
    potential_patient_technical: float = INIT(
        0.2, "capability", "Patient and carer partners' potential on technical QI skill", plausible=(0.1, 0.4)
    )
    patient_lived_experience: float = INIT(
        0.8,
        "share of potential",
        "Patient partners start at this share of potential on problem and context (lived experience), in any unit",
        plausible=(0.6, 1.0),
    )
    max_initial_tenure_months: int = INIT(
        120, "months", "Staff at the start have served up to this long", allowed=(1, 600), plausible=(60, 240)
    )
    quality_start_base: float = INIT(0.3, "quality", "Starting quality of a unit of maturity 0", plausible=(0.2, 0.4))
    quality_start_per_maturity: float = INIT(
        0.4, "quality", "Extra starting quality per unit of maturity", plausible=(0.2, 0.5)
    )
    # --- workforce -----------------------------------------------------------------------------------
    annual_turnover: float = WORK(
        0.12,
        "per year",
        "Share of staff leaving each year (monthly probability = this / 12)",
        "sourced: Nuffield Trust 2022 and NHS Digital (nurses 11.5 %, acute trusts 11.8-12.4 %)",
        plausible=(0.1, 0.14),
    )
    shock_start_month: int = WORK(
        0, "month", "First month of a turnover shock; 0 means no shock", allowed=(0, 100000), kind=SETTING
    )
    shock_duration_months: int = WORK(
        6, "months", "Length of the turnover shock", allowed=(1, 100000), plausible=(3, 12), kind=SETTING
    )
    shock_annual_turnover: float = WORK(
        0.4, "per year", "Annual turnover rate during the shock", plausible=(0.25, 0.5), kind=SETTING
    )
    # --- leadership attention ------------------------------------------------------------------------
    attention_budget: float = ATTN(
        0.3,
        "support units / unit / month",
        "Leadership support per unit per month (facilitator and executive days); total = this x n_units",
        allowed=(0, 100),
        plausible=(0.2, 0.5),
    )
    attention_ceiling: float = ATTN(
        0.5,
        "support units / project / month",
        "Most attention one project can use in a month; more is passed to other projects (water-filling)",
        "assumption (about twice support_half_saturation)",
        allowed=(0.001, 1000),
        plausible=(0.35, 0.75),
    )
    contest_exponent: float = ATTN(
        1.0,
        "exponent",
        "r of the Tullock contest: 0 equal shares, 1 proportional to standing, >1 winner-take-more",
        "assumption (Tullock 1980 contest form)",
        allowed=(0, 20),
        plausible=(0, 2),
        kind=LEVER,
    )
    bid_floor: float = ATTN(
        0.1,
        "successes",
        "Standing of a unit with no track record, in the bid (floor + track record) x message x (1 + aligned bonus)",
        allowed=(0, 100),
        plausible=(0.05, 0.5),
    )
    aligned_bid_bonus: float = ATTN(
        1.0,
        "ratio",
        "Extra standing of a project aligned with a strategic priority (1 doubles its bid)",
        allowed=(0, 10),
        plausible=(0.5, 2.0),
    )
    # --- nurturing -----------------------------------------------------------------------------------
    nurture_share: float = NURT(
        0.0,
        "share",
        "Share of the budget (after training and facilitation) reserved for nurturing: coaches and committed support",
        plausible=SHARE,
        kind=LEVER,
    )
    coach_share: float = NURT(
        0.5,
        "share",
        "Share of the nurture reserve spent on whole coaches; the rest commits support to their units' projects",
        plausible=(0.3, 0.7),
    )
    coach_cost: float = NURT(
        0.5,
        "support units / month",
        "Cost of one coach embedded in a unit for a month",
        allowed=(0.01, 1000),
        plausible=(0.3, 1.0),
    )
    coach_months: int = NURT(
        12, "months", "How long a coach stays in a unit before moving on", allowed=(1, 600), plausible=(6, 24)
    )
    coach_capability: float = NURT(
        0.8,
        "capability",
        "A coach's capability on every SOFFT and technical skill (coaches join their unit's project teams)",
        plausible=(0.7, 0.9),
    )
    need_quantile: float = NURT(
        0.75,
        "quantile",
        "Need is relative: a unit's need is its capability gap to this quantile of unit capability",
        plausible=(0.5, 0.9),
    )
    leadership_skill: float = NURT(
        0.5,
        "0-1",
        "Senior team's nurturing skill: how well coaches and support are aimed at need, how far mentoring moves people",
        plausible=SHARE,
    )
    mentoring_rate: float = NURT(
        0.1,
        "per month",
        "Share of the gap to potential a mentee closes in a month at leadership_skill 1 (experiential weight 1)",
        plausible=(0.05, 0.2),
    )
    mentees_per_coach: int = NURT(
        6, "people / month", "Staff a coach mentors each month", allowed=(1, 500), plausible=(3, 10)
    )
    # --- improvement projects ------------------------------------------------------------------------
    max_concurrent_projects: int = PROJ(
        3,
        "projects",
        "Most projects a unit runs at once",
        "assumption (prototype: one to three)",
        allowed=(1, 20),
        plausible=(2, 4),
    )
    capability_per_project_slot: float = PROJ(
        0.25,
        "capability",
        "Unit capability needed per extra concurrent project beyond the first",
        allowed=(0.01, 1),
        plausible=(0.2, 0.35),
    )
    project_start_rate: float = PROJ(
        0.25,
        "per month",
        "Monthly probability of starting a project at environment capability 1",
        plausible=(0.15, 0.35),
    )
    team_size: int = PROJ(4, "people", "Staff on a project team", allowed=(1, 50), plausible=(3, 6))
    min_team_staff: int = PROJ(
        2,
        "people",
        "A project starts only with at least this many free staff (or the whole team)",
        allowed=(1, 50),
        plausible=(1, 3),
    )
    team_selection: str = PROJ(
        "random",
        "rule",
        "How a team is drawn from a unit's free staff: at random, from the largest profession, or to cover the SOFFTs",
        choices=("random", "single_profession", "coverage"),
        kind=LEVER,
    )
    invite_patients: bool = PROJ(
        False, "flag", "Patient and carer partners join projects and facilitated communities", kind=LEVER
    )
    difficulty_sd: float = PROJ(
        0.4, "log-sd", "Spread of project difficulty (lognormal with mean 1)", allowed=(0, 2), plausible=(0.2, 0.6)
    )
    progress_rate: float = PROJ(
        0.3,
        "per month",
        "Progress per month at full support, full coverage and technical skill 1, difficulty 1",
        "assumption, calibrated so successful projects take about 13 months (Alemi et al. 2001)",
        allowed=(0, 10),
        plausible=(0.2, 0.4),
    )
    coverage_exponent: float = PROJ(
        -2.0,
        "CES exponent",
        "Exponent of the CES aggregate of the six SOFFT coverages (negative: the weakest bundle counts more)",
        allowed=(-50, 1),
        plausible=(-5.0, 0.0),
    )
    support_half_saturation: float = PROJ(
        0.25,
        "support units / project / month",
        "Attention at which a project has half of full support",
        allowed=(0.001, 100),
        plausible=(0.15, 0.35),
    )
    support_need_exponent: float = PROJ(
        1.0,
        "exponent",
        (
            "How a project's need for support grows with its difficulty: its half-saturation and ceiling "
            "are support_half_saturation and attention_ceiling times difficulty^this (0: every project "
            "needs the same)"
        ),
        (
            "assumption (larger, harder projects need more leadership attention; without it, equally "
            "shared attention leaves every project below the threshold in the same month)"
        ),
        allowed=(0, 3),
        plausible=(0.0, 1.5),
    )
    support_hill_exponent: float = PROJ(
        3.0, "exponent", "Steepness of the support curve (Hill exponent)", allowed=(0.1, 20), plausible=(1.5, 4.0)
    )
    support_threshold: float = PROJ(
        0.5, "support", "Support below which a month counts as unsupported (toward floundering)", plausible=(0.3, 0.6)
    )
    alignment_bonus: float = PROJ(
        0.5,
        "ratio",
        "Extra progress of a project aligned with strategic priorities",
        allowed=(0, 10),
        plausible=(0.2, 1.0),
    )
    right_problem_base: float = PROJ(
        0.2,
        "probability",
        "Chance a team with no 'problem' capability still works on the right problem (rises to 1 with full coverage)",
        "assumption (Tucker & Edmondson 2003: most frontline problem solving misses the cause)",
        plausible=(0.05, 0.4),
    )
    wrong_problem_gain: float = PROJ(
        0.25,
        "share",
        "Share of the quality gain a successful project on the wrong problem delivers",
        plausible=(0.1, 0.5),
    )
    flounder_months: int = PROJ(
        5,
        "months",
        "Consecutive unsupported months after which a project flounders",
        allowed=(1, 1000),
        plausible=(3, 8),
    )
    max_project_months: int = PROJ(
        24, "months", "A project not finished after this long times out", allowed=(1, 1000), plausible=(18, 36)
    )
    quality_gain: float = PROJ(
        0.1,
        "share",
        "Quality a successful project on the right problem adds, as a share of its unit's starting gap to 1",
        plausible=(0.05, 0.15),
    )
    track_record_retention: float = PROJ(
        0.95,
        "per month",
        "Monthly retention of the exponentially weighted count of successes (a unit's standing)",
        plausible=(0.9, 0.98),
    )
    failure_track_penalty: float = PROJ(
        0.8, "multiplier", "Track record is multiplied by this when a project fails", plausible=(0.6, 0.95)
    )
    discouragement: float = PROJ(
        0.05,
        "capability",
        "Fall in a failed team member's environment capability at rollercoaster 0",
        plausible=(0.0, 0.1),
    )
    # --- outputs -------------------------------------------------------------------------------------
    left_behind_months: int = OUT(
        24,
        "months",
        "A unit with no success for this long counts as left behind",
        allowed=(1, 1000),
        plausible=(12, 36),
        kind=SETTING,
    )
    # --- learning ------------------------------------------------------------------------------------
    teachability_environment: float = LEARN(
        0.2, "0-1", "Teachability of 'environment': how far a training place moves it", plausible=(0.1, 0.4)
    )
    teachability_rollercoaster: float = LEARN(0.3, "0-1", "Teachability of 'rollercoaster'", plausible=(0.15, 0.5))
    teachability_problem: float = LEARN(0.7, "0-1", "Teachability of 'problem'", plausible=(0.5, 0.9))
    teachability_message: float = LEARN(0.5, "0-1", "Teachability of 'message'", plausible=(0.3, 0.7))
    teachability_learning: float = LEARN(0.5, "0-1", "Teachability of 'learning'", plausible=(0.3, 0.7))
    teachability_context: float = LEARN(0.2, "0-1", "Teachability of 'context'", plausible=(0.1, 0.4))
    teachability_technical: float = LEARN(1.0, "0-1", "Teachability of technical QI skill", plausible=(0.8, 1.0))
    experiential_tilt: float = LEARN(
        0.8,
        "0-1",
        (
            "How much less experience teaches what a classroom can: the experiential routes (doing, "
            "peers, socialisation, mentoring, communities) move capability k at weight 1 - this x "
            "teachability_k"
        ),
        plausible=(0.5, 0.95),
    )
    doing_rate: float = LEARN(
        0.3,
        "per month",
        "Share of the gap to potential a project member closes in a month at full support and unit 'learning' 1",
        plausible=(0.15, 0.45),
    )
    success_learning: float = LEARN(
        0.1,
        "share",
        "Extra share of the gap to potential closed by team members when their project succeeds",
        plausible=(0.05, 0.15),
    )
    failure_learning: float = LEARN(
        0.02,
        "share",
        "Extra share of the gap to potential closed by team members when their project fails",
        plausible=(0.0, 0.04),
    )
    peer_learning_rate: float = LEARN(
        0.05,
        "per month",
        "Share of the gap to the team's best member (capped at one's potential) closed in a month",
        plausible=(0.02, 0.1),
    )
    socialisation_rate: float = LEARN(
        0.1,
        "per month",
        "Share of the gap to the unit's current level closed in a month at unit environment 1 (up or down)",
        "assumption (March 1991: members learn the organisation's code)",
        plausible=(0.05, 0.2),
    )
    newcomer_socialisation_boost: float = LEARN(
        1.0, "ratio", "Extra socialisation of newcomers (1 doubles the rate)", allowed=(0, 10), plausible=(0.5, 2.0)
    )
    newcomer_months: int = LEARN(
        12, "months", "Tenure below which a member counts as a newcomer", allowed=(0, 1000), plausible=(6, 24)
    )
    # --- communities of practice ---------------------------------------------------------------------
    facilitated_cops: bool = COP(
        False, "flag", "Communities are facilitated: recruit from every unit and role, paid from the budget", kind=LEVER
    )
    cop_exclusivity: float = COP(
        0.9,
        "probability",
        "Probability that a member's contacts at a meeting are of their own profession",
        "assumption (Ferlie et al. 2005 on professional exclusivity)",
        plausible=SHARE,
        kind=LEVER,
    )
    units_per_community: int = COP(
        5,
        "units",
        "Units per community of practice (n_communities = ceil(n_units / this))",
        allowed=(1, 5000),
        plausible=(5, 10),
    )
    community_size: int = COP(25, "people", "Members of each community", allowed=(2, 5000), plausible=(15, 40))
    cop_membership_months: float = COP(
        24.0, "months", "Mean time a member stays in a community", allowed=(1, 10000), plausible=(12, 36)
    )
    attendance_facilitated: float = COP(
        0.8, "probability", "Monthly attendance of a facilitated community's members", plausible=(0.6, 0.9)
    )
    attendance_self_organised: float = COP(
        0.5, "probability", "Monthly attendance of a self-organised community's members", plausible=(0.3, 0.7)
    )
    self_selection_exponent: float = COP(
        2.0,
        "exponent",
        "Self-organised communities recruit with weight capability^this: keen, capable people self-select",
        allowed=(0, 10),
        plausible=(1.0, 3.0),
    )
    cop_contacts: int = COP(
        3, "people", "Members each attendee learns from at a meeting", allowed=(1, 100), plausible=(2, 5)
    )
    cop_learning_rate: float = COP(
        0.05,
        "per month",
        "Share of the gap to a more capable contact (capped at potential) closed per meeting",
        plausible=(0.02, 0.08),
    )
    diversity_bonus: float = COP(
        1.0,
        "ratio",
        "Extra learning per unit of profession diversity (Blau index) among a member's contacts",
        allowed=(0, 10),
        plausible=(0.0, 2.0),
    )
    carry_back_rate: float = COP(
        0.01,
        "per month",
        "Share of the gap to their unit's best attending member (capped at potential) that colleagues close",
        plausible=(0.0, 0.03),
    )
    cop_facilitation_cost: float = COP(
        0.25,
        "support units / month",
        "Cost of facilitating one community for a month",
        allowed=(0, 1000),
        plausible=(0.1, 0.35),
    )
    # --- training ------------------------------------------------------------------------------------
    training_places: float = TRAIN(
        0.2,
        "places / unit / month",
        "Formal QI training places per unit per month",
        "assumption, checked against about 650 of 5,000 staff trained in two years (East London NHS FT, reported)",
        allowed=(0, 100),
        plausible=(0.1, 0.3),
    )
    targeted_training: bool = TRAIN(
        False, "flag", "Training places go to units by need instead of by the attention rule", kind=LEVER
    )
    training_gain: float = TRAIN(
        0.3,
        "share",
        "Share of the gap to potential closed by one place, times the capability's teachability",
        plausible=(0.15, 0.45),
    )
    training_cost: float = TRAIN(
        0.1, "support units / place", "Cost of one training place", allowed=(0, 1000), plausible=(0.05, 0.15)
    )
    # --- spreading practice --------------------------------------------------------------------------
    spread_scope: str = SPREAD(
        "within_cop",
        "scope",
        "Which units can adopt a success: none, units sharing a community, or all",
        choices=("none", "within_cop", "organisation"),
        kind=LEVER,
    )
    spread_probability: float = SPREAD(
        0.15,
        "probability",
        "Chance a connected unit adopts a success it looks at, at context capability 1",
        (
            "assumption (about one adoption per success at the defaults; Ferlie et al. 2005 on the "
            "nonspread of innovations)"
        ),
        plausible=(0.05, 0.4),
    )
    spread_fraction: float = SPREAD(
        0.5, "share", "Share of the source's quality gain an adopting unit obtains", plausible=(0.3, 0.7)
    )
    unsupported_spread_discount: float = SPREAD(
        0.5,
        "multiplier",
        "Adoption chance multiplier for a unit that received no attention this month",
        plausible=(0.25, 1.0),
    )
    spread_learning_rate: float = SPREAD(
        0.03,
        "share",
        (
            "Share of the gap to the source unit's level (capped at potential) an adopting unit's staff "
            "close, times teachability (what a practice carries is explicit)"
        ),
        plausible=(0.01, 0.05),
    )
    # --- forgetting and erosion ----------------------------------------------------------------------
    forget_rate: float = ERODE(
        0.004,
        "per month",
        "Share of the excess over the floor lost in a month by capability not used, times teachability (tacit slowest)",
        "assumption (Argote et al. 1990: know-how depreciates)",
        plausible=(0.001, 0.01),
    )
    capability_floor: float = ERODE(
        0.05, "capability", "Level below which unused capability does not decay", plausible=(0.0, 0.1)
    )
    quality_decay: float = ERODE(
        0.082,
        "per month",
        "Monthly decay of quality gains at rollercoaster 0 (times 1 - the unit's rollercoaster)",
        "assumption, calibrated so a third to a half of a gain is lost in a year (Wiltsey Stirman et al. 2012)",
        plausible=(0.065, 0.1),
    )
    # --- outputs -------------------------------------------------------------------------------------
    technical_skill_threshold: float = OUT(
        0.5,
        "capability",
        "Technical skill above which a person counts as QI-skilled",
        plausible=(0.4, 0.6),
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

"""The measurements behind the model's patterns and the ODD's claims table.

Each function runs the model on paired replicate seeds with ``simulation.run_paired`` (every condition
of a measurement shares its seeds, and so its warm-up and month-0 organisation) and returns the
effects, so that the pattern tests (``tests/test_patterns.py``) assert on exactly what the claims
table (``python -m tools.calibrate --write``) reports. Knock-outs go through the model's own hooks
(``simulation.hooks``); nothing here changes the model's state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulation import CAPABILITIES, ModelParams, OrganisationModel, run_paired
from simulation.capabilities import Role
from simulation.hooks import KnockOut, Record

__all__ = [
    "BUDGETS",
    "SKILLS",
    "TEAM_CASES",
    "TURNOVER",
    "budget_dose",
    "exclusivity_gaps",
    "final",
    "halving",
    "paired_t",
    "profession_gap",
    "quartile_gain",
    "skill_dose",
    "team_rules",
    "training_against_support",
    "turnover_dose",
]

BUDGETS = (0.05, 0.1, 0.2, 0.3)
TURNOVER = (0.0, 0.06, 0.12, 0.24)
SKILLS = (0.0, 0.5, 1.0)
TEAM_CASES = (("random", False), ("single_profession", False), ("coverage", False), ("random", True))


def paired_t(differences) -> float:
    """t statistic of the mean of paired differences (infinite when every difference is the same)."""
    d = np.asarray(differences, dtype=float)
    sd = d.std(ddof=1)
    return float(d.mean() / (sd / np.sqrt(d.size))) if sd > 0 else float(np.sign(d.mean()) * np.inf)


def quartile_gain(result, quartile: int) -> float:
    """Change in mean capability, month 0 to the end, of the units in an initial-capability quartile."""
    u = result.units[result.units["initial_quartile"] == quartile]
    by_step = u.groupby("step")["capability"].mean()
    return float(by_step.iloc[-1] - by_step.iloc[0])


def final(result, column: str = "improvement_delivered") -> float:
    """An output's value in the last month of a run's frames."""
    return float(result.model[column].iloc[-1])


def _outputs(model: OrganisationModel) -> dict[str, float]:
    """The model's outputs of its last month (the values its frame's last row holds)."""
    return dict(model.outputs)


def _finals(runs, condition, column: str = "improvement_delivered") -> list[float]:
    return [float(outputs[column]) for outputs in runs.values(condition)]


def budget_dose(seeds: Sequence[int], budgets=BUDGETS) -> dict[str, np.ndarray]:
    """{team rule: (budgets x seeds) improvement delivered; 'floundered': the share of coverage teams'
    projects that floundered at each budget}: 20 units, 72 months."""
    rules = ("random", "coverage", "single_profession")
    conditions = {
        (rule, budget): ModelParams(n_units=20, team_selection=rule, attention_budget=budget)
        for rule in rules
        for budget in budgets
    }
    runs = run_paired(conditions, seeds, n_steps=72, frames=False, measure=_outputs)
    out = {rule: np.array([_finals(runs, (rule, budget)) for budget in budgets]) for rule in rules}
    out["floundered"] = np.array(
        [
            [o["cumulative_floundered"] / max(1.0, o["cumulative_started"]) for o in runs.values(("coverage", b))]
            for b in budgets
        ]
    )
    return out


def turnover_dose(seeds: Sequence[int], rates=TURNOVER) -> np.ndarray:
    """(rates x seeds) mean capability at month 120, every learning route on."""
    runs = run_paired({t: ModelParams(annual_turnover=t) for t in rates}, seeds, frames=False, measure=_outputs)
    return np.array([_finals(runs, t, "mean_capability") for t in rates])


def profession_gap(model: OrganisationModel) -> float:
    """Mean over the tacit SOFFTs (environment, rollercoaster, context) of the standard deviation of
    the five staff professions' mean capability."""
    wf = model.workforce
    role = wf.role[: wf.n_staff]
    tacit = [CAPABILITIES.index(c) for c in ("environment", "rollercoaster", "context")]
    means = np.array([wf.staff[tacit][:, role == r].mean(axis=1) for r in range(Role.SUPPORT + 1)])
    return float(means.std(axis=0).mean())


def exclusivity_gaps(seeds: Sequence[int]) -> dict[str, np.ndarray]:
    """Cross-unit learning at its defaults, cop_exclusivity 0.2 and 0.9: the profession gap at month 0
    ('start') and 120 for each, and the communities' reach (members / staff)."""
    mixed = ModelParams.for_policy("cross_unit_learning", cop_exclusivity=0.2)
    conditions = {0.2: (mixed, Record(profession_gap, (0,))), 0.9: mixed.replace(cop_exclusivity=0.9)}

    def measure(model: OrganisationModel) -> tuple[float, float]:
        return profession_gap(model), model.outputs["cop_members"] / model.outputs["headcount"]

    runs = run_paired(conditions, seeds, frames=False, measure=measure)
    return {
        "start": np.array([run.hooks[0].values[0] for run in runs.of(0.2)]),
        "0.2": np.array([gap for gap, _ in runs.values(0.2)]),
        "0.9": np.array([gap for gap, _ in runs.values(0.9)]),
        "reach": np.array([run.value[1] for run in runs]),  # seed by seed, 0.2 then 0.9
    }


def team_rules(seeds: Sequence[int]) -> dict[tuple[str, bool], np.ndarray]:
    """{(team rule, patients invited): improvement delivered per seed}: defaults (silos), 120 months."""
    conditions = {case: ModelParams(team_selection=case[0], invite_patients=case[1]) for case in TEAM_CASES}
    runs = run_paired(conditions, seeds, frames=False, measure=_outputs)
    return {case: np.array(_finals(runs, case)) for case in TEAM_CASES}


def halving(seeds: Sequence[int]) -> dict[str, np.ndarray]:
    """{capability or 'all six SOFFTs': relative change in improvement delivered per seed} when the
    workforce holds half of it from month 0 (defaults, 120 months)."""
    conditions = {"base": ModelParams()}
    conditions |= {name: (ModelParams(), KnockOut([k])) for k, name in enumerate(CAPABILITIES)}
    conditions["all six SOFFTs"] = (ModelParams(), KnockOut(range(6)))
    runs = run_paired(conditions, seeds, frames=False, measure=_outputs)
    base = np.array(_finals(runs, "base"))
    return {name: np.array(_finals(runs, name)) / base - 1 for name in conditions if name != "base"}


def skill_dose(seeds: Sequence[int], skills=SKILLS) -> np.ndarray:
    """(skills x seeds) capability gain of the bottom initial quartile under active nurturing."""
    conditions = {k: ModelParams.for_policy("active_nurturing", leadership_skill=k) for k in skills}
    runs = run_paired(conditions, seeds)
    return np.array([[quartile_gain(result, 1) for result in runs.results(k)] for k in skills])


def training_against_support(seeds: Sequence[int]) -> dict[str, np.ndarray]:
    """Claim 3: twice the training places, or half as much again leadership support, against the
    defaults: the change in staff mean technical and environment capability at month 120, per seed."""
    columns = ("capability_technical", "capability_environment")
    conditions = {
        "base": ModelParams(),
        "training": ModelParams(training_places=0.4),
        "support": ModelParams(attention_budget=0.45),
    }
    runs = run_paired(conditions, seeds, frames=False, measure=_outputs)
    out = {}
    for label in ("training", "support"):
        for column in columns:
            changed, base = _finals(runs, label, column), _finals(runs, "base", column)
            out[f"{label}:{column.removeprefix('capability_')}"] = np.array(changed) - np.array(base)
    return out

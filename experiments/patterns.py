"""The measurements behind the model's patterns and the ODD's claims table.

Each function runs the model on paired replicate seeds (every condition of a measurement shares its
seeds, and so its warm-up and month-0 organisation) and returns the effects, so that the pattern
tests (``tests/test_patterns.py``) assert on exactly what the claims table
(``python -m experiments.calibrate --write``) reports.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulation import CAPABILITIES, OrganisationModel, run
from simulation.capabilities import Role

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
    return float(result.model[column].iloc[-1])


def budget_dose(seeds: Sequence[int], budgets=BUDGETS) -> dict[str, np.ndarray]:
    """{team rule: (budgets x seeds) improvement delivered; 'floundered': the share of coverage teams'
    projects that floundered at each budget}: 20 units, 72 months."""
    out, floundered = {}, []
    for rule in ("random", "coverage", "single_profession"):
        rows = []
        for budget in budgets:
            results = [run(seed=s, n_steps=72, n_units=20, team_selection=rule, attention_budget=budget) for s in seeds]
            rows.append([final(r) for r in results])
            if rule == "coverage":
                floundered.append(
                    [final(r, "cumulative_floundered") / max(1.0, final(r, "cumulative_started")) for r in results]
                )
        out[rule] = np.array(rows)
    out["floundered"] = np.array(floundered)
    return out


def turnover_dose(seeds: Sequence[int], rates=TURNOVER) -> np.ndarray:
    """(rates x seeds) mean capability at month 120, every learning route on."""
    return np.array([[final(run(seed=s, annual_turnover=t), "mean_capability") for s in seeds] for t in rates])


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
    out: dict[str, list] = {"start": [], "0.2": [], "0.9": [], "reach": []}
    for seed in seeds:
        for exclusivity in (0.2, 0.9):
            model = OrganisationModel(policy="cross_unit_learning", rng=seed, cop_exclusivity=exclusivity)
            if exclusivity == 0.2:
                out["start"].append(profession_gap(model))
            for _ in range(120):
                model.step()
            out[str(exclusivity)].append(profession_gap(model))
            out["reach"].append(model.outputs["cop_members"] / model.outputs["headcount"])
    return {key: np.array(values) for key, values in out.items()}


def team_rules(seeds: Sequence[int]) -> dict[tuple[str, bool], np.ndarray]:
    """{(team rule, patients invited): improvement delivered per seed}: defaults (silos), 120 months."""
    return {
        case: np.array([final(run(seed=s, team_selection=case[0], invite_patients=case[1])) for s in seeds])
        for case in TEAM_CASES
    }


def _halved(seed: int, capabilities) -> float:
    model = OrganisationModel(rng=seed)
    for k in capabilities:  # current level and role potential: newcomers and learning stay halved
        model.workforce.cap[k] *= 0.5
        model.workforce.potential[k] *= 0.5
    for _ in range(120):
        model.step()
    return model.outputs["improvement_delivered"]


def halving(seeds: Sequence[int]) -> dict[str, np.ndarray]:
    """{capability or 'all six SOFFTs': relative change in improvement delivered per seed} when the
    workforce holds half of it from month 0 (defaults, 120 months)."""
    base = np.array([_halved(s, []) for s in seeds])
    out = {name: np.array([_halved(s, [k]) for s in seeds]) / base - 1 for k, name in enumerate(CAPABILITIES)}
    out["all six SOFFTs"] = np.array([_halved(s, range(6)) for s in seeds]) / base - 1
    return out


def skill_dose(seeds: Sequence[int], skills=SKILLS) -> np.ndarray:
    """(skills x seeds) capability gain of the bottom initial quartile under active nurturing."""
    return np.array(
        [[quartile_gain(run(policy="active_nurturing", seed=s, leadership_skill=k), 1) for s in seeds] for k in skills]
    )


def training_against_support(seeds: Sequence[int]) -> dict[str, np.ndarray]:
    """Claim 3: twice the training places, or half as much again leadership support, against the
    defaults: the change in staff mean technical and environment capability at month 120, per seed."""
    columns = ("capability_technical", "capability_environment")
    base = [run(seed=s) for s in seeds]
    trained = [run(seed=s, training_places=0.4) for s in seeds]
    supported = [run(seed=s, attention_budget=0.45) for s in seeds]
    out = {}
    for label, results in (("training", trained), ("support", supported)):
        for column in columns:
            out[f"{label}:{column.removeprefix('capability_')}"] = np.array(
                [final(r, column) - final(b, column) for r, b in zip(results, base, strict=True)]
            )
    return out

"""Capabilities and roles: the six SOFFTs, technical QI skill, and who holds them.

Wright, Gabbay and le May (BMJ Qual Saf 2022;31:450-461) derived six socio-organisational functional
and facilitative tasks (SOFFTs) that frontline teams need beyond technical QI skill. Every person in
the model carries a capability vector over those six plus technical skill, each in [0, 1].

Each person also has a **role potential** on every capability: the level their role can reach with
experience (managers on environment and message; doctors on problem and technical skill; nurses and
allied health professionals on rollercoaster, learning and context; support staff on context;
patient partners on problem and context, low on technical skill). Which role is strong in what, the
teachability of each capability and the potentials' levels are *assumptions* of this project
(``ModelParams``), not figures from the paper: the paper and Martin's editorial say only that the
SOFFTs are spread across kinds of people and that some ("style", "tone") elude formal training.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

__all__ = [
    "CAPABILITIES",
    "ROLE_STRENGTHS",
    "SELF_ORGANISED_COP_ROLES",
    "SOFFTS",
    "SOFFT_TITLES",
    "STAFF_ROLES",
    "TECHNICAL",
    "Role",
    "experiential_weights",
    "potential_matrix",
    "teachability",
]

#: The six SOFFTs, in the order used by every capability array.
SOFFTS: tuple[str, ...] = (
    "environment",
    "rollercoaster",
    "problem",
    "message",
    "learning",
    "context",
)

#: All seven capabilities: the six SOFFTs, then technical QI skill (column 6 of every array).
CAPABILITIES: tuple[str, ...] = (*SOFFTS, "technical")
TECHNICAL: int = CAPABILITIES.index("technical")

SOFFT_TITLES: dict[str, str] = {
    "environment": "Adopting and promulgating the appropriate organisational environment",
    "rollercoaster": "Managing the QI rollercoaster",
    "problem": "Getting the problem right",
    "message": "Getting the right message to the right people",
    "learning": "Enabling learning to occur",
    "context": "Contextualising experience",
    "technical": "Technical QI skills (PDSA, run charts, measurement)",
}


class Role(IntEnum):
    """A person's role. Patients and carers take part in projects and communities, never as staff."""

    NURSE = 0
    DOCTOR = 1
    AHP = 2  # allied health professional
    MANAGER = 3
    SUPPORT = 4  # non-clinical support staff
    PATIENT = 5  # patient or carer partner


STAFF_ROLES: tuple[Role, ...] = (Role.NURSE, Role.DOCTOR, Role.AHP, Role.MANAGER, Role.SUPPORT)

#: Roles that self-organised (unfacilitated) communities of practice recruit from: the clinical
#: professions and managers. Facilitated communities recruit every role (assumption, after
#: Martin 2021 on professional exclusivity and Ferlie et al. 2005).
SELF_ORGANISED_COP_ROLES: tuple[Role, ...] = (Role.NURSE, Role.DOCTOR, Role.AHP, Role.MANAGER)

#: What each role is strong in (the ODD's role table; *assumption*, after Wright et al. 2022 and Martin
#: 2021: the SOFFTs are held by different kinds of people). A role's potential is ``potential_strong`` on
#: these capabilities and ``potential_typical`` on the others, except patient partners' technical skill
#: (``potential_patient_technical``): patients do not do the technical work.
ROLE_STRENGTHS: dict[Role, tuple[str, ...]] = {
    Role.NURSE: ("rollercoaster", "learning", "context"),
    Role.DOCTOR: ("problem", "technical"),
    Role.AHP: ("rollercoaster", "learning", "context"),
    Role.MANAGER: ("environment", "message"),
    Role.SUPPORT: ("context",),
    Role.PATIENT: ("problem", "context"),
}


def potential_matrix(params) -> np.ndarray:
    """(roles x capabilities) role potentials from ``params`` and ``ROLE_STRENGTHS``."""
    table = np.full((len(Role), len(CAPABILITIES)), params.potential_typical)
    for role, strong in ROLE_STRENGTHS.items():
        table[role, [CAPABILITIES.index(c) for c in strong]] = params.potential_strong
    table[Role.PATIENT, TECHNICAL] = params.potential_patient_technical
    return table


def teachability(params) -> np.ndarray:
    """(capabilities,) how far formal training moves each capability (``teachability_*`` fields)."""
    return np.array(params.teachability, dtype=float)


def experiential_weights(params) -> np.ndarray:
    """(capabilities,) weight of the experiential routes (doing, peers, socialisation, mentoring,
    communities) on each capability: ``1 - experiential_tilt x teachability``, so the tacit SOFFTs are
    learned mostly by experience and technical skill mostly by training."""
    return 1.0 - params.experiential_tilt * teachability(params)

"""Capabilities and roles: the six SOFFTs, technical QI skill, and who holds them.

Wright, Gabbay and le May (BMJ Qual Saf 2022;31:450-461) derived six socio-organisational functional
and facilitative tasks (SOFFTs) that frontline teams need beyond technical QI skill. Every person in
the model carries a capability vector over those six plus technical skill, each in [0, 1].

The teachability of each capability (how much formal training can move it) and every role profile
below are *assumptions* of this project, not figures from the paper: the paper and Martin's
editorial say only that some SOFFTs ("style", "tone") elude formal training.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

__all__ = [
    "CAPABILITIES",
    "ROLE_PROFILES",
    "SELF_ORGANISED_COP_ROLES",
    "SOFFTS",
    "SOFFT_TITLES",
    "STAFF_ROLES",
    "TEACHABILITY",
    "TECHNICAL",
    "Role",
    "profile_matrix",
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

#: Share of the gap to 1 that one formal training place can close, per capability (assumption).
TEACHABILITY: np.ndarray = np.array([0.2, 0.3, 0.7, 0.5, 0.5, 0.2, 1.0])
TEACHABILITY.setflags(write=False)


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

#: Relative strength of each role on each capability, multiplied by a unit's maturity to give a
#: member's starting capability (assumption). Order: CAPABILITIES.
ROLE_PROFILES: dict[Role, tuple[float, ...]] = {
    #            env  roller problem message learning context technical
    Role.NURSE: (1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 0.9),
    Role.DOCTOR: (0.9, 0.9, 1.2, 1.0, 1.0, 0.9, 1.1),
    Role.AHP: (1.0, 1.0, 1.0, 0.9, 1.1, 1.0, 1.0),
    Role.MANAGER: (1.3, 1.1, 1.0, 1.3, 1.0, 0.9, 0.9),
    Role.SUPPORT: (0.8, 0.9, 0.8, 0.7, 0.8, 1.1, 0.6),
    Role.PATIENT: (0.8, 0.9, 1.1, 1.0, 0.8, 1.5, 0.4),
}


def profile_matrix() -> np.ndarray:
    """Role profiles as a (roles x capabilities) array, indexed by ``Role`` values."""
    return np.array([ROLE_PROFILES[role] for role in Role], dtype=float)

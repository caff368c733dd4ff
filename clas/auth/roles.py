"""Who may do what: the three roles, the signed-in user, and which named queries each role may run.

No Streamlit here (the CLI and the tests use it). The perimeter of a user is enforced where data is read,
in clas/store/access.py: which named queries a role may run, and `$scope_provider` bound from the user
(`User.scope_provider`): NULL for the service and the élus (whole territory), the provider's name for a
porteur. Pages never pass it themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ROLES = ("elu", "service", "porteur")
ROLE_LABELS = {"elu": "Élu", "service": "Service", "porteur": "Porteur"}
ROLE_HELP = {
    "elu": "indicateurs agrégés (petits effectifs masqués) et rapport annuel",
    "service": "toutes les pages",
    "porteur": "ses imports et ses propres chiffres",
}
SOURCES = ("local", "demo", "sso")


@dataclass(frozen=True)
class User:
    username: str  # login name, or the e-mail address under single sign-on
    name: str  # shown in the sidebar
    role: str  # one of ROLES
    provider: str | None = None  # the porteur's provider (reference name); None for other roles
    source: str = "local"  # local account, demo account or single sign-on

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"rôle inconnu : {self.role!r}")
        if (self.role == "porteur") != bool(self.provider):
            raise ValueError("un compte porteur a un porteur, et lui seul")

    @property
    def scope_provider(self) -> str | None:
        """The provider filter every analytics query applies (None: the whole territory)."""
        return self.provider if self.role == "porteur" else None

    @property
    def aggregates_only(self) -> bool:
        return self.role == "elu"

    @property
    def label(self) -> str:
        role = ROLE_LABELS[self.role]
        return f"{role} — {self.provider}" if self.provider else role

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> User:
        return cls(**{k: d.get(k) for k in ("username", "name", "role", "provider")}, source=d.get("source") or "local")

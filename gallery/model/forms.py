"""The two forms of the model's voltage equation, as registered objects.

Stage: model; imports nothing of the package. Units: v [mV], t [ms]; u and I in the form's
``unit`` (mV/ms in the 2003/2004 form, pA in the 2007 form).

::

    2003/2004 form:  dv/dt   = k2*v**2 + k1*v + k0 - u + I
    2007 form:       C dv/dt = k*(v - vr)*(v - vt) - u + I

Everything that differs between the forms (which keys a preset gives, the spike test it
defaults to, the unit of u and I, the capacitance, the kernel's flag) is a field here, so no
consumer compares form names. ``name`` is what the payload carries (``"form": "2004"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class _Constants(Protocol):
    """What a form reads from a model (a :class:`~gallery.model.preset.Model`)."""

    k2: float
    k1: float
    k0: float
    C: float
    k: float
    vr: float
    vt: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Form:
    """One form of the voltage equation.

    ``keys`` are the form's own constants in table order and ``defaults`` the values of those
    that may be left out (``(key, value)`` pairs; the 2007 constants have none).
    ``u_offset_key`` names the constant that ``u_v_offset`` defaults to (``vr`` in the 2007
    form, where U(v) = b (v - vr)); None means it defaults to 0.
    """

    name: str
    label: str
    unit: str
    keys: tuple[str, ...]
    defaults: tuple[tuple[str, float], ...]
    spike_test: str
    u_offset_key: str | None
    factored: bool  # F(v) = k (v - vr)(v - vt) with a capacitance C, else the quadratic

    @property
    def kernel_flag(self) -> float:
        """``ModelParams.form_2007``: 1.0 selects the factored form in the kernels."""
        return 1.0 if self.factored else 0.0

    def default(self, key: str) -> float | None:
        """The default of one of the form's keys, None when it must be given."""
        return dict(self.defaults).get(key)

    def capacitance(self, model: _Constants) -> float:
        """The factor in front of v' (C in the 2007 form, 1 in the 2003/2004 form)."""
        return model.C if self.factored else 1.0

    def coefficients(self, model: _Constants) -> tuple[float, float, float]:
        """``(A, B, C0)`` of ``F(v) = A v^2 + B v + C0``."""
        if self.factored:
            return model.k, -model.k * (model.vr + model.vt), model.k * model.vr * model.vt
        return model.k2, model.k1, model.k0

    def default_u_offset(self, model: object) -> float:
        """The ``u_v_offset`` a preset of this form has when it does not set one."""
        return 0.0 if self.u_offset_key is None else float(getattr(model, self.u_offset_key))


FORM_2004 = Form(
    name="2004",
    label="2003/2004 form",
    unit="mV/ms",
    keys=("k2", "k1", "k0"),
    defaults=(("k2", 0.04), ("k1", 5.0), ("k0", 140.0)),
    spike_test=">",
    u_offset_key=None,
    factored=False,
)
FORM_2007 = Form(
    name="2007",
    label="2007 form",
    unit="pA",
    keys=("C", "k", "vr", "vt"),
    defaults=(),
    spike_test=">=",
    u_offset_key="vr",
    factored=True,
)
FORMS = {form.name: form for form in (FORM_2004, FORM_2007)}
"""The forms by payload name."""


def form_named(name: str) -> Form:
    """The registered form called ``name``; ``ValueError`` for another name."""
    try:
        return FORMS[name]
    except KeyError:
        raise ValueError(f"unknown form {name!r} (known: {', '.join(FORMS)})") from None


def form_of(keys: object) -> Form:
    """The form of a preset table: the 2007 form when it gives the capacitance C."""
    return FORM_2007 if FORM_2007.keys[0] in keys else FORM_2004  # type: ignore[operator]

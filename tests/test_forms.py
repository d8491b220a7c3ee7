"""The registered forms of the voltage equation (gallery.model.forms)."""

import pytest

import gallery
from gallery.model.catalogue import Model
from gallery.model.forms import FORM_2004, FORM_2007, FORMS, form_named, form_of


def test_payload_names_and_the_registry():
    assert list(FORMS) == ["2004", "2007"]
    assert (FORM_2004.name, FORM_2007.name) == ("2004", "2007")
    assert form_named("2007") is FORM_2007
    with pytest.raises(ValueError, match="known: 2004, 2007"):
        form_named("2003")


def test_a_model_given_a_form_name_holds_the_form():
    model = Model(form="2004", a=0.02, b=0.2, c=-65.0, d=6.0, v_peak=30.0)
    assert model.form is FORM_2004
    with pytest.raises(ValueError, match="unknown form"):
        Model(form="1952", a=0.02, b=0.2, c=-65.0, d=6.0, v_peak=30.0)


def test_every_preset_has_the_form_its_keys_say():
    for preset in gallery.load().presets:
        model = preset.model
        assert model.form is (FORM_2007 if model.C != 1.0 or model.k != 0.0 else FORM_2004)
        assert model.form.spike_test in (">", ">=")
        assert model.form.default_u_offset(model) == (model.vr if model.form.factored else 0.0)


def test_form_of_a_table():
    assert form_of({"C": 100, "k": 0.7}) is FORM_2007
    assert form_of({"k2": 0.04}) is FORM_2004


def test_coefficients_capacitance_and_units():
    rs = gallery.preset("rs-2007").model
    a2, a1, a0 = FORM_2007.coefficients(rs)
    v = -50.0
    assert a2 * v * v + a1 * v + a0 == pytest.approx(rs.k * (v - rs.vr) * (v - rs.vt))
    assert FORM_2007.capacitance(rs) == rs.C
    tonic = gallery.preset("tonic-spiking").model
    assert FORM_2004.coefficients(tonic) == (0.04, 5.0, 140.0)
    assert FORM_2004.capacitance(tonic) == 1.0
    assert (FORM_2004.unit, FORM_2007.unit) == ("mV/ms", "pA")
    assert (FORM_2004.kernel_flag, FORM_2007.kernel_flag) == (0.0, 1.0)


def test_defaults_are_those_of_the_model():
    for key in FORM_2004.keys:
        assert FORM_2004.default(key) == Model.__dataclass_fields__[key].default
    assert all(FORM_2007.default(key) is None for key in FORM_2007.keys)

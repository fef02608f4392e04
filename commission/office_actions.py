"""Office actions: one table from an action's name to its form and its service call.

A back-office page offers actions (invoice the fee, reschedule a hearing, publish a ruling). Each is an
``OfficeAction``: the form that collects its input (or none) and the service call that does it, given
the object acted on, the actor and the form's cleaned data. ``perform`` validates the form, calls the
service, and puts a service's refusal on the form; the view decides what the page then shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_errors
from tenants.accounts.actors import Actor

TargetT = TypeVar("TargetT")


@dataclass(frozen=True)
class OfficeAction(Generic[TargetT]):
    #: The form of the action's input, or None for an action without input.
    form_class: type[forms.BaseForm] | None
    #: The service call: ``call(target, actor, cleaned_data)``.
    call: Callable[[TargetT, Actor, dict[str, Any]], object]

    def build_form(self, *args: Any, **kwargs: Any) -> forms.BaseForm | None:
        """The action's form (bound when given the request's data), or None without input."""
        return self.form_class(*args, **kwargs) if self.form_class is not None else None


@dataclass(frozen=True)
class Outcome:
    """What became of an action: done (with the service's result) or not, and why not."""

    ok: bool
    form: forms.BaseForm | None = None
    #: What the service returned (the object made or changed).
    result: Any = None
    #: The service's refusal; None when it was done or the form was invalid.
    error: ValidationError | None = None


#: The actions of one page, by the name in its URL or in the posted form.
OfficeActions = Mapping[str, OfficeAction[TargetT]]


def perform(action: OfficeAction[TargetT], *, target: TargetT, actor: Actor, form: forms.BaseForm | None) -> Outcome:
    """Validate ``form`` and call the action's service with its cleaned data. A refusal of the service
    (``ValidationError``) is put on the form, on the field it names where the form has that field."""
    if form is not None and not form.is_valid():
        return Outcome(ok=False, form=form)
    data: dict[str, Any] = form.cleaned_data if form is not None else {}
    try:
        result = action.call(target, actor, data)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
        return Outcome(ok=False, form=form, error=exc)
    return Outcome(ok=True, form=form, result=result)


def form_errors(form: forms.BaseForm | None) -> list[str]:
    """A form's errors as one message per field, for pages that show them as messages."""
    if form is None:
        return []
    return [" ".join(str(error) for error in errors) for errors in form.errors.values()]

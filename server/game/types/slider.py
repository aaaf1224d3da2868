"""A number picked on a slider, graded by how close it is to the answer."""
from __future__ import annotations

from . import fields
from .base import QuestionType, refuse

MAX_STEPS = 100_000
MAX_UNIT = 12
MAX_ABS = 1e9   # well inside what an answer message may carry
EPSILON = 1e-9


def _tidy(value: float) -> int | float:
    """Drop float noise (0.1 + 0.2) and show whole numbers as integers."""
    value = round(value, 9)
    return int(value) if value == int(value) else value


class Slider(QuestionType):
    name = "slider"
    keys = frozenset({"min", "max", "step", "unit", "tolerance", "margin"})

    def declare(self, errors, path, q):
        choices = fields.no_choices(errors, path, q, "slider questions")
        values = {}
        for key, default in (("min", None), ("max", None), ("step", 1), ("answer", None),
                             ("tolerance", 0)):
            value = q.get(key, default)
            if not fields.is_number(value) or abs(value) > MAX_ABS:
                errors.append(f"{path}.{key}: must be a number from {-MAX_ABS:g} to {MAX_ABS:g}")
                return choices, None, {}
            values[key] = value
        low, high, step = values["min"], values["max"], values["step"]
        answer, tolerance = values["answer"], values["tolerance"]
        unit = fields.text(errors, f"{path}.unit", q.get("unit"), MAX_UNIT, required=False)
        if high <= low:
            errors.append(f"{path}.max: must be greater than min")
            return choices, None, {}
        steps = (high - low) / step if step > 0 else -1
        if step <= 0:
            errors.append(f"{path}.step: must be greater than 0")
        elif abs(steps - round(steps)) > EPSILON * max(1, steps) or steps > MAX_STEPS:
            errors.append(f"{path}.step: must divide max - min into at most {MAX_STEPS} steps")
        if not low <= answer <= high:
            errors.append(f"{path}.answer: must be between min and max")
        if tolerance < 0:
            errors.append(f"{path}.tolerance: must not be negative")
        margin = q.get("margin", max((high - low) / 10, tolerance))
        if not fields.is_number(margin) or margin < tolerance:
            errors.append(f"{path}.margin: must be a number at least the tolerance")
        elif step > 0 and abs(self._snap(low, step, answer) - answer) > tolerance + EPSILON:
            errors.append(f"{path}.answer: no value on the slider's steps is within the "
                          f"tolerance of the answer; widen the tolerance or change step")
        return choices, answer, {"min": low, "max": high, "step": step, "unit": unit,
                                 "tolerance": tolerance, "margin": margin}

    @staticmethod
    def _snap(low, step, value):
        return _tidy(low + round((value - low) / step) * step)

    def public(self, question):
        o = question.options
        return {"choices": [], "min": o["min"], "max": o["max"], "step": o["step"],
                "unit": o["unit"]}

    def clean(self, question, value):
        o = question.options
        if not fields.is_number(value):
            refuse("answer must be a number")
        if not o["min"] <= value <= o["max"]:
            refuse(f"answer must be between {o['min']} and {o['max']}")
        return min(max(self._snap(o["min"], o["step"], value), o["min"]), o["max"])

    def grade(self, question, answer):
        o = question.options
        off = abs(answer - question.answer)
        if off <= o["tolerance"] + EPSILON:
            return 1.0
        if off >= o["margin"]:
            return 0.0
        return (o["margin"] - off) / (o["margin"] - o["tolerance"])

    def reveal(self, question):
        o = question.options
        return {"value": question.answer, "tolerance": o["tolerance"], "margin": o["margin"]}

    @staticmethod
    def bin_count(question) -> int:
        """10 to 20 bins; one whose edges fall on the slider's steps when there is one."""
        o = question.options
        steps = round((o["max"] - o["min"]) / o["step"])
        return next((n for n in range(20, 9, -1) if steps % n == 0), 10)

    def distribution(self, question, answers, shown):
        o = question.options
        low, high, n = o["min"], o["max"], self.bin_count(question)
        width = (high - low) / n
        counts = [0] * n
        for a in answers:
            if fields.is_number(a) and low <= a <= high:
                counts[min(int((a - low) / width + EPSILON), n - 1)] += 1
        return {"bins": [{"from": _tidy(low + i * width), "to": _tidy(low + (i + 1) * width),
                          "count": c} for i, c in enumerate(counts)],
                "min": low, "max": high}

    def right_answer(self, question):
        exact = self.export(question, question.answer)
        tolerance = question.options["tolerance"]
        return f"{exact} (± {tolerance})" if tolerance else exact

    def export(self, question, answer):
        if answer is None:
            return ""
        unit = question.options.get("unit")
        return f"{answer} {unit}" if unit else str(answer)

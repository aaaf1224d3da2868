"""Questions answered by picking: single, truefalse, poll and multi."""
from __future__ import annotations

from . import fields
from .base import QuestionType, refuse

TRUE_FALSE = ("True", "False")
MEDIA_PATH = "/media/"  # as model.MEDIA_PATH (model imports this package)


def choice_index(question, value) -> int:
    if not fields.is_int(value):
        refuse("answer must be a choice index (integer)")
    if not 0 <= value < len(question.choices):
        refuse(f"choice {value} out of range for {len(question.choices)} choices")
    return value


def count_per_choice(question, answers) -> list[int]:
    counts = [0] * len(question.choices)
    for a in answers:
        for i in (a if isinstance(a, list) else [a]):
            if 0 <= i < len(counts):
                counts[i] += 1
    return counts


def public_choice(choice):
    """A choice as players get it: text, or {image: url, alt} for a picture."""
    if isinstance(choice, dict):
        return {"image": MEDIA_PATH + choice["image"], "alt": choice["alt"]}
    return choice


class Single(QuestionType):
    name = "single"
    image_choices = True  # a choice may be {"image": hash, "alt": text}
    shuffled = True

    def choices(self, errors, path, q):
        return fields.choice_list(errors, f"{path}.choices", q.get("choices"),
                                  images=self.image_choices)

    def public(self, question):
        return {"choices": [public_choice(c) for c in question.choices]}

    def declare(self, errors, path, q):
        choices = self.choices(errors, path, q)
        fields.index(errors, f"{path}.answer", q.get("answer"), len(choices))
        return choices, q.get("answer"), {}

    def clean(self, question, value):
        return choice_index(question, value)

    def grade(self, question, answer):
        return 1.0 if answer == question.answer else 0.0

    def reveal(self, question):
        return question.answer

    def distribution(self, question, answers, shown):
        return count_per_choice(question, answers)

    def export(self, question, answer):
        if answer is None:
            return ""
        picked = answer if isinstance(answer, list) else [answer]
        return " | ".join(fields.choice_label(question.choices[i])
                          if 0 <= i < len(question.choices) else str(i) for i in picked)


class TrueFalse(Single):
    name = "truefalse"
    shuffled = False  # True stays before False

    def choices(self, errors, path, q):
        if q.get("choices") not in (None, list(TRUE_FALSE)):
            errors.append(f'{path}.choices: must be ["True", "False"] for truefalse')
        return TRUE_FALSE


class Poll(Single):
    name = "poll"
    label = "polls"
    scored = False
    image_choices = False

    def declare(self, errors, path, q):
        choices = self.choices(errors, path, q)
        if q.get("answer") is not None:
            errors.append(f"{path}.answer: polls have no answer; use null")
        return choices, None, {}

    def reveal(self, question):
        return None


class Multi(Single):
    name = "multi"
    partial_credit = True

    def declare(self, errors, path, q):
        choices = self.choices(errors, path, q)
        answer = q.get("answer")
        if not isinstance(answer, list) or not answer:
            errors.append(f"{path}.answer: must be a non-empty list of choice indexes")
            return choices, (), {}
        for i, a in enumerate(answer):
            fields.index(errors, f"{path}.answer[{i}]", a, len(choices))
        picked = tuple(sorted(a for a in answer if fields.is_int(a)))
        if len(set(map(repr, answer))) != len(answer):
            errors.append(f"{path}.answer: repeats an index")
        elif choices and len(picked) >= len(choices):
            errors.append(f"{path}.answer: cannot mark every choice correct")
        return choices, picked, {}

    def clean(self, question, value):
        if not isinstance(value, list) or not value:
            refuse("answer must be a non-empty list of choice indexes")
        picked = sorted({choice_index(question, v) for v in value})
        if len(picked) != len(value):
            refuse("answer repeats a choice")
        return picked

    def grade(self, question, answer):
        correct, picked = set(question.answer), set(answer)
        if picked == correct:
            return 1.0
        if not question.partial:
            return 0.0
        # a share of the right choices found, minus the same share of the wrong ones
        # ticked: ticking every choice nets 1 - 1 = 0, however many are right
        wrong_choices = len(question.choices) - len(correct)
        found = len(picked & correct) / len(correct)
        mistaken = len(picked - correct) / wrong_choices
        return max(0.0, found - mistaken)

    def reveal(self, question):
        return list(question.answer)

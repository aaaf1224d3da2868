"""Items to put in order; sent in a shuffled order, fixed per room and question.

The pack lists the items in the correct order. At room creation each order
question is dealt a permutation (``options["sent"]``: the pack index of the item
shown at each position), stored with the room's quiz, so every player, worker
and restart sees the same order, and it is never the correct one. Answers and
the reveal speak of positions in the sent order.
"""
from __future__ import annotations

from . import fields
from .base import QuestionType, refuse

MIN_ITEMS = 2


def sent_order(question) -> tuple[int, ...]:
    sent = question.options.get("sent")
    if sent:
        return tuple(sent)
    n = len(question.choices)  # not dealt (a question outside any room): rotate by one
    return tuple((i + 1) % n for i in range(n))


class Order(QuestionType):
    name = "order"
    partial_credit = True

    def declare(self, errors, path, q):
        choices = fields.choice_list(errors, f"{path}.choices", q.get("choices"), MIN_ITEMS)
        if q.get("answer") is not None:
            errors.append(f"{path}.answer: order questions have no answer field; list the "
                          f"choices in the correct order")
        return choices, None, {}

    def deal(self, question, rng):
        n = len(question.choices)
        sent = list(range(n))
        while sent == sorted(sent):
            rng.shuffle(sent)
        return {"sent": sent}

    def public(self, question):
        return {"choices": [question.choices[i] for i in sent_order(question)]}

    def clean(self, question, value):
        n = len(question.choices)
        if (not isinstance(value, list) or len(value) != n
                or not all(fields.is_int(v) for v in value)):
            refuse(f"answer must list all {n} item indexes in your order")
        if sorted(value) != list(range(n)):
            refuse(f"answer must use each index from 0 to {n - 1} exactly once")
        return value

    def _placed(self, question, answer) -> list[bool]:
        """Per position: is the right item there?"""
        sent = sent_order(question)
        return [sent[shown] == position for position, shown in enumerate(answer)]

    def grade(self, question, answer):
        placed = self._placed(question, answer)
        if all(placed):
            return 1.0
        return sum(placed) / len(placed) if question.partial else 0.0

    def reveal(self, question):
        sent = sent_order(question)
        return sorted(range(len(sent)), key=lambda shown: sent[shown])

    def distribution(self, question, answers, shown):
        by_position, exact = [0] * len(question.choices), 0
        for a in answers:
            placed = self._placed(question, a)
            exact += all(placed)
            for i, right in enumerate(placed):
                by_position[i] += right
        return {"exact": exact, "by_position": by_position}

    def spread(self, question, answers, shown):
        """Which item each player put first, by position as sent: how many got a
        place right would give the order away."""
        first = [0] * len(question.choices)
        for a in answers:
            if a:
                first[a[0]] += 1
        return {"first": first}

    def export(self, question, answer):
        if answer is None:
            return ""
        shown = self.public(question)["choices"]
        return " > ".join(shown[i] for i in answer)

"""The pack format's pictures: question image + alt, image choices, the public view."""
from __future__ import annotations

import pytest

from server.game.model import Settings, apply_settings
from server.game.pack import PackError, parse_quiz, parse_settings, quiz_from_json

H1, H2 = "a" * 64, "b" * 64


def quiz(**question):
    q = {"type": "single", "text": "Which?", "choices": ["x", "y"], "answer": 0, **question}
    return {"title": "t", "questions": [q]}


def errors_of(data) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_quiz(data)
    return caught.value.errors


def test_question_image_and_alt_reach_the_public_view_as_a_media_url():
    parsed = parse_quiz(quiz(image=H1, image_alt="a cat"))
    view = parsed.questions[0].public()
    assert view["image"] == f"/media/{H1}" and view["image_alt"] == "a cat"
    assert view["image_on_devices"] is False
    assert "image" not in parse_quiz(quiz()).questions[0].public()


def test_image_choices_are_sent_as_url_and_alt_and_round_trip_through_storage():
    parsed = parse_quiz(quiz(choices=[{"image": H1, "alt": "cat"}, "dog"], type="multi",
                             answer=[0]))
    assert parsed.questions[0].public()["choices"] == [{"image": f"/media/{H1}", "alt": "cat"},
                                                      "dog"]
    stored = quiz_from_json(parsed.to_json())
    assert stored.questions[0].public() == parsed.questions[0].public()


@pytest.mark.parametrize("question, says", [
    ({"image": "https://evil.example/x.png"}, "questions[0].image: must be the hash of an uploaded image"),
    ({"image": H1.upper()}, "questions[0].image: must be the hash"),
    ({"choices": [{"image": H1}, "y"]}, "questions[0].choices[0].alt: must be a string"),
    ({"choices": [{"image": H1, "alt": " "}, "y"]}, "questions[0].choices[0].alt: must not be empty"),
    ({"choices": [{"image": H1, "alt": "a", "src": "x"}, "y"]}, "questions[0].choices[0].src: unknown field"),
    ({"choices": [{"image": H1, "alt": "a"}, {"image": H1, "alt": "b"}]}, "questions[0].choices: duplicate choices"),
    ({"type": "poll", "answer": None, "choices": [{"image": H1, "alt": "a"}, "y"]}, "questions[0].choices[0]: must be a string"),
    ({"type": "order", "answer": None, "choices": [{"image": H1, "alt": "a"}, "y"]}, "questions[0].choices[0]: must be a string"),
])
def test_bad_pictures_are_named_by_path(question, says):
    assert any(e.startswith(says) for e in errors_of(quiz(**question))), errors_of(quiz(**question))


def test_show_images_on_devices_is_folded_into_the_questions_at_room_creation():
    settings = parse_settings({"show_images_on_devices": True}, 100)
    assert settings.show_images_on_devices is True
    assert parse_settings(None, 100).show_images_on_devices is False
    parsed = apply_settings(parse_quiz(quiz(image=H2)), settings)
    assert parsed.questions[0].public()["image_on_devices"] is True
    assert quiz_from_json(parsed.to_json()).questions[0].image_on_devices is True
    with pytest.raises(PackError) as caught:
        parse_settings({"show_images_on_devices": "yes"}, 100)
    assert caught.value.errors == ["settings.show_images_on_devices: must be true or false"]
    assert Settings().show_images_on_devices is False


def test_results_export_names_an_image_choice_by_its_alt_text():
    from server.game.types import kind
    q = parse_quiz(quiz(choices=[{"image": H1, "alt": "cat"}, "dog"])).questions[0]
    assert kind(q).export(q, 0) == "cat"

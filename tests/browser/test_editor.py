"""The quiz editor in a real browser: a host writes a quiz of several question types,
reorders it by keyboard and by dragging, sees the validator's errors under the fields,
watches it autosave, meets another tab's newer save, is asked before leaving unsaved
work, previews a question as the phone and the projector show it, and plays it.

The library and the editor must fit 1366x768 (a laptop), 1024x768 and 820x1180 (a
tablet either way up) with nothing outside the window or on top of anything else.
Screenshots go to test-artifacts/screenshots/<test>/.
"""
from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from tests.browser.flows import quiz_pack

pytestmark = pytest.mark.live

LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}


def new_quiz(tab, expect) -> str:
    """From the library page, "+ New quiz" opens the editor on an empty draft."""
    page = tab.page
    page.set_viewport_size(LAPTOP)
    page.goto("/quizzes")
    page.get_by_role("button", name="+ New quiz").click()
    page.wait_for_url(re.compile(r"/quizzes/[^/]+/edit$"))
    expect(page.locator("#save-state")).to_have_text("Saved")
    return page.url.split("/")[-2]


def add_question(page, type_label: str, text: str) -> None:
    page.get_by_label("Type of the new question").select_option(label=type_label)
    page.get_by_role("button", name="+ Add").click()
    page.get_by_label("Question text").fill(text)


def fill_choices(page, *labels: str) -> None:
    form = page.locator("#q-form")
    for i, label in enumerate(labels):
        form.get_by_label(f"Choice {i + 1}", exact=True).fill(label)


def saved(page, expect) -> None:
    expect(page.locator("#save-state")).to_have_text("Saved", timeout=15_000)


def stored(page, quiz_id: str) -> dict:
    return page.request.get(f"/api/library/{quiz_id}").json()


def question_titles(page) -> list[str]:
    return page.locator("#q-list .q-snippet").all_inner_texts()


def test_write_reorder_fix_preview_and_play_a_quiz(tabs, expect, shots):
    host = tabs("host", "host")
    page = host.page
    quiz_id = new_quiz(host, expect)

    page.get_by_label("Quiz title").fill("Space quiz")
    page.get_by_label("Tags").fill("space, science")
    page.get_by_label("Description").fill("Planets and stars.")

    add_question(page, "Single choice", "Which planet is called the Red Planet?")
    fill_choices(page, "Venus", "Mars", "Jupiter", "Saturn")
    page.locator("#q-form").get_by_label("Choice 2 is right").check()
    page.get_by_label("Explanation (optional)").fill("Iron oxide dust makes it red.")

    add_question(page, "Several right answers", "Which of these are gas giants?")
    fill_choices(page, "Jupiter", "Mars", "Saturn", "Venus")
    page.locator("#q-form").get_by_label("Choice 1 is right").check()
    page.locator("#q-form").get_by_label("Choice 3 is right").check()
    page.get_by_label("Partial credit for a partly right answer").check()
    page.get_by_label("Points").select_option("double")

    add_question(page, "Typed answer", "What is the chemical symbol for gold?")
    page.get_by_label("Accepted answer 1", exact=True).fill("Au")
    page.get_by_role("button", name="Add an accepted answer").click()
    page.get_by_label("Accepted answer 2", exact=True).fill("Aurum")
    page.get_by_label("Forgive one typo in answers of 5 letters or more").check()

    add_question(page, "Guess a number", "How many moons does Mars have?")
    page.get_by_label("Lowest value").fill("0")
    page.get_by_label("Highest value").fill("10")
    page.get_by_label("Right answer", exact=True).fill("2")

    add_question(page, "Put in order", "Order these from the Sun")
    form = page.locator("#q-form")
    form.get_by_label("Choice 1", exact=True).fill("Mercury")
    form.get_by_label("Choice 2", exact=True).fill("Earth")
    form.get_by_label("Choice 3", exact=True).fill("Venus")
    # Venus belongs second: Alt+ArrowUp moves the item the keyboard is on
    form.get_by_label("Choice 3", exact=True).press("Alt+ArrowUp")
    expect(form.get_by_label("Choice 2", exact=True)).to_have_value("Venus")
    expect(form.get_by_label("Choice 2", exact=True)).to_be_focused()

    add_question(page, "Poll", "Best planet?")
    fill_choices(page, "Earth", "Saturn")  # the third choice is left empty on purpose

    # the save's error lands under the empty choice, and in the summary at the top
    saved(page, expect)
    third = page.locator("#q-form").get_by_label("Choice 3", exact=True)
    expect(third).to_have_attribute("aria-invalid", "true")
    note = page.locator("#q-form .field-error")
    expect(note).to_have_text("Choice 3 is empty")
    assert third.get_attribute("aria-describedby") == note.get_attribute("id")
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link", name="Question 6: choice 3 is empty")).to_be_visible()
    shots(host, "laptop-error-next-to-field")
    page.evaluate("window.scrollTo(0, 0)")
    shots(host, "laptop-error-summary")

    # the summary's link goes to the field, from another question too
    page.locator("#q-list .q-pick").first.click()
    summary.get_by_role("link", name="Question 6: choice 3 is empty").click()
    expect(third).to_be_focused()
    third.fill("Mars")
    saved(page, expect)
    expect(page.locator("#q-form .field-error")).to_have_count(0)
    expect(third).not_to_have_attribute("aria-invalid", "true")
    expect(summary).to_be_hidden()

    # reorder by keyboard: the poll (6th) goes up one, and a screen reader hears it
    page.locator("#q-list .q-pick").nth(5).press("Alt+ArrowUp")
    expect(page.locator("#q-live")).to_have_text("Question moved from position 6 to position 5 of 6.")
    expect(page.locator("#q-list .q-pick").nth(4)).to_be_focused()
    # ...and by dragging: the first question's handle dropped below the third
    handle = page.locator("#q-list .q-handle").first
    target = page.locator("#q-list .q-item").nth(2).bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 5, target["y"] + target["height"] * 0.75, steps=8)
    page.mouse.up()
    expect(page.locator("#q-live")).to_have_text("Question moved from position 1 to position 3 of 6.")
    assert question_titles(page) == [
        "Which of these are gas giants?", "What is the chemical symbol for gold?",
        "Which planet is called the Red Planet?", "How many moons does Mars have?",
        "Best planet?", "Order these from the Sun"]
    saved(page, expect)

    quiz = stored(page, quiz_id)
    assert quiz["errors"] == []
    assert (quiz["title"], quiz["tags"], quiz["description"]) == (
        "Space quiz", ["space", "science"], "Planets and stars.")
    by_type = {q["type"]: q for q in quiz["questions"]}
    assert [q["type"] for q in quiz["questions"]] == [
        "multi", "text", "single", "slider", "poll", "order"]
    assert by_type["single"]["choices"] == ["Venus", "Mars", "Jupiter", "Saturn"]
    assert by_type["single"]["answer"] == 1
    assert by_type["single"]["explanation"] == "Iron oxide dust makes it red."
    assert (by_type["multi"]["answer"], by_type["multi"]["partial"],
            by_type["multi"]["points"]) == ([0, 2], True, "double")
    assert (by_type["text"]["answer"], by_type["text"]["fuzzy"]) == (["Au", "Aurum"], True)
    assert (by_type["slider"]["min"], by_type["slider"]["max"],
            by_type["slider"]["answer"]) == (0, 10, 2)
    assert by_type["order"]["choices"] == ["Mercury", "Venus", "Earth"]
    assert by_type["poll"]["choices"] == ["Earth", "Saturn", "Mars"]
    assert "points" not in by_type["poll"]

    # the preview draws the question with the phone's and the projector's own renderers
    page.locator("#q-list .q-pick").nth(2).click()
    phone = page.locator("#preview-phone")
    expect(phone.locator("#q-buttons").get_by_role("button")).to_have_count(4)
    expect(phone.locator(".q-text")).to_have_text("Which planet is called the Red Planet?")
    expect(page.locator("#preview-screen #q-choices li")).to_have_text(
        ["Venus", "Mars", "Jupiter", "Saturn"])
    phone.get_by_role("button", name="Mars").click()
    expect(page.locator("#preview-sent")).to_have_text("The phone would send: 1")
    shots(host, "laptop-single")
    page.locator("#q-list .q-pick").nth(3).click()
    expect(phone.locator("#q-slider")).to_be_visible()
    expect(page.locator("#preview-screen .text-prompt")).to_have_text(
        "Guess on your phone: between 0 and 10")

    page.set_viewport_size(TABLET)
    page.locator("#q-list .q-pick").nth(5).click()
    expect(phone.locator("#q-order")).to_be_visible()
    shots(host, "tablet-order")
    page.set_viewport_size({"width": 768, "height": 1024})
    shots(host, "tablet-portrait-order")
    page.set_viewport_size(LAPTOP)

    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_url(re.compile(r"/host/[0-9]{6}$"))
    expect(page.locator("#quiz-title")).to_have_text("Space quiz")
    expect(page.get_by_role("button", name="Start the game")).to_be_visible()


def test_a_newer_save_in_another_tab_offers_reload_or_copy(tabs, expect, shots, live):
    first = tabs("host", "first")
    first.expect_console_error(r"status of 409")
    quiz_id = new_quiz(first, expect)
    add_question(first.page, "Typed answer", "Capital of France?")
    first.page.get_by_label("Accepted answer 1", exact=True).fill("Paris")
    saved(first.page, expect)

    second = tabs("host", "second")
    second.expect_console_error(r"status of 409")
    second.page.set_viewport_size(LAPTOP)
    second.page.goto(f"/quizzes/{quiz_id}/edit")
    expect(second.page.get_by_label("Question text")).to_have_value("Capital of France?")

    first.page.get_by_label("Quiz title").fill("Saved in the first tab")
    saved(first.page, expect)
    second.page.get_by_label("Quiz title").fill("Typed in the second tab")
    conflict = second.page.get_by_role("alertdialog", name="Another window saved this quiz")
    expect(conflict).to_be_visible()
    expect(second.page.locator("#save-state")).to_have_text("Not saved: a newer version exists")
    shots(second, "laptop-conflict")
    # nothing was overwritten
    assert stored(second.page, quiz_id)["title"] == "Saved in the first tab"

    second.page.get_by_role("button", name="Reload theirs").click()
    expect(conflict).to_be_hidden()
    expect(second.page.get_by_label("Quiz title")).to_have_value("Saved in the first tab")
    expect(second.page.locator("#save-state")).to_have_text("Saved")

    # the second tab saves on from the reloaded version; then the first tab is behind
    second.page.get_by_label("Question text").fill("Capital city of France?")
    saved(second.page, expect)
    first.page.get_by_label("Question text").fill("What is the capital of France?")
    conflict = first.page.get_by_role("alertdialog", name="Another window saved this quiz")
    expect(conflict).to_be_visible()
    first.page.get_by_role("button", name="Keep mine as a copy").click()
    first.page.wait_for_url(lambda url: url.endswith("/edit") and f"/{quiz_id}/" not in url)
    copy_id = first.page.url.split("/")[-2]
    assert copy_id != quiz_id
    expect(first.page.get_by_label("Quiz title")).to_have_value("Saved in the first tab (my copy)")
    expect(first.page.get_by_label("Question text")).to_have_value("What is the capital of France?")
    assert stored(first.page, quiz_id)["questions"][0]["text"] == "Capital city of France?"
    assert first.dialogs == []  # leaving for the copy asks nothing: the copy holds the work


def test_leaving_with_unsaved_changes_asks_first(tabs, expect):
    host = tabs("host", "host")
    page = host.page
    quiz_id = new_quiz(host, expect)
    page.get_by_label("Quiz title").fill("Not saved yet")
    page.get_by_role("link", name="← All quizzes").click()  # within the autosave's second
    page.wait_for_timeout(300)
    assert host.dialogs == ["beforeunload: "], host.dialogs
    assert page.url.endswith(f"/quizzes/{quiz_id}/edit")  # the host chose to stay
    saved(page, expect)
    assert stored(page, quiz_id)["title"] == "Not saved yet"
    page.get_by_role("link", name="← All quizzes").click()
    page.wait_for_url(re.compile(r"/quizzes$"))
    assert len(host.dialogs) == 1  # saved: nothing to ask
    expect(page.get_by_role("link", name="Not saved yet", exact=True)).to_be_visible()


def test_library_search_duplicate_delete_and_restore(tabs, expect, shots):
    host = tabs("host", "host")
    page = host.page
    page.set_viewport_size(TABLET)
    for title, tags in (("Rivers of Europe", ["geography"]), ("Prime numbers", ["maths"])):
        reply = page.request.post("/api/library", data={"title": title, "tags": tags})
        assert reply.status == 201, reply.text()
    page.goto("/quizzes")
    cards = page.locator("#quizzes .quiz-card:not(.is-builtin) .quiz-card-title")
    expect(cards).to_have_text(["Prime numbers", "Rivers of Europe"])
    expect(page.locator(".quiz-card.is-builtin").first).to_be_visible()  # the bundled packs
    shots(host, "tablet-library")

    page.get_by_label("Search by title").fill("river")
    expect(page.locator("#quizzes .quiz-card-title")).to_have_text(["Rivers of Europe"])
    page.get_by_label("Search by title").fill("")
    page.get_by_label("Tag", exact=True).select_option("maths")
    expect(page.locator("#quizzes .quiz-card-title")).to_have_text(["Prime numbers"])
    page.get_by_label("Tag", exact=True).select_option("")

    page.get_by_role("button", name="Duplicate “Rivers of Europe”").click()
    expect(page.locator("#status")).to_have_text("Made “Rivers of Europe (copy)”.")
    page.get_by_role("button", name="Delete “Prime numbers”").click()
    expect(page.locator("#status")).to_contain_text("Deleted “Prime numbers”: it stays in the trash until")
    expect(cards).to_have_text(["Rivers of Europe (copy)", "Rivers of Europe"])

    page.get_by_role("button", name="Trash").click()
    expect(page.get_by_role("heading", name="Trash (kept 30 days)")).to_be_visible()
    expect(page.locator("#quizzes .quiz-card-title")).to_have_text(["Prime numbers"])
    page.get_by_role("button", name="Restore “Prime numbers”").click()
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator("#empty")).to_have_text("The trash is empty.")
    page.get_by_role("button", name="← Back to my quizzes").click()
    expect(cards).to_have_count(3)


def png(colour: str, size=(320, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def choose_file(page, button, name: str, mime: str, content: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": content}])


def test_pictures_for_a_question_and_its_choices(tabs, expect, shots):
    host = tabs("host", "host")
    host.expect_console_error(r"status of 400")  # the refused SVG
    page = host.page
    quiz_id = new_quiz(host, expect)
    page.get_by_label("Quiz title").fill("Pictures")
    add_question(page, "Single choice", "Which one is Mars?")

    choose_file(page, page.get_by_role("button", name="Add a picture"), "mars.png", "image/png",
                png("firebrick"))
    expect(page.locator("#qf-image img")).to_be_visible()
    page.get_by_label("Picture description (alt text)").fill("A red planet")

    form = page.locator("#q-form")
    choose_file(page, form.get_by_role("button", name="Choice 1: use a picture"), "a.png",
                "image/png", png("orange", (200, 200)))
    form.get_by_label("Choice 1: picture description (alt text)").fill("An orange disc")
    form.get_by_label("Choice 2", exact=True).fill("Mars")
    form.get_by_label("Choice 2 is right").check()

    # a picture the server refuses says why, next to the form
    choose_file(page, form.get_by_role("button", name="Choice 3: use a picture"), "evil.svg",
                "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    expect(page.locator("#image-status")).to_contain_text("evil.svg was not added:")
    form.get_by_label("Choice 3", exact=True).fill("Venus")
    form.get_by_label("Choice 4", exact=True).fill("Jupiter")
    saved(page, expect)

    q = stored(page, quiz_id)["questions"][0]
    assert re.fullmatch(r"[0-9a-f]{64}", q["image"]) and q["image_alt"] == "A red planet"
    assert q["choices"][0]["alt"] == "An orange disc"
    assert q["choices"][1:] == ["Mars", "Venus", "Jupiter"]
    assert page.request.get(f"/media/{q['choices'][0]['image']}").status == 200

    phone = page.locator("#preview-phone")
    expect(phone.get_by_role("button", name="An orange disc")).to_be_visible()
    expect(page.locator("#preview-screen .q-image img")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shots(host, "laptop-pictures")
    page.set_viewport_size(TABLET)
    shots(host, "tablet-pictures")


def test_import_a_pack_and_see_a_bad_sheet_refused(tabs, expect):
    host = tabs("host", "host")
    host.expect_console_error(r"status of 400")  # the refused sheet
    page = host.page
    page.set_viewport_size(LAPTOP)
    page.goto("/quizzes")
    expect(page.locator(".quiz-card.is-builtin").first).to_be_visible()
    choose_file(page, page.get_by_role("button", name="Import a file…"), "pack.json",
                "application/json", json.dumps(quiz_pack()).encode())
    expect(page.locator("#status")).to_have_text("Imported “Browser test quiz” (5 questions).")
    expect(page.get_by_role("link", name="Browser test quiz", exact=True)).to_be_visible()

    sheet = "Question,Answer 1,Answer 2,Time limit,Correct answer(s)\nSky colour?,Blue,Red,20,5\n"
    choose_file(page, page.get_by_role("button", name="Import a file…"), "bad.csv", "text/csv",
                sheet.encode())
    errors = page.locator("#import-errors")
    expect(errors.locator(".errors-title")).to_contain_text("bad.csv was not imported:")
    expect(errors.locator("li").first).to_contain_text("row 2")


def test_duplicate_delete_undo_and_a_draft_that_cannot_be_played(tabs, expect):
    host = tabs("host", "host")
    host.expect_console_error(r"status of 400")  # play refuses the draft
    page = host.page
    quiz_id = new_quiz(host, expect)
    page.get_by_label("Quiz title").fill("Drafts")
    add_question(page, "True or false", "The Sun is a star.")
    page.get_by_role("button", name="Duplicate", exact=True).click()
    expect(page.locator("#q-edit-title")).to_have_text("Question 2 of 2")
    page.get_by_label("Question text").fill("The Moon is a star.")
    page.locator("#q-form").get_by_label("Choice 2 is right").check()
    page.locator("#q-list .q-pick").first.click()
    page.get_by_role("button", name="Delete", exact=True).click()
    assert question_titles(page) == ["The Moon is a star."]
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    page.get_by_role("button", name="Undo").click()
    assert question_titles(page) == ["The Sun is a star.", "The Moon is a star."]
    saved(page, expect)
    questions = stored(page, quiz_id)["questions"]
    assert [(q["text"], q["answer"]) for q in questions] == [
        ("The Sun is a star.", 0), ("The Moon is a star.", 1)]

    # a question with no text yet, added after the selected (first) one: the quiz saves
    # as a draft, but cannot be played
    add_question(page, "Word cloud", "")
    page.get_by_role("button", name="▶ Play").click()
    expect(page.locator("#play-error")).to_contain_text("This quiz cannot be played yet")
    expect(page.locator("#error-summary").get_by_role("link")).to_have_text(
        ["Question 2: the question text is empty"])
    assert page.url.endswith(f"/quizzes/{quiz_id}/edit")
    # the top bar's export links download the stored quiz
    reply = page.request.get(page.locator("#export-json").get_attribute("href"))
    assert reply.status == 200 and "attachment" in reply.headers["content-disposition"]
    assert reply.json()["title"] == "Drafts"


def test_a_questions_tags_survive_an_edit_and_a_change_of_type(tabs, expect):
    host = tabs("host", "host")
    page = host.page
    page.set_viewport_size(LAPTOP)
    reply = page.request.post("/api/library", data={"title": "Tagged", "questions": [
        {"type": "single", "text": "Largest planet?", "choices": ["Mars", "Jupiter"],
         "answer": 1, "tags": ["planets", "year 9"]}]})
    assert reply.status == 201, reply.text()
    quiz_id = reply.json()["id"]
    page.goto(f"/quizzes/{quiz_id}/edit")
    expect(page.get_by_label("Question text")).to_have_value("Largest planet?")

    # one keystroke in an imported question's text, then the autosave
    page.get_by_label("Question text").fill("Which is the largest planet?")
    saved(page, expect)
    q = stored(page, quiz_id)["questions"][0]
    assert (q["text"], q.get("tags")) == ("Which is the largest planet?", ["planets", "year 9"])

    # the tags are shown and edited like the quiz's own, and a new type keeps them
    tags = page.get_by_label("Question tags (optional)")
    expect(tags).to_have_value("planets, year 9")
    tags.fill("planets, year 9 , gas giants,")
    page.get_by_label("Question type").select_option(label="Poll")
    expect(page.get_by_label("Question tags (optional)")).to_have_value(
        "planets, year 9, gas giants")
    saved(page, expect)
    q = stored(page, quiz_id)["questions"][0]
    assert (q["type"], q["choices"], q.get("tags")) == (
        "poll", ["Mars", "Jupiter"], ["planets", "year 9", "gas giants"])


def test_info_slide_word_cloud_time_limits_and_slider_settings_survive_a_reload(
        tabs, expect, shots):
    host = tabs("host", "host")
    page = host.page
    quiz_id = new_quiz(host, expect)
    page.get_by_label("Quiz title").fill("Summer")
    form = page.locator("#q-form")

    add_question(page, "Info slide", "Round two: the seaside")
    page.get_by_label("Time limit (seconds)").fill("8")
    expect(form.get_by_label("Points")).to_be_hidden()  # a slide scores nothing

    add_question(page, "Word cloud", "One word for the beach?")
    page.get_by_label("Time limit (seconds)").fill("45")

    add_question(page, "Guess a number", "How warm is the sea in August?")
    page.get_by_label("Lowest value").fill("-5")
    page.get_by_label("Highest value").fill("35")
    page.get_by_label("Step").fill("0.5")
    page.get_by_label("Unit (optional)").fill("°C")
    page.get_by_label("Right answer", exact=True).fill("21.5")
    page.get_by_label("Counts as right within ±").fill("1")
    page.get_by_label("Some points within ±").fill("4.5")
    page.get_by_label("Time limit (seconds)").fill("90")
    saved(page, expect)
    shots(host, "laptop-slider-settings")

    # an existing info slide and word cloud edited again: the text changes are kept
    page.locator("#q-list .q-pick").nth(0).click()
    expect(page.get_by_label("Question text")).to_have_value("Round two: the seaside")
    page.get_by_label("Question text").fill("Round two: the seaside.\nPens down, eyes up!")
    page.locator("#q-list .q-pick").nth(1).click()
    page.get_by_label("Question text").fill("One word for the beach at sunset?")
    expect(page.locator("#preview-screen")).to_contain_text("One word for the beach at sunset?")
    saved(page, expect)

    quiz = stored(page, quiz_id)
    assert quiz["errors"] == []
    info, cloud, slider = quiz["questions"]
    assert (info["type"], info["text"], info["time_limit"]) == (
        "info", "Round two: the seaside.\nPens down, eyes up!", 8)
    assert (cloud["type"], cloud["text"], cloud["time_limit"]) == (
        "wordcloud", "One word for the beach at sunset?", 45)
    assert {k: slider[k] for k in ("type", "min", "max", "step", "unit", "answer",
                                   "tolerance", "margin", "time_limit")} == {
        "type": "slider", "min": -5, "max": 35, "step": 0.5, "unit": "°C", "answer": 21.5,
        "tolerance": 1, "margin": 4.5, "time_limit": 90}

    # a reload draws every field back from the stored quiz
    page.reload()
    expect(page.locator("#save-state")).to_have_text("Saved")
    assert question_titles(page) == ["Round two: the seaside. Pens down, eyes up!",
                                     "One word for the beach at sunset?",
                                     "How warm is the sea in August?"]
    page.locator("#q-list .q-pick").nth(0).click()
    expect(page.get_by_label("Question text")).to_have_value(
        "Round two: the seaside.\nPens down, eyes up!")
    expect(page.get_by_label("Time limit (seconds)")).to_have_value("8")
    page.locator("#q-list .q-pick").nth(1).click()
    expect(page.get_by_label("Question text")).to_have_value("One word for the beach at sunset?")
    expect(page.get_by_label("Time limit (seconds)")).to_have_value("45")
    page.locator("#q-list .q-pick").nth(2).click()
    for label, value in (("Lowest value", "-5"), ("Highest value", "35"), ("Step", "0.5"),
                         ("Unit (optional)", "°C"), ("Counts as right within ±", "1"),
                         ("Some points within ±", "4.5"), ("Time limit (seconds)", "90")):
        expect(page.get_by_label(label)).to_have_value(value)
    expect(page.get_by_label("Right answer", exact=True)).to_have_value("21.5")
    expect(page.locator("#preview-screen .text-prompt")).to_have_text(
        "Guess on your phone: between -5.0°C and 35.0°C")  # to the step's decimals
    assert stored(page, quiz_id)["version"] == quiz["version"]  # the reload saved nothing


TABLET_PORTRAIT = {"width": 820, "height": 1180}


def test_library_and_editor_fit_a_laptop_and_a_tablet_at_the_longest_a_quiz_allows(
        tabs, expect, shots):
    from tests.browser.layout import at_rest, layout_problems
    from tests.browser.test_screens_fit import STICKY, longest_pack, prose
    host = tabs("host", "host")
    page = host.page
    pack = longest_pack()
    reply = page.request.post("/api/library", data={
        "title": pack["title"], "description": prose(500, seed=5),
        "tags": [prose(40, seed=i).rstrip("?") for i in range(10)],
        "questions": pack["questions"]})
    assert reply.status == 201, reply.text()
    quiz_id = reply.json()["id"]
    page.request.post("/api/library", data={"title": "Short", "tags": ["x"]})
    problems: list[str] = []
    for where, size in (("laptop", LAPTOP), ("tablet", TABLET), ("tablet-portrait",
                                                                  TABLET_PORTRAIT)):
        page.set_viewport_size(size)
        page.goto("/quizzes")
        expect(page.locator("#quizzes .quiz-card")).not_to_have_count(0)
        at_rest(host)
        problems += [f"library: {p}" for p in layout_problems(host, scroll=True)]
        shots(host, f"{where}-library")

        page.goto(f"/quizzes/{quiz_id}/edit")
        expect(page.locator("#q-list .q-pick")).to_have_count(len(pack["questions"]))
        for i, q in enumerate(pack["questions"]):
            page.locator("#q-list .q-pick").nth(i).click()
            of = f"Question {i + 1} of {len(pack['questions'])}"
            expect(page.locator("#q-edit-title")).to_have_text(of)
            expect(page.locator("#preview-phone .q-counter")).to_have_text(of)  # redrawn
            at_rest(host)
            # as on a real phone, the send bar stays over the choices it scrolls past
            problems += [f"editor, {q['type']}: {p}" for p in layout_problems(host, scroll=True)
                         if not ("overlap" in p and STICKY.search(p))]
            if q["type"] in ("single", "slider"):
                page.evaluate("window.scrollTo(0, 0)")
                shots(host, f"{where}-editor-{q['type']}")
            if q["type"] == "wordcloud":  # a short form, the page scrolled to its pick
                shots(host, f"{where}-editor-{q['type']}-scrolled")
    assert problems == [], "\n".join(problems)

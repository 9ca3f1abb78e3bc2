"""Lesson files: the built-in lesson reads, and a malformed file is named at its place."""

from __future__ import annotations

import json

import pytest

from gradviz.gui.lesson.lesson_file import (
    BUILT_IN, LessonError, LessonUnreadable, builtin_names, load_lesson, paragraphs, parse_lesson,
)
from gradviz.paths import resource_path

SEED_CHAPTERS = [
    "The line and its sliders", "Fitting by hand", "Predicting", "L1 and L2 loss", "The loss landscape",
    "The derivative", "Partial derivatives and the gradient vector", "The learning rate", "Gradient descent",
    "The sigmoid", "Neurons in parallel",
]


def test_the_built_in_lesson_follows_the_seed_in_order():
    lesson = load_lesson(BUILT_IN)
    assert [c.title for c in lesson.chapters] == SEED_CHAPTERS
    assert lesson.key == BUILT_IN and BUILT_IN in builtin_names()
    assert resource_path("lessons", f"{BUILT_IN}.toml").is_file()
    rate = lesson.chapters[7]
    assert rate.setup["lr"] == 0.01 and "too high" in rate.text and rate.check.kind == "rate"
    assert lesson.chapters[0].setup["preset"] == "lesson"
    assert lesson.chapters[2].setup["predict_x"] == (-3.0,)  # the seed's new x (6.28 is the question)
    assert "6.28" in lesson.chapters[2].question.ask
    assert lesson.chapters[5].setup["derivative_x"] == 0  # the seed's start: slope 1.3


def _doc(**chapter_changes) -> dict:
    ch = {"title": "One", "text": "Try this.", "setup": {"preset": "lesson", "lr": 0.001}}
    ch.update(chapter_changes)
    return {"title": "T", "chapters": [{"title": "Zero", "text": "x"}, {"title": "Two", "text": "y"}, ch]}


def _refused(doc, *needles, name="my.json"):
    with pytest.raises(LessonError) as err:
        parse_lesson(json.dumps(doc).encode(), name, json_format=True)
    for n in needles:
        assert n in str(err.value), str(err.value)
    return str(err.value)


def test_a_bad_value_is_named_at_its_place():
    msg = _refused(_doc(setup={"lr": "x"}), "my.json, chapters[3].setup.lr: must be a number", "got 'x'")
    assert msg.count("\n") == 0


@pytest.mark.parametrize("changes, needles", [
    ({"setup": {"lr": -1}}, ("chapters[3].setup.lr", "> 0")),
    ({"setup": {"preset": "nope"}}, ("chapters[3].setup.preset", "one of lesson")),
    ({"setup": {"lrr": 0.1}}, ("chapters[3].setup.lrr", "unknown key", "allowed: preset")),
    ({"setup": {"start": [1]}}, ("chapters[3].setup.start", "list of 2 numbers")),
    ({"setup": {"start": [1, 2], "network_example": 4}}, ("chapters[3].setup.start", "network_example")),
    ({"setup": {"residuals": "yes"}}, ("chapters[3].setup.residuals", "true or false")),
    ({"setup": {"show": ["nope"]}}, ("chapters[3].setup.show[1]", "one of landscape3d")),
    ({"question": {"ask": "?", "choices": ["a", "b"], "answer": 3}}, ("chapters[3].question.answer", "1 to 2")),
    ({"question": {"ask": "?", "choices": ["a"], "answer": 1}}, ("chapters[3].question.choices", "two or more")),
    ({"question": {"choices": ["a", "b"], "answer": 1}}, ("chapters[3].question", "'ask' is missing")),
    ({"check": {"kind": "magic"}}, ("chapters[3].check.kind", "one of fit")),
    ({"check": {"kind": "fit"}}, ("chapters[3].check", "'within_percent' is missing")),
    ({"check": {"kind": "setting", "name": "loss", "equals": "l3"}}, ("chapters[3].check.equals", "l1, l2, mse")),
    ({"title": ""}, ("chapters[3].title", "must be some text")),
])
def test_malformed_chapters(changes, needles):
    _refused(_doc(**changes), *needles)


def test_a_missing_title_and_no_chapters():
    _refused({"chapters": [{"title": "a", "text": "b"}]}, "my.json, the file: the key 'title' is missing")
    _refused({"title": "T", "chapters": []}, "my.json, chapters: must be a list of one or more")
    _refused({"title": "T", "chapters": [{"text": "b"}]}, "chapters[1]: the key 'title' is missing")


def test_bad_toml_and_bad_json_name_the_line():
    with pytest.raises(LessonError, match=r"my\.toml: not valid TOML: .*line 2"):
        parse_lesson(b'title = "T"\nchapters = = 1\n', "my.toml")
    with pytest.raises(LessonError, match=r"my\.json, line 2, column 1: not valid JSON"):
        parse_lesson(b'{"title": "T",\n}', "my.json", json_format=True)
    with pytest.raises(LessonError, match=r"my\.toml: not UTF-8"):
        parse_lesson(b"title = '\xff'", "my.toml")


def test_files_that_cannot_be_read_at_all(tmp_path):
    with pytest.raises(LessonUnreadable, match="no such lesson file"):
        load_lesson(str(tmp_path / "gone.toml"))
    with pytest.raises(LessonUnreadable, match="is a folder"):
        load_lesson(str(tmp_path))


def test_a_teachers_toml_file(tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text('title = "Mine"\n[[chapters]]\ntitle = "Only"\ntext = """\nline one\nline two\n\nnext"""\n'
                 '[chapters.check]\nkind = "fit"\nwithin_percent = 3\n')
    lesson = load_lesson(str(p))
    assert lesson.key == str(p.resolve()) and lesson.source_name == "mine.toml"
    assert lesson.chapters[0].text == "line one line two\n\nnext"
    assert lesson.chapters[0].check.options == {"within_percent": 3.0}


def test_paragraphs():
    assert paragraphs("  a\n  b\n   \n c\n") == "a b\n\nc"

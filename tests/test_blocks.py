"""Rules of the StreamField blocks that editors fill in."""

from datetime import time

import pytest

from django.test import SimpleTestCase

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from resources.blocks import FaqBodyBlock, OpeningHoursBlock


def question(text, anchor=""):
    return {"question": text, "answer": "<p>An answer.</p>", "anchor": anchor, "featured": False}


class FaqBodyBlockTests(SimpleTestCase):
    def clean(self, *questions):
        block = FaqBodyBlock()
        value = block.to_python(
            [{"type": "question", "value": item, "id": str(i)} for i, item in enumerate(questions)]
        )
        return block.clean(value)

    def test_questions_without_a_link_name_get_one_from_the_question(self):
        """A new question gets a permalink made from its words, unique on the page."""
        cleaned = self.clean(question("Who can help me?"), question("Who can help me?"))
        assert [child.value["anchor"] for child in cleaned] == ["who-can-help-me", "who-can-help-me-2"]
        assert cleaned[0].value.anchor_id == "who-can-help-me"

    def test_a_chosen_link_name_is_kept_when_the_question_changes(self):
        """Editing the question's words keeps the link people may have shared."""
        cleaned = self.clean(question("Who can help me today?", anchor="who-can-help"))
        assert cleaned[0].value.anchor_id == "who-can-help"

    def test_two_questions_cannot_share_a_link_name(self):
        """A duplicate link name is reported on the second question's link-name field."""
        with pytest.raises(StreamBlockValidationError) as caught:
            self.clean(question("One?", anchor="same"), question("Two?", anchor="same"))
        errors = caught.value.as_json_data()["blockErrors"]
        assert "already uses the link name" in str(errors[1])

    def test_a_page_needs_at_least_one_question(self):
        """An empty FAQ page is refused."""
        with pytest.raises(StreamBlockValidationError):
            self.clean()


class OpeningHoursBlockTests(SimpleTestCase):
    def test_hours_must_open_and_close_at_different_times(self):
        """Same opening and closing time points the editor to “Open 24/7”."""
        block = OpeningHoursBlock()
        value = block.to_python({"days": ["mon"], "opens": "09:00", "closes": "09:00"})
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(value)
        assert "24/7" in str(caught.value.as_json_data())

    def test_day_labels_follow_the_week(self):
        """Days show in week order whatever order they were ticked in."""
        block = OpeningHoursBlock()
        value = block.clean(block.to_python({"days": ["fri", "mon"], "opens": "09:00", "closes": "17:00"}))
        assert [str(label) for label in value.day_labels] == ["Monday", "Friday"]
        assert value["opens"] == time(9, 0)

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .choices import Category, Cost


class ServiceFilterForm(forms.Form):
    """The directory's filters: a plain GET form, so a filtered list works without JavaScript and can be shared."""

    category = forms.ChoiceField(label=_("Kind of help"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    cost = forms.MultipleChoiceField(
        label=_("Cost"),
        required=False,
        choices=[(Cost.FREE, Cost.FREE.label), (Cost.SLIDING_SCALE, Cost.SLIDING_SCALE.label)],
        widget=forms.CheckboxSelectMultiple,
    )
    open_24_7 = forms.BooleanField(label=_("Open 24/7"), required=False)
    confidential = forms.BooleanField(label=_("Confidential"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Any kind of help")), *Category.choices]
        languages = sorted(
            apps.get_model("resources", "Language").objects.all(), key=lambda language: language.name.casefold()
        )
        self.fields["language"].choices = [("", _("Any language"))] + [
            (language.code, language.name.capitalize()) for language in languages
        ]

    def filter(self, services):
        """Apply every filter that was filled in correctly; a wrong value is reported and left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("category"):
            services = services.filter(categories__slug=data["category"])
        if data.get("language"):
            services = services.filter(languages__code=data["language"])
        if data.get("cost"):
            services = services.filter(cost__in=data["cost"])
        if data.get("open_24_7"):
            services = services.filter(open_24_7=True)
        if data.get("confidential"):
            services = services.filter(confidential=True)
        return services

    @property
    def is_filtered(self):
        return any(getattr(self, "cleaned_data", {}).values())

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    SLIDING_SCALE = "sliding_scale", _("Sliding scale (based on income)")
    INSURANCE = "insurance", _("Insurance or Medicaid accepted")
    FEE = "fee", _("Fee charged")
    UNKNOWN = "unknown", _("Ask about cost")


class Category(models.TextChoices):
    HEALTH_CARE = "health-care", _("Health care")
    COUNSELLING = "counselling", _("Counselling")
    ADDICTION_TREATMENT = "addiction-treatment", _("Addiction treatment")
    HARM_REDUCTION = "harm-reduction", _("Harm reduction")
    HOUSING = "housing", _("Housing and shelter")
    LEGAL_HELP = "legal-help", _("Legal help")
    JOBS_EDUCATION = "jobs-education", _("Jobs and education")
    EXIT_PROGRAMMES = "exit-programmes", _("Leaving the sex trade")
    FAITH_BASED = "faith-based", _("Faith-based outreach")
    PREVENTION = "prevention", _("Prevention and education")
    YOUTH = "youth", _("Young people")
    REPORTING = "reporting", _("Reporting and law enforcement")
    FOOD_BASICS = "food-basics", _("Food and basic needs")
    COMMUNITY = "community", _("Neighbourhood and community")

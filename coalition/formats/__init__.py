"""Dates and times as this site writes them, where Django's own formats for a language are not the site's
(settings FORMAT_MODULE_PATH; Django falls back to its own module for every format not set here).

Spanish: 12-hour times, "7 p. m.", "9:30 a. m.", "mediodía", "medianoche" (docs/spanish-style.md), where Django's
Spanish formats are 24-hour ("19:00"). Django writes a.m. and p.m. through its catalogue, whose Spanish is "a.m."
and "p.m."; this site's catalogue (locale/es) gives "a. m." and "p. m." instead, as the Real Academia Española
and US and Mexican style guides write them. The two strings are named here so that `make messages` keeps them.
"""

from django.utils.translation import gettext_noop

MERIDIEMS = (gettext_noop("a.m."), gettext_noop("p.m."))

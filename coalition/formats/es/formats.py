"""Spanish: Django's formats, but 12-hour times ("7 p. m.", "9:30 a. m.") as US and Mexican readers write them."""

# P: the hour, the minutes unless zero, then "a. m." or "p. m."; "mediodía" and "medianoche" for 12:00 and 0:00.
TIME_FORMAT = "P"
# Without "a las": the article would have to agree with the hour ("a la 1 p. m.", "a las 2 p. m.").
DATETIME_FORMAT = r"j \d\e F \d\e Y, P"
SHORT_DATETIME_FORMAT = "d/m/Y P"

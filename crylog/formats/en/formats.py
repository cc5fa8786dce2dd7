# English, for everyone crylog serves in English: it cannot tell an American from a Briton
# (LANGUAGES has "en" alone), so it writes what both read at once. Dates name their month,
# day first ("4 Dec 2026"), never in figures alone, where 04/12 is April to one reader and
# December to the other. Times and weeks are English as Django and CLDR have it: the 12-hour
# clock, written "3:30 PM" as CLDR does (Django's "p.m." would end a sentence in "p.m.."),
# with a space that never breaks, and weeks that start on Sunday.
DATE_FORMAT = "j F Y"  # 4 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 4 Dec 2026
TIME_FORMAT = "g:i\u00a0A"  # 3:30 PM, 12:30 AM
DATETIME_FORMAT = "j F Y, g:i\u00a0A"  # 4 December 2026, 3:30 PM
SHORT_DATETIME_FORMAT = "j M Y, g:i\u00a0A"  # 4 Dec 2026, 3:30 PM
MONTH_DAY_FORMAT = "j F"  # 4 December
# crylog's own names (docs/translation.md): a cry's heading, and its line in a list.
WEEKDAY_DATETIME_FORMAT = "l j F, g:i\u00a0A"  # Friday 4 December, 3:30 PM
SHORT_WEEKDAY_DATETIME_FORMAT = "D j M, g:i\u00a0A"  # Fri 4 Dec, 3:30 PM
SHORT_MONTH_DAY_FORMAT = "j M"  # 4 Dec: the weekly chart's time axis
PERCENT_FORMAT = "{}%"  # 12%
FIRST_DAY_OF_WEEK = 0  # Sunday

# Spanish: the 24-hour clock, weeks from Monday (Django's), months in lower case and
# shortened without a full stop, as in "4 dic 2026" (CLDR's es).
DATE_FORMAT = r"j \d\e F \d\e Y"  # 4 de diciembre de 2026
SHORT_DATE_FORMAT = "j b Y"  # 4 dic 2026
TIME_FORMAT = "H:i"  # 15:30
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"  # 4 de diciembre de 2026, 15:30
SHORT_DATETIME_FORMAT = "j b Y, H:i"  # 4 dic 2026, 15:30
MONTH_DAY_FORMAT = r"j \d\e F"  # 4 de diciembre
WEEKDAY_DATETIME_FORMAT = r"l j \d\e F, H:i"  # viernes 4 de diciembre, 15:30
SHORT_WEEKDAY_DATETIME_FORMAT = "D j b, H:i"  # vie 4 dic, 15:30
SHORT_MONTH_DAY_FORMAT = "j b"  # 4 dic
PERCENT_FORMAT = "{}\u00a0%"  # 12 %, with a space that never breaks (CLDR's es)
FIRST_DAY_OF_WEEK = 1  # Monday

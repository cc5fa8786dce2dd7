# German: the 24-hour clock, weeks from Monday (Django's), and months shortened as German
# writes them, with a full stop where letters are left out ("4. Dez. 2026", "4. März 2026").
DATE_FORMAT = "j. F Y"  # 4. Dezember 2026
SHORT_DATE_FORMAT = "j. N Y"  # 4. Dez. 2026
TIME_FORMAT = "H:i"  # 15:30
DATETIME_FORMAT = "j. F Y, H:i"  # 4. Dezember 2026, 15:30
SHORT_DATETIME_FORMAT = "j. N Y, H:i"  # 4. Dez. 2026, 15:30
MONTH_DAY_FORMAT = "j. F"  # 4. Dezember
WEEKDAY_DATETIME_FORMAT = "l, j. F, H:i"  # Freitag, 4. Dezember, 15:30
SHORT_WEEKDAY_DATETIME_FORMAT = "D., j. N, H:i"  # Fr., 4. Dez., 15:30
SHORT_MONTH_DAY_FORMAT = "j. N"  # 4. Dez.
PERCENT_FORMAT = "{}\u00a0%"  # 12 %, with a space that never breaks (CLDR's de)
FIRST_DAY_OF_WEEK = 1  # Monday

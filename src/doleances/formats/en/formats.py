"""English as read anywhere, not only in the United States: the day before the month, the month
in words, a 24-hour clock ("16 December 2026, 14:05"; short "16 Dec 2026"). "12/02/2026" means
12 February to a British reader and 2 December to an American one, so no format here has slashes,
neither shown nor accepted. What is not set here (numbers) comes from Django's English formats."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first format is the one a form shows; Django also accepts the ISO forms (2026-12-16).
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-16
    "%d %B %Y",  # 16 December 2026
    "%d %b %Y",  # 16 Dec 2026
    "%B %d %Y",  # December 16 2026
    "%B %d, %Y",  # December 16, 2026
    "%b %d, %Y",  # Dec 16, 2026
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",  # 2026-12-16 14:05
    "%Y-%m-%d %H:%M:%S",
    "%d %B %Y %H:%M",  # 16 December 2026 14:05
    "%d %B %Y, %H:%M",  # 16 December 2026, 14:05
    "%d %b %Y %H:%M",  # 16 Dec 2026 14:05
    "%d %b %Y, %H:%M",  # 16 Dec 2026, 14:05
]

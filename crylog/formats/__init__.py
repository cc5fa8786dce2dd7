"""How crylog writes dates, times and numbers in each language: Django's format modules
(``FORMAT_MODULE_PATH``), read before Django's own for the language. Each module holds only
what crylog changes or adds; the rest (separators, grouping) is Django's.

docs/translation.md ("Dates, times and numbers") says what each language gets and why.
"""

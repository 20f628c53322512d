"""Named date and number formats per language (FORMAT_MODULE_PATH).

Templates and messages name a format (`|date:"DATE_FORMAT"`, `date_format(day)`) and never
spell one out, so every page writes a date the same way and English gets its own style.
What a module leaves out falls back to Django's own locale module.
"""

"""The domain: the agreement, its parties and its money, as values and pure functions.

No I/O, no printing, no option names: the modules here import only each other, pydantic
(the models) and the leaf modules (``errors``, ``text``). Errors are domain errors; the
command line words them as options (``errors.FieldError``).
"""

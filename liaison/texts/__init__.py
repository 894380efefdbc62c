"""UI text per area: each module here defines TEXT = {key: (ja, en)}; liaison.i18n merges them.

One module per area keeps pages written in parallel from editing one shared dictionary.
"""

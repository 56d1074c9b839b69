"""Presentation: the one place that lays a Reply out, for Discord (``discord``) or a terminal (``text``)."""

"""The studies app's pages: the researcher's (``researcher``), the participant's
(``participant``) and the export (``export``)."""

"""The shareable report (HTML and PDF) built from an `Assessment`; see `magcheck.reports.render`."""

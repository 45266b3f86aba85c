"""The history service: people, food log, supplements, check-ins and labs over time.

Every interface (CLI, web pages, REST API, reports) calls these modules; they validate the input, name
the field at fault (`InputError`/`NotFoundError`, messages in ``locales/*/history.toml``), and make each
change in one transaction (`magcheck.storage.work`), so a bad value writes nothing. People are referred
to by name; with no name given the current person (`person use`) is used, or the only person if there is
just one.

`from_log.record_input` turns the record into an `AssessmentInput`: intake from the last N logged days
(the snapshot stored with each entry, as daily totals: more days give the IOM method a tighter
estimate), the latest answer to each sign from recent check-ins, recent supplements as an average daily
regimen, and the latest lab value.
"""

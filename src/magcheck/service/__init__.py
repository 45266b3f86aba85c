"""The one service layer: one function per view, called by the CLI, the web pages, the API and the reports.

Each module holds the views of one subject (`assessment`, `plan`, `requirements`, `foods`, `signs`, ...);
an adapter imports the module it needs, so two interfaces showing the same view cannot disagree.
"""

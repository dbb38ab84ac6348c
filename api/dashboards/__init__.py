"""Staff dashboards in the console: the programme's figures and the assistant's quality,
as charts with their tables, per role (``pages.py``), counted by the capabilities."""

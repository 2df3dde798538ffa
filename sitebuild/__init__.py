"""Build-time helpers for the site's hooks: Markdown generated from the project's data, importable and tested
on their own so the MkDocs hooks in hooks/ stay thin."""

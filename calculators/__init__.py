"""The site's calculators (post ratio, grade equivalent, allowance eligibility).

Pure functions over the rules data, run natively under pytest and in the browser under Pyodide. The
calculators themselves arrive with their own issue; this package is importable so the layout is in place.
"""

__all__: list[str] = []

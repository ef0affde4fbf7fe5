"""Exports: chart images, data files with metadata, and the CYP Board briefing pack.

Every export reads the `VIEWS` registry (dashboard.views), so a number in a PNG, a workbook, a
PDF or a PowerPoint deck is the number the page shows for the same filters. Nothing here imports
Dash: the `/data/` routes, the `/briefing` page and the command line
(`python -m dashboard.exports`) all call these functions.
"""

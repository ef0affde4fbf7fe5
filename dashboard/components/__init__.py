"""Reusable pieces of UI: the app shell, filter bar, KPI cards and the Chart | Table | Download card."""

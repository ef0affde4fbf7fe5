"""The Dash dashboard: pages, figures and the geometry they draw on."""

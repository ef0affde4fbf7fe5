"""Pure figure builders: a DataFrame in, a plotly graph_objects Figure out. No Dash, no SQL."""

"""Pure pandas metrics over the frames from `data_access.queries`."""

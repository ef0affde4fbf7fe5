"""Importers: read a source, validate every row, write it in one transaction."""

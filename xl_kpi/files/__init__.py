"""Adapters that read and write workbook files."""

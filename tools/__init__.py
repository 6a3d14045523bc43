"""The project's own tools (not part of the package): ``python tools/snapshot.py`` renders
the README's picture of the summary."""

"""The national-scale benchmark (issue 9): data generator, scenario drivers and the runner. Not part of the portal."""

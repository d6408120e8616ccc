"""Detectors of the scanning core, one module each; see :mod:`.registry`."""

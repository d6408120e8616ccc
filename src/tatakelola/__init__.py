"""Tatakelola: social media governance (tata kelola media sosial)."""

__version__ = "0.1.0"

"""Helpers shared by the domain apps; no models here."""

"""The REST API: per-user revocable tokens and the router mount point."""

"""The scanning core: detectors, rule packs and engine. Pure Python, no Django."""

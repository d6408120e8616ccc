"""Layout, navigation, login and language switching shared by every page."""

"""Organisation, departments, people, roles and the governance committee."""

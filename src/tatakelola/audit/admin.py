# The audit log is deliberately not registered with the Django admin: the admin writes
# through the ORM directly, bypassing services, and the log must only ever be appended to.

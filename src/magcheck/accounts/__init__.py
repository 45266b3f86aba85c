"""Who may use a magcheck server: the access token, accounts, roles, sharing and their checks."""

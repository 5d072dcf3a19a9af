"""Who may do what, where: identities, credentials and the one Authorizer. No other package decides access."""

"""GraphQL face of access control: roles, permissions, API keys and the policy lines."""

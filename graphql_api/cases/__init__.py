"""GraphQL face of the cases domain."""

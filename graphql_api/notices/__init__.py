"""GraphQL face of the notices domain."""

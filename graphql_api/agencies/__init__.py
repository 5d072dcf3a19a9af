"""GraphQL face of the agencies domain."""

"""GraphQL face of the guidance domain."""

"""GraphQL face of the assistance domain."""

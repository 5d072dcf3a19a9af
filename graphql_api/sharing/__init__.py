"""GraphQL face of the sharing domain."""

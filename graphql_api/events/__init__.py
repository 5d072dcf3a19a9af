"""GraphQL face of the events domain."""

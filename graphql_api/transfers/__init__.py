"""GraphQL face of the transfers domain."""

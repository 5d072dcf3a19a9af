"""GraphQL face of the clues domain."""

"""GraphQL face of the calendar domain."""

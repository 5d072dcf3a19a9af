"""GraphQL face of the joint domain."""

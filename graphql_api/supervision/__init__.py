"""GraphQL face of supervision (R-G2)."""

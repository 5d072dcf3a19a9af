"""The rules of the guidance, one module per system. GraphQL and the admin are two thin faces on these."""

"""GraphQL face of webhooks: integrators register endpoints per agency."""

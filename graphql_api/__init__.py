"""The Strawberry schema: a thin face on `procedures` and `permissions`, one sub-package per domain."""

"""Settings, the Starlette app factory and the `caselink` command line."""

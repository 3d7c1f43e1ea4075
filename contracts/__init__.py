"""Our OpenAPI contract of the Connect API (`connect-api.yaml`), its known drift and the drift tool."""

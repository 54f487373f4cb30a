"""leadq: qualify B2B sales leads."""

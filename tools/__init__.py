"""Build and check tools (never shipped to Lambda): packaging, template helpers, model lint."""

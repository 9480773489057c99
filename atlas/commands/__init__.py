"""Command-line verbs: one module per verb group, each with register(subparsers)."""

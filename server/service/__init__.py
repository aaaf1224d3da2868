"""Between the rules and the wire: loads state, applies rules, commits, publishes."""

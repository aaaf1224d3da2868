"""Live game modes: each a small piece of the rules, a function of state and ``now``."""

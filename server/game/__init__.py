"""Pure game rules: no Flask, Redis or Socket.IO in here.

Everything takes plain data and an explicit ``now`` (milliseconds since the
epoch) and returns new data, so the rules can be tested with a fixed clock and
committed to Redis by whichever worker computed them.
"""

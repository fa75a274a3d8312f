// Tests for Match.

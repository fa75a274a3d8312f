// Tests for Versions.

// The HTTPClient module: see ../../README.md for what it owns.

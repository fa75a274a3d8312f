// The Match module: see ../../README.md for what it owns.

// The Archive module: see ../../README.md for what it owns.

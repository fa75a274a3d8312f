// The Versions module: see ../../README.md for what it owns.

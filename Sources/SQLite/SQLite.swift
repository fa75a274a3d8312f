// The SQLite module: see ../../README.md for what it owns.

// The VulnDB module: see ../../README.md for what it owns.

// Tests for VulnDB.

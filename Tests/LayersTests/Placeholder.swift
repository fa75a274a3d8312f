// Tests for Layers.

// Tests for ImageSource.

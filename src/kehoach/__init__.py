"""kehoach: read Vietnamese plan documents and track their implementation."""

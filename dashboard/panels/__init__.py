"""Page-level widgets shared by several pages."""

"""Page-level widgets shared by several pages: filters, forms, detail panels, download buttons."""

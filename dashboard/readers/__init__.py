"""Cached, page-facing readers, one module per feature (views/<feature>.py reads dashboard/readers/<feature>.py)."""

"""Domain code: never imports Streamlit, dashboard or views (ruff TID251, test_boundaries_enforced.py)."""

"""Domain code for the Hyogo DX liaison dashboard (no Streamlit imports here)."""

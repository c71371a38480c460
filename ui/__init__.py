"""briefbot's Streamlit UI."""

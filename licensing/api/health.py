def register(router):
    """Add this part's viewsets to the licensing API router."""

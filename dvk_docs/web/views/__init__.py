"""Views, one module per page area; each view scopes every query to the user's organisation."""

"""The place tree (county > township > village > grid): jurisdictions, coordinates, and its page."""

"""The elderly plugin's own templates (its printed cards); it has no pages of its own yet."""
from flask import Blueprint

# A blueprint named after the group lends its template folder to the app: the cards feature renders the
# lost-elder card from here.
bp = Blueprint("elderly", __name__, template_folder="templates")

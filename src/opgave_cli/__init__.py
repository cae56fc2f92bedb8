"""opgave: who signed the GMR Opgaveovereenkomst Productieve regio, and who pays what."""

__version__ = "0.1.0"

"""``python -m standin_azurerm``: what the launcher in the mirror runs."""

from .provider import serve

serve()

"""Real Terraform against an offline stand-in for the azurerm provider.

``standin_azurerm`` is the provider, ``harness`` runs ``terraform`` with it, and
``example`` holds the minimal correct task in Terraform JSON.
"""

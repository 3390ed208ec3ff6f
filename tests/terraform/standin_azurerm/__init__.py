"""A stand-in for the hashicorp/azurerm provider, for running real Terraform offline.

It serves ``azurerm_container_registry_task`` and the data source
``azurerm_container_registry`` with the schema of azurerm 4.55.0 over Terraform's
plugin protocol (through the ``tf`` framework), and keeps its "Azure" in a folder of
JSON files named by ``AZURERM_STANDIN_STORE``. ``install`` lays it out as a filesystem
mirror that ``terraform init`` installs from.
"""

from .mirror import Installation, install
from .provider import DEFAULT_SUBSCRIPTION_ID, PROVIDER_ADDRESS, PROVIDER_VERSION
from .store import STORE_ENV, object_path

__all__ = [
    "DEFAULT_SUBSCRIPTION_ID",
    "PROVIDER_ADDRESS",
    "PROVIDER_VERSION",
    "STORE_ENV",
    "Installation",
    "install",
    "object_path",
]

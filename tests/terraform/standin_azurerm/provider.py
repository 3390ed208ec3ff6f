"""The stand-in for ``registry.terraform.io/hashicorp/azurerm`` 4.55.0.

Only ``azurerm_container_registry_task`` and the data source
``azurerm_container_registry`` exist. The provider block has the real 4.55.0 schema
(``internal/provider/provider.go`` and ``features.go``), so a configuration the real
provider refuses is refused here too; nothing authenticates.
"""

from __future__ import annotations

import os

from tf import schema as tf_schema
from tf.iface import Config, DataSource, Provider, Resource
from tf.types import Bool, List, String
from tf.utils import Diagnostics

from . import container_registry, container_registry_task
from ._schema import Attribute, Block, NestedBlock, Schema, validate
from ._validation import string_in_slice

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/azurerm"
PROVIDER_VERSION = "4.55.0"
DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"

_STRINGS = (
    "subscription_id",
    "tenant_id",
    "environment",
    "metadata_host",
    "client_id",
    "client_id_file_path",
    "client_certificate",
    "client_certificate_path",
    "client_certificate_password",
    "client_secret",
    "client_secret_file_path",
    "ado_pipeline_service_connection_id",
    "oidc_request_token",
    "oidc_request_url",
    "oidc_token",
    "oidc_token_file_path",
    "msi_endpoint",
    "msi_api_version",
    "partner_id",
)
_BOOLS = (
    "use_oidc",
    "use_msi",
    "use_cli",
    "use_aks_workload_identity",
    "disable_correlation_request_id",
    "disable_terraform_partner_id",
    "storage_use_azuread",
)

# features.go in 4.55.0: every feature block is a list block of at most one, and every
# setting in it a bool; only template_deployment's setting is required.
_FEATURES = {
    "api_management": ("purge_soft_delete_on_destroy", "recover_soft_deleted"),
    "app_configuration": ("purge_soft_delete_on_destroy", "recover_soft_deleted"),
    "application_insights": ("disable_generated_rule",),
    "cognitive_account": ("purge_soft_delete_on_destroy",),
    "key_vault": (
        "purge_soft_delete_on_destroy",
        "purge_soft_deleted_certificates_on_destroy",
        "purge_soft_deleted_keys_on_destroy",
        "purge_soft_deleted_secrets_on_destroy",
        "purge_soft_deleted_hardware_security_modules_on_destroy",
        "purge_soft_deleted_hardware_security_module_keys_on_destroy",
        "recover_soft_deleted_certificates",
        "recover_soft_deleted_key_vaults",
        "recover_soft_deleted_keys",
        "recover_soft_deleted_secrets",
        "recover_soft_deleted_hardware_security_module_keys",
    ),
    "log_analytics_workspace": ("permanently_delete_on_destroy",),
    "template_deployment": ("delete_nested_items_during_deletion",),
    "virtual_machine": (
        "detach_implicit_data_disk_on_deletion",
        "delete_os_disk_on_deletion",
        "skip_shutdown_and_force_delete",
        "graceful_shutdown",
    ),
    "virtual_machine_scale_set": (
        "force_delete",
        "reimage_on_manual_upgrade",
        "roll_instances_when_required",
        "scale_to_zero_before_deletion",
    ),
    "resource_group": ("prevent_deletion_if_contains_resources",),
    "recovery_services_vaults": ("recover_soft_deleted_backup_protected_vm",),
    "managed_disk": ("expand_without_downtime",),
    "storage": ("data_plane_available",),
    "subscription": ("prevent_cancellation_on_destroy",),
    "postgresql_flexible_server": ("restart_server_on_configuration_value_change",),
    "machine_learning": ("purge_soft_deleted_workspace_on_destroy",),
    "recovery_service": (
        "vm_backup_stop_protection_and_retain_data_on_destroy",
        "vm_backup_suspend_protection_and_retain_data_on_destroy",
        "purge_protected_items_from_vault_on_destroy",
    ),
    "netapp": ("delete_backups_on_backup_vault_destroy", "prevent_volume_destruction"),
    "databricks_workspace": ("force_delete",),
}
_REQUIRED_FEATURES = {("template_deployment", "delete_nested_items_during_deletion")}
_DEPRECATED_FEATURES = {("virtual_machine", "graceful_shutdown")}


def _feature_block(name: str, settings: tuple[str, ...]) -> NestedBlock:
    attributes = tuple(
        Attribute(
            setting,
            Bool(),
            required=(name, setting) in _REQUIRED_FEATURES,
            optional=(name, setting) not in _REQUIRED_FEATURES,
            deprecated=(name, setting) in _DEPRECATED_FEATURES,
        )
        for setting in settings
    )
    return NestedBlock(name, Block(attributes), max_items=1)


PROVIDER_SCHEMA = Schema(
    Block(
        attributes=(
            *(Attribute(n, String(), optional=True) for n in _STRINGS),
            *(Attribute(n, Bool(), optional=True) for n in _BOOLS),
            Attribute("auxiliary_tenant_ids", List(String()), optional=True),
            Attribute(
                "resource_provider_registrations",
                String(),
                optional=True,
                validators=(
                    string_in_slice("core", "extended", "all", "none", "legacy"),
                ),
            ),
            Attribute("resource_providers_to_register", List(String()), optional=True),
            Attribute(
                "skip_provider_registration", Bool(), optional=True, deprecated=True
            ),
        ),
        blocks=(
            NestedBlock(
                "features",
                Block(blocks=tuple(_feature_block(n, s) for n, s in _FEATURES.items())),
                min_items=1,
                max_items=1,
            ),
        ),
    )
)


class StandinAzurermProvider(Provider):
    def __init__(self) -> None:
        self.subscription_id = DEFAULT_SUBSCRIPTION_ID

    def get_model_prefix(self) -> str:
        return "azurerm_"

    def full_name(self) -> str:
        return PROVIDER_ADDRESS

    def get_provider_schema(self, diags: Diagnostics) -> tf_schema.Schema:
        return PROVIDER_SCHEMA.to_tf()

    def validate_config(self, diags: Diagnostics, config: Config) -> None:
        for path, message in validate(PROVIDER_SCHEMA.block, config or {}):
            diags.add_error(message, "", path=path)
        tenants = (config or {}).get("auxiliary_tenant_ids")
        if isinstance(tenants, list) and len(tenants) > 3:
            diags.add_error(
                "auxiliary_tenant_ids: attribute supports 3 item maximum, "
                f"config has {len(tenants)} declared",
                path=["auxiliary_tenant_ids"],
            )

    def configure_provider(self, diags: Diagnostics, config: Config) -> None:
        configured = (config or {}).get("subscription_id")
        if not isinstance(configured, str) or not configured:
            configured = (
                os.environ.get("ARM_SUBSCRIPTION_ID") or DEFAULT_SUBSCRIPTION_ID
            )
        self.subscription_id = configured

    def get_data_sources(self) -> list[type[DataSource]]:
        return [container_registry.ContainerRegistryDataSource]

    def get_resources(self) -> list[type[Resource]]:
        return [container_registry_task.ContainerRegistryTaskResource]


def serve() -> None:
    """Run as a Terraform plugin: print the handshake, answer gRPC until stopped."""
    import tf.provider
    from tf.runner import run_provider

    from ._servicer import StandinServicer

    # run_provider builds tf.provider.ProviderServicer itself and offers no other way
    # to supply the handlers; it looks the class up when called.
    tf.provider.ProviderServicer = StandinServicer
    run_provider(StandinAzurermProvider())

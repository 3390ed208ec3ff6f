"""Data source ``azurerm_container_registry``, schema as in azurerm 4.55.0.

Every registry exists: the stand-in answers any valid name and resource group with a
Standard registry in West Europe, in the provider's subscription (the zero GUID unless
``subscription_id`` or ``ARM_SUBSCRIPTION_ID`` says otherwise), without an admin user.
"""

from __future__ import annotations

import re

from tf import schema as tf_schema
from tf.types import Bool, Map, Set, String

from ._schema import Attribute, Block, NestedBlock, Nesting, Problem, Schema, validate

LOCATION = "westeurope"
SKU = "Standard"


def _registry_name(value: str, key: str) -> list[str]:
    """azurerm ``validate.ContainerRegistryName``."""
    problems = []
    if not re.fullmatch(r"[a-zA-Z0-9]+", value):
        problems.append(
            f'alpha numeric characters only are allowed in "{key}": "{value}"'
        )
    if len(value) < 5:
        problems.append(f'"{key}" cannot be less than 5 characters: "{value}"')
    if len(value) > 50:
        problems.append(
            f'"{key}" cannot be longer than 50 characters: "{value}" {len(value)}'
        )
    return problems


def _resource_group_name(value: str, key: str) -> list[str]:
    """go-azure-helpers ``resourcegroups.ValidateName``."""
    problems = []
    if len(value) > 90:
        problems.append(f'"{key}" may not exceed 90 characters in length')
    if value.endswith("."):
        problems.append(f'"{key}" may not end with a period')
    if not value:
        problems.append(f'"{key}" cannot be blank')
    elif not re.fullmatch(r"[-\w._()]+", value):
        problems.append(
            f'"{key}" may only contain alphanumeric characters, dash, underscores, '
            "parentheses and periods"
        )
    return problems


SCHEMA = Schema(
    Block(
        attributes=(
            Attribute("id", String(), optional=True, computed=True),
            Attribute("name", String(), required=True, validators=(_registry_name,)),
            Attribute(
                "resource_group_name",
                String(),
                required=True,
                validators=(_resource_group_name,),
            ),
            Attribute("location", String(), computed=True),
            Attribute("admin_enabled", Bool(), computed=True),
            # Sensitive only from 4.58.0 (azurerm PR #31428); 4.55.0 shows it in plans.
            Attribute("admin_password", String(), computed=True),
            Attribute("admin_username", String(), computed=True),
            Attribute("data_endpoint_enabled", Bool(), computed=True),
            Attribute("data_endpoint_host_names", Set(String()), computed=True),
            Attribute("login_server", String(), computed=True),
            Attribute("sku", String(), computed=True),
            Attribute("tags", Map(String()), computed=True),
        ),
        blocks=(
            NestedBlock(
                "timeouts",
                Block((Attribute("read", String(), optional=True),)),
                nesting=Nesting.SINGLE,
            ),
        ),
    )
)


def registry_id(subscription_id: str, resource_group: str, name: str) -> str:
    return (
        f"/subscriptions/{subscription_id}/resourceGroups/{resource_group}"
        f"/providers/Microsoft.ContainerRegistry/registries/{name}"
    )


class ContainerRegistryDataSource:
    SCHEMA = SCHEMA

    def __init__(self, provider) -> None:
        self.provider = provider

    @classmethod
    def get_name(cls) -> str:
        return "container_registry"

    @classmethod
    def get_schema(cls) -> tf_schema.Schema:
        return SCHEMA.to_tf()

    def validate(self, config: dict) -> list[Problem]:
        return validate(SCHEMA.block, config)

    def read(self, config: dict) -> dict:
        name = config["name"]
        resource_group = config["resource_group_name"]
        return {
            "id": registry_id(self.provider.subscription_id, resource_group, name),
            "name": name,
            "resource_group_name": resource_group,
            "location": LOCATION,
            "admin_enabled": False,
            "admin_password": None,
            "admin_username": None,
            "data_endpoint_enabled": False,
            "data_endpoint_host_names": [],
            "login_server": f"{name.lower()}.azurecr.io",
            "sku": SKU,
            "tags": {},
            "timeouts": config.get("timeouts"),
        }

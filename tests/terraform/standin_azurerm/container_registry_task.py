"""Resource ``azurerm_container_registry_task``, as azurerm 4.55.0 declares and runs it.

Source: ``internal/services/containers/container_registry_task_resource.go`` at tag
v4.55.0. The schema is copied argument for argument; ``validate`` runs the
``ValidateFunc``, ``ConflictsWith`` and ``AtLeastOneOf`` rules, ``plan`` the defaults,
the ``StateFunc`` of ``task_content`` and the ``CustomizeDiff`` checks. Create, update
and read map the arguments to and from the task object of the Tasks API
(2019-06-01-preview), kept in the store, the same way the provider's expand and flatten
functions do, including what the API never returns (tokens, secret values, custom
registry credentials), which comes from the prior state instead.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from tf import schema as tf_schema
from tf.types import Bool, List, Map, Number, Set, String, Unknown

from . import store
from ._schema import (
    Attribute,
    Block,
    NestedBlock,
    Nesting,
    Problem,
    Schema,
    elements,
    keep_null_collections,
    plan_values,
    validate,
)
from ._servicer import ProviderError
from ._validation import (
    int_between,
    int_in_slice,
    resource_id,
    string_in_slice,
    string_is_not_empty,
    string_match,
    tags,
)
from .container_registry import LOCATION, registry_id

_REGISTRY_ID = re.compile(
    r"/subscriptions/([^/]+)/resourceGroups/([^/]+)"
    r"/providers/Microsoft\.ContainerRegistry/registries/([^/]+)"
)
_TASK_ID = re.compile(_REGISTRY_ID.pattern + r"/tasks/([^/]+)")
_IDENTITY_ID = re.compile(
    r"/subscriptions/[^/]+/resourceGroups/[^/]+"
    r"/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+"
)
# The Tasks API's TaskNameParameter; the provider only checks the character set.
_SERVICE_TASK_NAME = re.compile(r"[a-zA-Z0-9_-]{5,50}")

_not_empty = (string_is_not_empty,)
_registry_id = resource_id(
    "Registry",
    _REGISTRY_ID.pattern,
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
    "/providers/Microsoft.ContainerRegistry/registries/{registryName}",
)
_identity_id = resource_id(
    "User Assigned Identity",
    _IDENTITY_ID.pattern,
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identityName}",
)
_task_name = string_match(
    r"\A[\w-]*\Z",
    "only alpha numeric characters (optionally separated by dash) are allowed in "
    '"{key}"',
)


def base64_encode_if_not(data: str) -> str:
    """azurerm ``utils.Base64EncodeIfNot``: keep what Go's StdEncoding decodes."""
    try:
        base64.b64decode(data.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return base64.b64encode(data.encode("utf-8")).decode("ascii")
    return data


def _opt(name: str, type_=None, **kwargs) -> Attribute:
    return Attribute(name, type_ or String(), optional=True, **kwargs)


def _req(name: str, type_=None, **kwargs) -> Attribute:
    return Attribute(name, type_ or String(), required=True, **kwargs)


def _one(name: str, *attributes: Attribute, **kwargs) -> NestedBlock:
    return NestedBlock(name, Block(attributes), max_items=1, **kwargs)


_STEPS = ("docker_step", "file_step", "encoded_step")

SCHEMA = Schema(
    Block(
        attributes=(
            Attribute("id", String(), optional=True, computed=True),
            _req("name", force_new=True, validators=(_task_name,)),
            _req("container_registry_id", force_new=True, validators=(_registry_id,)),
            _opt(
                "agent_pool_name",
                validators=_not_empty,
                conflicts_with=("agent_setting",),
            ),
            _opt("enabled", Bool(), default=True),
            _opt("is_system_task", Bool(), default=False, force_new=True),
            _opt("log_template", validators=_not_empty),
            _opt(
                "timeout_in_seconds",
                Number(),
                default=3600,
                validators=(int_between(300, 28800),),
            ),
            _opt("tags", Map(String()), validators=(tags,)),
        ),
        blocks=(
            _one(
                "platform",
                _req("os", validators=(string_in_slice("Windows", "Linux"),)),
                _opt(
                    "architecture",
                    validators=(
                        string_in_slice("amd64", "arm", "arm64", "386", "x86"),
                    ),
                ),
                _opt("variant", validators=(string_in_slice("v6", "v7", "v8"),)),
            ),
            _one(
                "docker_step",
                _req("dockerfile_path", validators=_not_empty),
                _req("context_path", validators=_not_empty),
                _req("context_access_token", sensitive=True, validators=_not_empty),
                _opt("image_names", List(String())),
                _opt("push_enabled", Bool(), default=True),
                _opt("cache_enabled", Bool(), default=True),
                _opt("target", validators=_not_empty),
                _opt("arguments", Map(String())),
                _opt("secret_arguments", Map(String()), sensitive=True),
                conflicts_with=("file_step", "encoded_step"),
            ),
            _one(
                "file_step",
                _req("task_file_path", validators=_not_empty),
                _opt("value_file_path", validators=_not_empty),
                _opt("context_path", validators=_not_empty),
                _opt("context_access_token", sensitive=True, validators=_not_empty),
                _opt("values", Map(String())),
                _opt("secret_values", Map(String()), sensitive=True),
                conflicts_with=("docker_step", "encoded_step"),
            ),
            _one(
                "encoded_step",
                _req(
                    "task_content",
                    validators=_not_empty,
                    state_func=base64_encode_if_not,
                ),
                _opt(
                    "value_content",
                    validators=_not_empty,
                    state_func=base64_encode_if_not,
                ),
                _opt("context_path", validators=_not_empty),
                _opt("context_access_token", sensitive=True, validators=_not_empty),
                _opt("values", Map(String())),
                _opt("secret_values", Map(String()), sensitive=True),
                conflicts_with=("docker_step", "file_step"),
            ),
            _one(
                "base_image_trigger",
                _req("name", validators=_not_empty),
                _req("type", validators=(string_in_slice("All", "Runtime"),)),
                _opt("enabled", Bool(), default=True),
                _opt("update_trigger_endpoint", sensitive=True, validators=_not_empty),
                _opt(
                    "update_trigger_payload_type",
                    validators=(string_in_slice("Default", "Token"),),
                ),
            ),
            NestedBlock(
                "source_trigger",
                Block(
                    attributes=(
                        _req("name", validators=_not_empty),
                        _req(
                            "events",
                            List(String()),
                            element_validators=(
                                string_in_slice("commit", "pullrequest"),
                            ),
                        ),
                        _req(
                            "source_type",
                            validators=(
                                string_in_slice("Github", "VisualStudioTeamService"),
                            ),
                        ),
                        _req("repository_url", validators=_not_empty),
                        _opt("branch"),
                        _opt("enabled", Bool(), default=True),
                    ),
                    blocks=(
                        _one(
                            "authentication",
                            _req(
                                "token_type",
                                validators=(string_in_slice("PAT", "OAuth"),),
                            ),
                            _req("token", sensitive=True, validators=_not_empty),
                            _opt(
                                "refresh_token", sensitive=True, validators=_not_empty
                            ),
                            _opt("scope", validators=_not_empty),
                            _opt("expire_in_seconds", Number()),
                        ),
                    ),
                ),
            ),
            NestedBlock(
                "timer_trigger",
                Block(
                    (
                        _req("name", validators=_not_empty),
                        _req("schedule", validators=_not_empty),
                        _opt("enabled", Bool(), default=True),
                    )
                ),
            ),
            # go-azure-helpers commonschema.SystemAssignedUserAssignedIdentityOptional
            _one(
                "identity",
                _req(
                    "type",
                    validators=(
                        string_in_slice(
                            "UserAssigned",
                            "SystemAssigned",
                            "SystemAssigned, UserAssigned",
                        ),
                    ),
                ),
                _opt("identity_ids", Set(String()), element_validators=(_identity_id,)),
                Attribute("principal_id", String(), computed=True),
                Attribute("tenant_id", String(), computed=True),
            ),
            NestedBlock(
                "registry_credential",
                Block(
                    blocks=(
                        _one(
                            "source",
                            _req(
                                "login_mode",
                                validators=(string_in_slice("None", "Default"),),
                            ),
                        ),
                        # Declared Sensitive in the provider, but the SDK cannot mark a
                        # block sensitive, so Terraform shows these values in plans.
                        NestedBlock(
                            "custom",
                            Block(
                                (
                                    _req("login_server", validators=_not_empty),
                                    _opt("username", validators=_not_empty),
                                    _opt(
                                        "password",
                                        sensitive=True,
                                        validators=_not_empty,
                                    ),
                                    _opt("identity", validators=_not_empty),
                                )
                            ),
                            nesting=Nesting.SET,
                        ),
                    )
                ),
                max_items=1,
            ),
            _one("agent_setting", _req("cpu", Number(), validators=(int_in_slice(2),))),
            NestedBlock(
                "timeouts",
                Block(tuple(_opt(n) for n in ("create", "read", "update", "delete"))),
                nesting=Nesting.SINGLE,
            ),
        ),
    )
)


class ContainerRegistryTaskResource:
    SCHEMA = SCHEMA

    def __init__(self, provider) -> None:
        self.provider = provider

    @classmethod
    def get_name(cls) -> str:
        return "container_registry_task"

    @classmethod
    def get_schema(cls) -> tf_schema.Schema:
        return SCHEMA.to_tf()

    def validate(self, config: dict) -> list[Problem]:
        return validate(SCHEMA.block, config) + _credential_kind_problems(config)

    def plan(self, prior: dict | None, proposed: dict) -> dict:
        planned = plan_values(SCHEMA.block, proposed)
        planned = keep_null_collections(SCHEMA.block, planned, prior)
        _customize_diff(planned)
        return planned

    def create(self, planned: dict) -> dict:
        root = self._store()
        subscription, group, registry = _parse_registry_id(
            planned["container_registry_id"]
        )
        task_id = (
            f"{registry_id(subscription, group, registry)}/tasks/{planned['name']}"
        )
        if store.get(root, task_id) is not None:
            raise ProviderError(
                f'A resource with the ID "{task_id}" already exists - to be managed '
                "via Terraform this resource needs to be imported into the State. "
                "Please see the resource documentation for "
                '"azurerm_container_registry_task" for more information'
            )
        if not _SERVICE_TASK_NAME.fullmatch(planned["name"]):
            raise ProviderError(
                f'creating Task "{planned["name"]}" in registry "{registry}": '
                "unexpected status 400 (400 Bad Request) with error: InvalidParameter: "
                "the task name must be 5 to 50 letters, digits, '-' or '_'",
                path=["name"],
            )

        properties = {
            "provisioningState": "Succeeded",
            "creationDate": datetime.now(UTC).isoformat(timespec="seconds"),
            "status": _status(planned["enabled"]),
            "isSystemTask": planned["is_system_task"],
            "timeout": planned["timeout_in_seconds"],
            "platform": _expand_platform(planned),
            "step": _expand_step(planned),
            "trigger": _expand_trigger(planned),
            "credentials": _expand_credentials(planned),
            "agentConfiguration": _expand_agent(planned),
            "agentPoolName": planned.get("agent_pool_name") or None,
            "logTemplate": planned.get("log_template") or None,
        }
        obj = {
            "id": task_id,
            "name": planned["name"],
            "type": "Microsoft.ContainerRegistry/registries/tasks",
            "location": LOCATION,
            "tags": planned.get("tags"),
            "identity": _expand_identity(planned, task_id),
            "properties": _without_nulls(properties),
        }
        store.put(root, task_id, _without_nulls(obj))
        return self._read(root, task_id, planned)

    def read(self, current: dict) -> dict | None:
        root = self._store()
        _parse_task_id(current["id"])
        if store.get(root, current["id"]) is None:
            return None
        return self._read(root, current["id"], current)

    def update(self, prior: dict, planned: dict) -> dict:
        root = self._store()
        task_id = prior["id"]
        existing = store.get(root, task_id)
        if existing is None:
            raise ProviderError(
                f"retrieving {task_id}: unexpected status 404 (404 Not Found)"
            )

        def changed(*keys: str) -> bool:
            return any(prior.get(key) != planned.get(key) for key in keys)

        properties = existing.setdefault("properties", {})
        if changed("platform"):
            properties["platform"] = _expand_platform(planned)
        if changed(*_STEPS):
            properties["step"] = _expand_step(planned)
        if changed("base_image_trigger", "source_trigger", "timer_trigger"):
            properties["trigger"] = _expand_trigger(planned)
        if changed("identity"):
            existing["identity"] = _expand_identity(planned, task_id)
        # The provider always re-sends the credentials: GET never returns custom ones.
        properties["credentials"] = _expand_credentials(planned)
        if changed("agent_setting"):
            properties["agentConfiguration"] = _expand_agent(planned)
        # Written only when non-empty, so removing them from the configuration leaves
        # them in Azure and the plan never converges (a known provider limitation).
        if changed("agent_pool_name") and planned.get("agent_pool_name"):
            properties["agentPoolName"] = planned["agent_pool_name"]
        if changed("log_template") and planned.get("log_template"):
            properties["logTemplate"] = planned["log_template"]
        if changed("enabled"):
            properties["status"] = _status(planned["enabled"])
        if changed("timeout_in_seconds"):
            properties["timeout"] = planned["timeout_in_seconds"]
        if changed("tags"):
            existing["tags"] = planned.get("tags")

        existing["properties"] = _without_nulls(properties)
        store.put(root, task_id, _without_nulls(existing))
        return self._read(root, task_id, planned)

    def delete(self, prior: dict) -> None:
        store.delete(self._store(), prior["id"])

    def import_state(self, task_id: str) -> dict:
        _parse_task_id(task_id)
        root = self._store()
        if store.get(root, task_id) is None:
            raise ProviderError(
                "Cannot import non-existent remote object",
                "While attempting to import an existing object to "
                '"azurerm_container_registry_task", the provider detected that no '
                f"object exists with the given id {task_id}.",
            )
        return self._read(root, task_id, {})

    def _store(self):
        try:
            return store.store_root()
        except store.StoreNotConfigured as exc:
            raise ProviderError(str(exc)) from exc

    def _read(self, root, task_id: str, model: dict) -> dict:
        obj = store.get(root, task_id)
        if obj is None:
            raise ProviderError(
                f"retrieving {task_id}: unexpected status 404 (404 Not Found)"
            )
        return _flatten(obj, model)


def _credential_kind_problems(config: dict) -> list[Problem]:
    """``AtLeastOneOf`` on ``registry_credential``: ``source`` or ``custom``."""
    kinds = ("custom", "source")
    keys = ",".join(f"registry_credential.0.{kind}" for kind in kinds)
    credentials = SCHEMA.block.member("registry_credential")
    problems: list[Problem] = []
    for index, credential in enumerate(
        elements(credentials, config.get("registry_credential"))
    ):
        if any(credential.get(kind) is Unknown for kind in kinds):
            continue
        if not any(credential.get(kind) for kind in kinds):
            problems += [
                (
                    ["registry_credential", (index,), kind],
                    f'"registry_credential.0.{kind}": one of `{keys}` must be '
                    "specified",
                )
                for kind in kinds
            ]
    return problems


def _customize_diff(planned: dict) -> None:
    """The resource's CustomizeDiff: platform and one step for non-system tasks."""
    system_task = planned.get("is_system_task")
    if system_task is Unknown:
        return
    if system_task:
        for key in (
            "platform",
            *_STEPS,
            "base_image_trigger",
            "source_trigger",
            "timer_trigger",
        ):
            if planned.get(key):
                raise ProviderError(f"system task can't specify `{key}`")
        return
    if not planned.get("platform"):
        raise ProviderError("non-system task have to specify `platform`")
    if not any(planned.get(step) for step in _STEPS):
        raise ProviderError(
            "non-system task have to specify one of `docker_step`, `file_step` and "
            "`encoded_step`"
        )


def _parse_registry_id(value: str) -> tuple[str, str, str]:
    match = _REGISTRY_ID.fullmatch(value)
    if not match:
        raise ProviderError(f'parsing "{value}": not a Container Registry ID')
    return match.group(1), match.group(2), match.group(3)


def _parse_task_id(value: str) -> tuple[str, str, str, str]:
    match = _TASK_ID.fullmatch(value)
    if not match:
        raise ProviderError(
            f'parsing "{value}": the ID should be in the format /subscriptions/'
            "{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
            "Microsoft.ContainerRegistry/registries/{registryName}/tasks/{taskName}"
        )
    return match.group(1), match.group(2), match.group(3), match.group(4)


def _status(enabled: bool) -> str:
    return "Enabled" if enabled else "Disabled"


def _first(blocks: list | None) -> dict | None:
    return blocks[0] if blocks else None


def _without_nulls(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}


def _collection(value: Any, model_value: Any) -> Any:
    """A map, list or set read from Azure.

    The SDK cannot tell an empty collection from a null one and keeps the form the
    configuration had, so an empty value takes the form of the prior state or plan.
    """
    if value:
        return value
    return model_value if model_value in ({}, []) else None


# --- expand: arguments to the API object -------------------------------------------


def _expand_platform(model: dict) -> dict | None:
    platform = _first(model.get("platform"))
    if platform is None:
        return None
    return _without_nulls(
        {
            "os": platform["os"],
            "architecture": platform.get("architecture") or None,
            "variant": platform.get("variant") or None,
        }
    )


def _expand_values(values: dict | None, secret_values: dict | None) -> list | None:
    if not values and not secret_values:
        return None
    plain = [
        {"name": k, "value": v, "isSecret": False}
        for k, v in sorted((values or {}).items())
    ]
    # The service keeps secret values but never returns them; neither does the store.
    secret = [{"name": k, "isSecret": True} for k in sorted(secret_values or {})]
    return plain + secret


def _expand_step(model: dict) -> dict | None:
    if docker := _first(model.get("docker_step")):
        return _without_nulls(
            {
                "type": "Docker",
                "dockerFilePath": docker["dockerfile_path"],
                "contextPath": docker.get("context_path") or None,
                "imageNames": docker.get("image_names") or None,
                "isPushEnabled": docker["push_enabled"],
                "noCache": not docker["cache_enabled"],
                "target": docker.get("target") or None,
                "arguments": _expand_values(
                    docker.get("arguments"), docker.get("secret_arguments")
                ),
            }
        )
    if file_step := _first(model.get("file_step")):
        return _without_nulls(
            {
                "type": "FileTask",
                "taskFilePath": file_step["task_file_path"],
                "valuesFilePath": file_step.get("value_file_path") or None,
                "contextPath": file_step.get("context_path") or None,
                "values": _expand_values(
                    file_step.get("values"), file_step.get("secret_values")
                ),
            }
        )
    if encoded := _first(model.get("encoded_step")):
        value_content = encoded.get("value_content")
        return _without_nulls(
            {
                "type": "EncodedTask",
                "encodedTaskContent": base64_encode_if_not(encoded["task_content"]),
                "encodedValuesContent": (
                    base64_encode_if_not(value_content) if value_content else None
                ),
                "contextPath": encoded.get("context_path") or None,
                "values": _expand_values(
                    encoded.get("values"), encoded.get("secret_values")
                ),
            }
        )
    return None


def _expand_trigger(model: dict) -> dict | None:
    """Triggers as the provider sends them; none at all when none is configured."""
    trigger: dict[str, Any] = {}
    if base := _first(model.get("base_image_trigger")):
        trigger["baseImageTrigger"] = _without_nulls(
            {
                "name": base["name"],
                "baseImageTriggerType": base["type"],
                "status": _status(base["enabled"]),
                "updateTriggerPayloadType": (
                    base.get("update_trigger_payload_type") or None
                ),
            }
        )
    if sources := model.get("source_trigger"):
        trigger["sourceTriggers"] = [
            {
                "name": source["name"],
                "status": _status(source["enabled"]),
                "sourceTriggerEvents": source.get("events") or [],
                "sourceRepository": _without_nulls(
                    {
                        "sourceControlType": source["source_type"],
                        "repositoryUrl": source["repository_url"],
                        "branch": source.get("branch") or None,
                    }
                ),
            }
            for source in sources
        ]
    if timers := model.get("timer_trigger"):
        trigger["timerTriggers"] = [
            {
                "name": timer["name"],
                "schedule": timer["schedule"],
                "status": _status(timer["enabled"]),
            }
            for timer in timers
        ]
    return trigger or None


def _expand_credentials(model: dict) -> dict | None:
    credential = _first(model.get("registry_credential"))
    if credential is None:
        return None
    source = _first(credential.get("source"))
    custom = {
        entry["login_server"]: _without_nulls(
            {
                "userName": {"type": "Opaque"} if entry.get("username") else None,
                "password": {"type": "Opaque"} if entry.get("password") else None,
                "identity": entry.get("identity") or None,
            }
        )
        for entry in credential.get("custom") or []
    }
    return _without_nulls(
        {
            "sourceRegistry": {"loginMode": source["login_mode"]} if source else None,
            "customRegistries": custom or None,
        }
    )


def _expand_agent(model: dict) -> dict | None:
    agent = _first(model.get("agent_setting"))
    return {"cpu": agent["cpu"]} if agent else None


def _expand_identity(model: dict, task_id: str) -> dict | None:
    identity = _first(model.get("identity"))
    if identity is None:
        return None
    kind = identity["type"]
    result: dict[str, Any] = {"type": kind}
    if "SystemAssigned" in kind:
        result["principalId"] = str(uuid.uuid5(uuid.NAMESPACE_URL, task_id))
        result["tenantId"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "tenant"))
    if "UserAssigned" in kind:
        result["userAssignedIdentities"] = {
            i: {
                "principalId": str(uuid.uuid5(uuid.NAMESPACE_URL, i)),
                "clientId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{i}/client")),
            }
            for i in sorted(identity.get("identity_ids") or [])
        }
    return result


# --- flatten: the API object to state ------------------------------------------------


def _flatten(obj: dict, model: dict) -> dict:
    """State from the API object; ``model`` is the prior state or the plan."""
    subscription, group, registry, name = _parse_task_id(obj["id"])
    properties = obj.get("properties") or {}
    step = properties.get("step") or {}
    trigger = properties.get("trigger") or {}
    agent = properties.get("agentConfiguration")
    return {
        "id": obj["id"],
        "name": name,
        # Rebuilt from the task ID, so it keeps the casing used at create.
        "container_registry_id": registry_id(subscription, group, registry),
        "agent_pool_name": properties.get("agentPoolName") or None,
        "enabled": properties.get("status") == "Enabled",
        "is_system_task": bool(properties.get("isSystemTask", False)),
        "log_template": properties.get("logTemplate") or None,
        "timeout_in_seconds": properties.get("timeout", 0),
        "tags": _collection(obj.get("tags"), model.get("tags")),
        "platform": _flatten_platform(properties.get("platform")),
        "docker_step": _flatten_docker_step(step, model),
        "file_step": _flatten_file_step(step, model),
        "encoded_step": _flatten_encoded_step(step, model),
        "base_image_trigger": _flatten_base_image_trigger(trigger, model),
        "source_trigger": _flatten_source_triggers(trigger, model),
        "timer_trigger": [
            {
                "name": timer.get("name"),
                "schedule": timer.get("schedule"),
                "enabled": timer.get("status") == "Enabled",
            }
            for timer in trigger.get("timerTriggers") or []
        ],
        "identity": _flatten_identity(obj.get("identity"), model),
        "registry_credential": _flatten_credentials(
            properties.get("credentials"), model
        ),
        "agent_setting": [{"cpu": agent.get("cpu", 0)}] if agent is not None else [],
        "timeouts": model.get("timeouts"),
    }


def _flatten_platform(platform: dict | None) -> list:
    if not platform:
        return []
    return [
        {
            "os": platform.get("os"),
            "architecture": platform.get("architecture") or None,
            "variant": platform.get("variant") or None,
        }
    ]


def _plain_values(values: list | None) -> dict:
    return {v["name"]: v.get("value") for v in values or [] if not v.get("isSecret")}


def _model_block(model: dict, key: str) -> dict:
    blocks = model.get(key) or []
    return blocks[0] if len(blocks) == 1 else {}


def _flatten_docker_step(step: dict, model: dict) -> list:
    if step.get("type") != "Docker":
        return []
    prior = _model_block(model, "docker_step")
    return [
        {
            "dockerfile_path": step.get("dockerFilePath"),
            "context_path": step.get("contextPath"),
            "context_access_token": prior.get("context_access_token"),
            "image_names": _collection(
                step.get("imageNames"), prior.get("image_names")
            ),
            "push_enabled": bool(step.get("isPushEnabled", False)),
            "cache_enabled": not step.get("noCache", True),
            "target": step.get("target") or None,
            "arguments": _collection(
                _plain_values(step.get("arguments")), prior.get("arguments")
            ),
            "secret_arguments": prior.get("secret_arguments"),
        }
    ]


def _flatten_file_step(step: dict, model: dict) -> list:
    if step.get("type") != "FileTask":
        return []
    prior = _model_block(model, "file_step")
    return [
        {
            "task_file_path": step.get("taskFilePath"),
            "value_file_path": step.get("valuesFilePath") or None,
            "context_path": step.get("contextPath") or None,
            "context_access_token": prior.get("context_access_token"),
            "values": _collection(
                _plain_values(step.get("values")), prior.get("values")
            ),
            "secret_values": prior.get("secret_values"),
        }
    ]


def _flatten_encoded_step(step: dict, model: dict) -> list:
    if step.get("type") != "EncodedTask":
        return []
    prior = _model_block(model, "encoded_step")
    return [
        {
            "task_content": step.get("encodedTaskContent"),
            "value_content": step.get("encodedValuesContent") or None,
            "context_path": step.get("contextPath") or None,
            "context_access_token": prior.get("context_access_token"),
            "values": _collection(
                _plain_values(step.get("values")), prior.get("values")
            ),
            "secret_values": prior.get("secret_values"),
        }
    ]


def _flatten_base_image_trigger(trigger: dict, model: dict) -> list:
    base = trigger.get("baseImageTrigger")
    if not base:
        return []
    prior = _model_block(model, "base_image_trigger")
    return [
        {
            "name": base.get("name"),
            "type": base.get("baseImageTriggerType"),
            "enabled": base.get("status") == "Enabled",
            "update_trigger_endpoint": prior.get("update_trigger_endpoint"),
            "update_trigger_payload_type": base.get("updateTriggerPayloadType") or None,
        }
    ]


def _flatten_source_triggers(trigger: dict, model: dict) -> list:
    prior = model.get("source_trigger") or []
    result = []
    for index, source in enumerate(trigger.get("sourceTriggers") or []):
        repository = source.get("sourceRepository") or {}
        result.append(
            {
                "name": source.get("name"),
                "events": source.get("sourceTriggerEvents"),
                "source_type": repository.get("sourceControlType"),
                "repository_url": repository.get("repositoryUrl"),
                "branch": repository.get("branch") or None,
                "enabled": source.get("status") == "Enabled",
                # Authentication is never returned; it comes from the prior state.
                "authentication": (
                    prior[index].get("authentication") or []
                    if index < len(prior)
                    else []
                ),
            }
        )
    return result


def _flatten_identity(identity: dict | None, model: dict) -> list:
    if not identity or identity.get("type") in (None, "None"):
        return []
    prior = _model_block(model, "identity")
    return [
        {
            "type": identity["type"],
            "identity_ids": _collection(
                sorted(identity.get("userAssignedIdentities") or {}),
                prior.get("identity_ids"),
            ),
            "principal_id": identity.get("principalId", ""),
            "tenant_id": identity.get("tenantId", ""),
        }
    ]


def _flatten_credentials(credentials: dict | None, model: dict) -> list:
    if credentials is None:
        return []
    prior = _model_block(model, "registry_credential")
    source = credentials.get("sourceRegistry")
    return [
        {
            "source": [{"login_mode": source.get("loginMode")}] if source else [],
            # Custom registry credentials are never returned; they come from the state.
            "custom": prior.get("custom") or [],
        }
    ]

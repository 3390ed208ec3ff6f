"""The gRPC side: Terraform's plugin protocol calls mapped onto the stand-in's objects.

The ``tf`` framework's own handlers are kept for the schema, the provider configuration
and shutdown. The resource and data source handlers are replaced because the framework
plans neither defaults of nested arguments nor list-nested blocks, does not flag the
legacy type system, and warns about a state upgrade on every refresh.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
from tf.gen import tfplugin_pb2 as pb
from tf.provider import ProviderServicer
from tf.types import Unknown
from tf.utils import Diagnostics, read_dynamic_value, to_dynamic_value

from ._schema import Problem, conform


class ProviderError(Exception):
    """A failure reported to Terraform as an error diagnostic."""

    def __init__(self, summary: str, detail: str = "", path: list | None = None):
        super().__init__(summary)
        self.summary = summary
        self.detail = detail
        self.path = path


def _diagnostics(problems: list[Problem]) -> Diagnostics:
    diags = Diagnostics()
    for path, message in problems:
        diags.add_error(message, "", path=path)
    return diags


def _attribute_path(name: str) -> pb.AttributePath:
    return pb.AttributePath(steps=[pb.AttributePath.Step(attribute_name=name)])


def _error(exc: ProviderError) -> Diagnostics:
    return Diagnostics().add_error(exc.summary, exc.detail, path=exc.path)


class StandinServicer(ProviderServicer):
    # azurerm is built on terraform-plugin-sdk/v2, whose plans fill in defaults and
    # StateFunc results that differ from the configuration; Terraform accepts that only
    # from providers that declare the legacy type system, as the SDK does.
    LEGACY_TYPE_SYSTEM = True

    def _resource(self, type_name: str) -> Any:
        return self.app.new_resource(self._get_res_cls(type_name))

    def _data_source(self, type_name: str) -> Any:
        return self.app.new_data_source(self._get_ds_cls(type_name))

    def ValidateResourceConfig(self, request, context: grpc.ServicerContext):
        config = read_dynamic_value(request.config)
        problems = self._resource(request.type_name).validate(config)
        return pb.ValidateResourceConfig.Response(
            diagnostics=_diagnostics(problems).to_pb()
        )

    def ValidateDataResourceConfig(self, request, context: grpc.ServicerContext):
        config = read_dynamic_value(request.config)
        problems = self._data_source(request.type_name).validate(config)
        return pb.ValidateDataResourceConfig.Response(
            diagnostics=_diagnostics(problems).to_pb()
        )

    def UpgradeResourceState(self, request, context: grpc.ServicerContext):
        resource = self._resource(request.type_name)
        if not request.raw_state.json:
            diags = Diagnostics().add_error(
                "state in the legacy flatmap format is not supported by the stand-in",
                "Remove the state file; it was not written by this stand-in.",
            )
            return pb.UpgradeResourceState.Response(diagnostics=diags.to_pb())
        state = conform(resource.SCHEMA.block, json.loads(request.raw_state.json))
        return pb.UpgradeResourceState.Response(upgraded_state=to_dynamic_value(state))

    def ReadResource(self, request, context: grpc.ServicerContext):
        current = read_dynamic_value(request.current_state)
        resource = self._resource(request.type_name)
        try:
            new_state = resource.read(current)
        except ProviderError as exc:
            return pb.ReadResource.Response(
                new_state=request.current_state, diagnostics=_error(exc).to_pb()
            )
        return pb.ReadResource.Response(
            new_state=to_dynamic_value(conform(resource.SCHEMA.block, new_state))
        )

    def PlanResourceChange(self, request, context: grpc.ServicerContext):
        prior = read_dynamic_value(request.prior_state)
        proposed = read_dynamic_value(request.proposed_new_state)
        if proposed is None:
            return pb.PlanResourceChange.Response(
                legacy_type_system=self.LEGACY_TYPE_SYSTEM
            )

        resource = self._resource(request.type_name)
        try:
            planned = resource.plan(prior, proposed)
        except ProviderError as exc:
            return pb.PlanResourceChange.Response(diagnostics=_error(exc).to_pb())

        replace = []
        if prior is not None:
            for attribute in resource.SCHEMA.block.attributes:
                new = planned.get(attribute.name)
                changed = new is Unknown or new != prior.get(attribute.name)
                if attribute.force_new and changed:
                    replace.append(_attribute_path(attribute.name))
        return pb.PlanResourceChange.Response(
            planned_state=to_dynamic_value(planned),
            requires_replace=replace,
            legacy_type_system=self.LEGACY_TYPE_SYSTEM,
        )

    def ApplyResourceChange(self, request, context: grpc.ServicerContext):
        prior = read_dynamic_value(request.prior_state)
        planned = read_dynamic_value(request.planned_state)
        resource = self._resource(request.type_name)
        try:
            if planned is None:
                resource.delete(prior)
                new_state = None
            elif prior is None:
                new_state = resource.create(planned)
            else:
                new_state = resource.update(prior, planned)
        except ProviderError as exc:
            return pb.ApplyResourceChange.Response(
                new_state=request.prior_state,
                diagnostics=_error(exc).to_pb(),
                legacy_type_system=self.LEGACY_TYPE_SYSTEM,
            )
        return pb.ApplyResourceChange.Response(
            new_state=to_dynamic_value(conform(resource.SCHEMA.block, new_state)),
            legacy_type_system=self.LEGACY_TYPE_SYSTEM,
        )

    def ImportResourceState(self, request, context: grpc.ServicerContext):
        resource = self._resource(request.type_name)
        try:
            state = resource.import_state(request.id)
        except ProviderError as exc:
            return pb.ImportResourceState.Response(diagnostics=_error(exc).to_pb())
        imported = pb.ImportResourceState.ImportedResource(
            type_name=request.type_name,
            state=to_dynamic_value(conform(resource.SCHEMA.block, state)),
        )
        return pb.ImportResourceState.Response(imported_resources=[imported])

    def ReadDataSource(self, request, context: grpc.ServicerContext):
        config = read_dynamic_value(request.config)
        data_source = self._data_source(request.type_name)
        try:
            state = data_source.read(config)
        except ProviderError as exc:
            return pb.ReadDataSource.Response(diagnostics=_error(exc).to_pb())
        return pb.ReadDataSource.Response(
            state=to_dynamic_value(conform(data_source.SCHEMA.block, state))
        )

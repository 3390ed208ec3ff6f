"""CDK for Terraform constructs for purge tasks. The only package that imports cdktf.

A top-level package named ``constructs`` would shadow the ``constructs`` library that
cdktf imports, so the card's ``constructs/`` folder lives here, inside the package.
"""

from .lifecycle_stack import LifecycleStack, LifecycleStackProps
from .purge_task import PurgeTask, PurgeTaskProps
from .registry_lifecycle import RegistryLifecycle, RegistryLifecycleProps

__all__ = [
    "LifecycleStack",
    "LifecycleStackProps",
    "PurgeTask",
    "PurgeTaskProps",
    "RegistryLifecycle",
    "RegistryLifecycleProps",
]

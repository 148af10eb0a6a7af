"""In-cluster communication that Kubernetes compute needs (seed 000, "in-cluster communication
requirements"). All Azure Machine Learning components run in the `azureml` namespace."""

from __future__ import annotations

from dataclasses import dataclass

from .learn import cite
from .model import SeedRef


@dataclass(frozen=True)
class InClusterRequirement:
    source: str
    """Namespace/pods that open the connection."""
    destination: str
    ports: tuple[int, ...]
    """Empty: any port."""
    purpose: str
    inference_only: bool
    seed: SeedRef


_S = SeedRef("000", "Kubernetes compute: in-cluster communication requirements", cite("000", "in-cluster"))

IN_CLUSTER: tuple[InClusterRequirement, ...] = (
    InClusterRequirement("namespace azureml", "Kubernetes API server", (), "azureml components talk to the API server", False, _S),
    InClusterRequirement("namespace azureml", "namespace azureml", (), "azureml components talk to each other", False, _S),
    InClusterRequirement("namespace azureml", "kube-system/kube-dns", (), "name resolution", False, _S),
    InClusterRequirement("namespace azureml", "kube-system/konnectivity-agent", (), "API server tunnel", False, _S),
    InClusterRequirement("azureml-fe pods", "model pods (any namespace)", (5001,), "real-time inference: router to deployed models", True, _S),
    InClusterRequirement("azureml-fe pods", "azureml-fe pods", (11001, 12001, 12101, 12201, 20000, 8000, 8001, 9001),
                         "real-time inference: azureml-fe internal communication", True, _S),
    InClusterRequirement("model pods", "amlarc-identity-proxy pods", (9999,), "real-time inference: identity proxy", True, _S),
)

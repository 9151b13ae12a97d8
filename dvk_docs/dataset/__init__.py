"""The dataset: schema, loaders and validation."""

from .load import LoadedDataset, load_dataset, load_model, match_linh_vuc
from .models import RegistrantKind, Registration, Status
from .schema import Dataset

__all__ = [
    "Dataset",
    "LoadedDataset",
    "RegistrantKind",
    "Registration",
    "Status",
    "load_dataset",
    "load_model",
    "match_linh_vuc",
]

"""The dataset: schema, loaders and validation."""

from .load import LoadedDataset, load_dataset, match_linh_vuc
from .models import Dataset, RegistrantKind, Registration, Status

__all__ = [
    "Dataset",
    "LoadedDataset",
    "RegistrantKind",
    "Registration",
    "Status",
    "load_dataset",
    "match_linh_vuc",
]

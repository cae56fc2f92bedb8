"""JSON Schemas of the data files, generated from the models. Pure: no I/O."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas() -> dict[str, str]:
    """File name -> schema text, for `agreement.yaml`, `gemeenten.yaml`, `payments.yaml`."""
    from ..domain.models import Agreement, GemeentenFile, PaymentsFile

    out = {}
    for file, model, title in (
        ("agreement", Agreement, "opgave: data/agreement.yaml"),
        ("gemeenten", GemeentenFile, "opgave: data/gemeenten.yaml"),
        ("payments", PaymentsFile, "opgave: data/payments.yaml"),
    ):
        schema: dict[str, Any] = {
            "$schema": SCHEMA_DIALECT,
            **model.model_json_schema(),
            "title": title,
        }
        out[f"{file}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out

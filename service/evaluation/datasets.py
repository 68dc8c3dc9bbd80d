"""Evaluation datasets: manuals, complaints and the gold labels a person wrote for them.

The format is documented in evaluations/datasets/README.md; a malformed dataset is refused
with the file and the entry that is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.core.errors import BadInput, NotFound

M = TypeVar("M", bound=BaseModel)


class GoldRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str = Field(min_length=3)
    restrictive: bool
    legal_basis: str | None = None
    possibly_legal: bool = False
    protective: bool = False
    obligation: str | None = None
    reference_rewrite: str | None = None

    @property
    def legal(self) -> bool:
        """Rests on law or safety, cited or plainly: must never be loosened."""
        return self.legal_basis is not None or self.possibly_legal


class RuleRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    manual: str
    quote: str


class GoldComplaint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[RuleRef] = Field(default_factory=list)
    injection: bool = False
    personal_data: list[str] = Field(default_factory=list)


class DatasetInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    industry: str = ""
    jurisdiction: str = ""
    held_out: bool = False
    manuals: list[str] | None = None
    complaints: list[str] | None = None
    columns: dict[Literal["text", "id", "date", "channel"], str] = Field(default_factory=dict)


class Dataset(BaseModel):
    """A loaded dataset: its files and labels, every path checked to exist."""

    info: DatasetInfo
    folder: Path
    manuals: list[Path]
    complaint_files: list[Path]
    rules: dict[str, list[GoldRule]]  # manual file name -> its rules
    complaints: dict[str, GoldComplaint]

    @property
    def name(self) -> str:
        return self.info.name

    def gold_rule(self, ref: RuleRef) -> GoldRule | None:
        return next((g for g in self.rules.get(ref.manual, []) if g.quote == ref.quote), None)


def _read_json(path: Path) -> object:
    if not path.is_file():
        raise BadInput(f"{path} is missing; see evaluations/datasets/README.md for the layout")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{path} is not valid JSON: {exc}") from exc


def _valid(model: type[M], data: object, path: Path, where: str) -> M:
    """`data` as `model`, or an error naming the file, the entry and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        at = f"{where}.{field}" if where and field else where or field
        raise BadInput(f"{path}: {at}: {first['msg']}") from exc


def _files(folder: Path, listed: list[str] | None, sub: str) -> list[Path]:
    if listed is None:
        base = folder / sub
        return sorted(p for p in base.iterdir() if p.is_file()) if base.is_dir() else []
    paths = [(folder / item).resolve() for item in listed]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise BadInput(f"{folder / 'dataset.json'} names files that do not exist: {missing}")
    return paths


def load_dataset(folder: Path) -> Dataset:
    """Read and check one dataset folder."""
    folder = folder.resolve()
    info_path = folder / "dataset.json"
    info = _valid(DatasetInfo, _read_json(info_path), info_path, "")
    rules_path = folder / "gold" / "rules.json"
    raw_rules = _read_json(rules_path)
    if not isinstance(raw_rules, dict) or not all(isinstance(v, list) for v in raw_rules.values()):
        raise BadInput(f"{rules_path} must be an object mapping each manual file name to a list")
    rules = {
        manual: [
            _valid(GoldRule, item, rules_path, f"{manual}[{i}]") for i, item in enumerate(items)
        ]
        for manual, items in raw_rules.items()
    }
    complaints_path = folder / "gold" / "complaints.json"
    raw_complaints = _read_json(complaints_path)
    if not isinstance(raw_complaints, dict):
        raise BadInput(f"{complaints_path} must be an object keyed by complaint id")
    complaints = {
        str(cid): _valid(GoldComplaint, item, complaints_path, str(cid))
        for cid, item in raw_complaints.items()
    }
    manuals = _files(folder, info.manuals, "manuals")
    dataset = Dataset(
        info=info,
        folder=folder,
        manuals=manuals,
        complaint_files=_files(folder, info.complaints, "complaints"),
        rules=rules,
        complaints=complaints,
    )
    _check_references(dataset)
    return dataset


def _check_references(dataset: Dataset) -> None:
    names = {p.name for p in dataset.manuals}
    unknown = sorted(set(dataset.rules) - names)
    if unknown:
        raise BadInput(
            f"{dataset.folder}/gold/rules.json labels manuals that are not in the dataset: "
            f"{unknown}; its manuals are {sorted(names)}"
        )
    for cid, gold in dataset.complaints.items():
        for ref in gold.rules:
            if dataset.gold_rule(ref) is None:
                raise BadInput(
                    f"{dataset.folder}/gold/complaints.json: complaint {cid} names a rule that "
                    f"gold/rules.json does not list: {ref.manual}: {ref.quote!r}"
                )


def resolve(name_or_dir: str, root: Path | None) -> Path:
    """A dataset given by folder, or by name under the datasets root."""
    given = Path(name_or_dir)
    if (given / "dataset.json").is_file():
        return given
    if root is not None and (root / name_or_dir / "dataset.json").is_file():
        return root / name_or_dir
    known = ", ".join(p.name for p in available(root)) or "none"
    raise NotFound(
        f"no dataset {name_or_dir!r}: give a folder holding dataset.json; known: {known}"
    )


def available(root: Path | None) -> list[Path]:
    if root is None or not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "dataset.json").is_file())

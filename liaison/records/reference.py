"""Reference look-ups: municipalities, liaisons and DX fields of one store, found by tolerant keys."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from liaison import codes
from liaison.i18n import say
from liaison.records.text import normalize_key


@dataclass(frozen=True)
class Municipality:
    code: str
    name_ja: str
    region_id: str
    is_liaison_target: bool


@dataclass(frozen=True)
class Reference:
    """Municipalities, liaisons and DX fields of one store (in display order), with tolerant look-ups."""

    municipalities: dict[str, Municipality]  # by 6-digit code
    liaisons: dict[str, str]  # liaison_id -> name_ja
    fields: dict[str, str]  # field_id -> name_ja
    municipality_lookup: dict[str, str] = field(default_factory=dict)  # code, 5 digits or name -> code
    liaison_lookup: dict[str, str | None] = field(default_factory=dict)  # None: a name two liaisons share
    field_lookup: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_frames(
        cls, municipalities: pd.DataFrame, liaisons: pd.DataFrame, fields: pd.DataFrame
    ) -> Reference:
        """Built from the frames of municipalities (code, name_ja, region_id, is_liaison_target; by code),
        liaisons (liaison_id, name_ja; kept in liaison_id order) and DX fields (field_id, name_ja; in
        display order), as the named queries municipalities_by_region, liaisons_list and dx_fields_list
        return them (liaison.records.stored.reference runs them)."""
        munis = list(
            municipalities[["code", "name_ja", "region_id", "is_liaison_target"]].itertuples(
                index=False, name=None
            )
        )
        people = list(  # one per person: liaisons_list has a row per current assignment
            liaisons.drop_duplicates("liaison_id")
            .sort_values("liaison_id")[["liaison_id", "name_ja"]]
            .itertuples(index=False, name=None)
        )
        field_rows = list(fields[["field_id", "name_ja"]].itertuples(index=False, name=None))
        by_code = {
            code: Municipality(code, name, region, bool(target)) for code, name, region, target in munis
        }
        muni_lookup: dict[str, str] = {}
        for code, name, _, _ in munis:
            muni_lookup[code] = code
            muni_lookup[code[:5]] = code
            muni_lookup[normalize_key(name)] = code
        liaison_lookup: dict[str, str | None] = {}
        for liaison_id, name in people:
            key = normalize_key(name)
            liaison_lookup[key] = None if key in liaison_lookup else liaison_id
        for liaison_id, _ in people:
            liaison_lookup[normalize_key(liaison_id)] = liaison_id  # an id always wins over a name
        field_lookup = {normalize_key(name): field_id for field_id, name in field_rows}
        field_lookup.update({normalize_key(field_id): field_id for field_id, _ in field_rows})
        return cls(by_code, dict(people), dict(field_rows), muni_lookup, liaison_lookup, field_lookup)

    @property
    def targets(self) -> list[Municipality]:
        return [m for m in self.municipalities.values() if m.is_liaison_target]

    def municipality_name(self, code: str) -> str:
        found = self.municipalities.get(code)
        return found.name_ja if found else code

    def liaison_label(self, liaison_id: str | None) -> str | None:
        """The liaison's name where no other liaison has it, else the id (so a file re-imports)."""
        if liaison_id is None or liaison_id not in self.liaisons:
            return liaison_id
        name = self.liaisons[liaison_id]
        return name if self.liaison_lookup.get(normalize_key(name)) == liaison_id else liaison_id

    def resolve_municipality(self, text: object) -> tuple[str, str | None]:
        """(code, None) for a known municipality given by name or 5/6-digit code, else (text, reason).

        An unknown value comes back as written (normalised); the row checks then call it unknown. A
        6-digit code whose check digit is wrong gets its own reason naming the right code.
        """
        key = normalize_key(text)
        if not key.isdigit():
            key = key.removeprefix("兵庫県")
        elif len(key) not in (5, 6):
            return key, None
        if key in self.municipality_lookup:
            return self.municipality_lookup[key], None
        if len(key) == 6 and key.isdigit() and key[:5] in self.municipality_lookup:
            right = codes.with_check_digit(key[:5])
            return key, say(
                f"団体コードの検査数字が合いません（正しくは {right}）",
                f"has a wrong check digit (the code is {right})",
            )
        return key, None

    def resolve_liaison(self, text: object) -> tuple[str, str | None]:
        key = normalize_key(text)
        if key in self.liaison_lookup:
            found = self.liaison_lookup[key]
            if found is None:
                ids = [lid for lid, name in self.liaisons.items() if normalize_key(name) == key]
                return key, say(
                    f"同じ名前のリエゾンが複数います（{', '.join(ids)}）。IDで入力してください",
                    f"is the name of several liaisons ({', '.join(ids)}); give the ID",
                )
            return found, None
        return str(text).strip(), None

    def resolve_field(self, text: object) -> tuple[str, str | None]:
        key = normalize_key(text)
        return self.field_lookup.get(key, str(text).strip()), None

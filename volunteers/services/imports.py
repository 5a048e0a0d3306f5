"""Imports of volunteering: the skills reference list, volunteers and placements."""

import csv
from dataclasses import dataclass
from pathlib import Path

from takwia.tabular import (
    Column,
    RowError,
    choice,
    choice_of,
    day,
    header_key,
    split_list,
    text,
)
from takwia.tabular.importer import TableImport
from volunteers.models import Host, Placement, Programme, Skill, Volunteer

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ERROR_UNKNOWN_PROGRAMME = "programme « {value} » inconnu."
ERROR_UNKNOWN_SKILLS = "compétence(s) inconnue(s) : {values}."
ERROR_DUPLICATE = "même volontaire (nom, prénom, date de naissance) qu'à la ligne {first}."


def skills_load() -> int:
    """The skills reference list (volunteers/data/skills.csv), idempotent."""
    count = 0
    with open(DATA_DIR / "skills.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Skill.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_fr": row["name_fr"],
                    "name_ar": row["name_ar"],
                    "subdimensions": row["subdimensions"].split("|"),
                },
            )
            count += 1
    return count


GENDERS = {"f": "f", "femme": "f", "h": "m", "m": "m", "homme": "m"}
CATEGORY = choice_of(Volunteer.Category)
STATUS = choice_of(Volunteer.Status)

VOLUNTEER_COLUMNS = [
    Column("last_name", "Nom", text(120), required=True),
    Column("first_name", "Prénom", text(120), required=True),
    Column("gender", "Genre", choice(GENDERS, ["Femme", "Homme"]), required=True),
    Column("born_on", "Date de naissance", day),
    Column("nationality", "Nationalité", text(80), required=True),
    Column("languages", "Langues", text(255)),
    Column("email", "E-mail", text(254)),
    Column("category", "Catégorie", CATEGORY, required=True),
    Column("status", "Statut", STATUS, required=True),
    Column("programme", "Programme", text(255), required=True),
    Column("skills", "Compétences", split_list),
]  # fmt: skip


@dataclass
class VolunteerImportResult:
    created: int = 0
    updated: int = 0


class VolunteersImporter(TableImport):
    """Volunteers from CSV or XLSX, all or nothing, with the registry import's rules
    (French headers, line-numbered errors). A volunteer is recognised by last name,
    first name and date of birth."""

    columns = VOLUNTEER_COLUMNS

    def check(self, parsed, errors):
        programmes = {header_key(p.name): p for p in Programme.objects.all()}
        skills = {}
        for skill in Skill.objects.all():
            skills[header_key(skill.code)] = skill
            skills[header_key(skill.name_fr)] = skill
        rows, seen = [], {}
        for line, values in parsed:
            programme = programmes.get(header_key(values["programme"]))
            if programme is None:
                message = ERROR_UNKNOWN_PROGRAMME.format(value=values["programme"])
                errors.append(RowError(line, message, "Programme"))
                continue
            unknown = [s for s in values.get("skills") or [] if header_key(s) not in skills]
            if unknown:
                message = ERROR_UNKNOWN_SKILLS.format(values=", ".join(unknown))
                errors.append(RowError(line, message, "Compétences"))
                continue
            key = (
                header_key(values["last_name"]),
                header_key(values["first_name"]),
                values.get("born_on"),
            )
            if key in seen:
                errors.append(RowError(line, ERROR_DUPLICATE.format(first=seen[key])))
                continue
            seen[key] = line
            rows.append(
                (values, programme, [skills[header_key(s)] for s in values.get("skills") or []])
            )
        return rows

    def write(self, rows):
        result = VolunteerImportResult()
        for values, programme, skill_list in rows:
            volunteer = Volunteer.objects.filter(
                last_name__iexact=values["last_name"],
                first_name__iexact=values["first_name"],
                born_on=values.get("born_on"),
            ).first()
            result.updated += volunteer is not None
            result.created += volunteer is None
            volunteer = volunteer or Volunteer()
            for name in _VOLUNTEER_FIELDS:
                setattr(volunteer, name, values.get(name))
            volunteer.languages = values.get("languages") or ""
            volunteer.email = values.get("email") or ""
            volunteer.programme = programme
            volunteer.save()
            volunteer.skills.set(skill_list)
        return result


_VOLUNTEER_FIELDS = (
    "last_name", "first_name", "gender", "born_on", "nationality", "category", "status",
)  # fmt: skip


def volunteers_import(*, raw: bytes, dry_run: bool = False) -> VolunteerImportResult:
    """Create or update volunteers (see ``VolunteersImporter``)."""
    return VolunteersImporter(dry_run=dry_run).run(raw)


PLACEMENT_STATUS = choice_of(Placement.Status)
PLACEMENT_COLUMNS = [
    Column("last_name", "Nom du volontaire", text(120), required=True, aliases=("nom",)),
    Column("first_name", "Prénom du volontaire", text(120), required=True, aliases=("prénom",)),
    Column("host", "Structure d'accueil", text(255), required=True),
    Column("city", "Ville", text(120), required=True),
    Column("programme", "Programme", text(255), required=True),
    Column("theme", "Thème", text(120), required=True),
    Column("starts_on", "Début", day, required=True),
    Column("ends_on", "Fin", day),
    Column("status", "Statut", PLACEMENT_STATUS),
]
ERROR_UNKNOWN_VOLUNTEER = "volontaire « {value} » inconnu (importez d'abord les volontaires)."
ERROR_UNKNOWN_HOST = "structure d'accueil « {value} » inconnue."
ERROR_END_BEFORE_START = "la fin précède le début."


class PlacementsImporter(TableImport):
    """Placements (same volunteer, host and start: the same placement), all or nothing,
    with line-numbered French errors."""

    columns = PLACEMENT_COLUMNS

    def check(self, parsed, errors):
        volunteers = {
            (header_key(v.last_name), header_key(v.first_name)): v for v in Volunteer.objects.all()
        }
        hosts = {(header_key(h.name), header_key(h.city)): h for h in Host.objects.all()}
        programmes = {header_key(p.name): p for p in Programme.objects.all()}
        rows = []
        for line, values in parsed:
            volunteer = volunteers.get(
                (header_key(values["last_name"]), header_key(values["first_name"]))
            )
            host = hosts.get((header_key(values["host"]), header_key(values["city"])))
            programme = programmes.get(header_key(values["programme"]))
            name = f"{values['first_name']} {values['last_name']}"
            if volunteer is None:
                message = ERROR_UNKNOWN_VOLUNTEER.format(value=name)
                errors.append(RowError(line, message, "Nom du volontaire"))
            if host is None:
                message = ERROR_UNKNOWN_HOST.format(value=values["host"])
                errors.append(RowError(line, message, "Structure d'accueil"))
            if programme is None:
                message = ERROR_UNKNOWN_PROGRAMME.format(value=values["programme"])
                errors.append(RowError(line, message, "Programme"))
            if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
                errors.append(RowError(line, ERROR_END_BEFORE_START, "Fin"))
            if volunteer and host and programme:
                rows.append((volunteer, host, programme, values))
        return rows

    def write(self, rows):
        result = VolunteerImportResult()
        for volunteer, host, programme, values in rows:
            _, created = Placement.objects.update_or_create(
                volunteer=volunteer,
                host=host,
                starts_on=values["starts_on"],
                defaults={
                    "programme": programme,
                    "theme": values["theme"],
                    "ends_on": values.get("ends_on"),
                    "status": values.get("status") or Placement.Status.ONGOING,
                },
            )
            result.created += created
            result.updated += not created
        return result


def placements_import(*, raw: bytes, dry_run: bool = False) -> VolunteerImportResult:
    """Create or update placements (see ``PlacementsImporter``)."""
    return PlacementsImporter(dry_run=dry_run).run(raw)

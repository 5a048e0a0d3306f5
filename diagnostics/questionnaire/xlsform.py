"""A questionnaire version as an XLSForm (https://xlsform.org), for KoboToolbox and ODK
Collect: the same questions, choices, conditions and bounds as the entry pages, in
French and Arabic, so that the form can be filled offline on a phone.

- the association's identifier (registration reference or Takwia id) comes first, then
  the identification of the interview, then one group per axis;
- a condition (``predicates``) becomes ``relevant``: ``all`` -> and, ``any`` -> or,
  ``contains`` -> ``selected(${q}, 'x')``, ``between`` -> ``${q} >= a and ${q} <= b``...;
  a leaf on an unanswered question never holds, as on the server;
- integer and scale bounds, dates (1900 to today), text length and exclusive choices
  ("none of these") become ``constraint`` with the kinds' French messages;
- required questions are ``required`` (ODK does not require a question it does not ask,
  as the server does not count one).
"""

from diagnostics.questionnaire import kinds
from diagnostics.questionnaire.structure import Structure
from takwia.tabular.writing import Sheet, xlsx_workbook

FR, AR = "Français (fr)", "العربية (ar)"
IDENTIFIER = "association_ref"
IDENTIFICATION = ("respondent", "respondent_role", "interviewed_on")
YES_NO_LIST = "oui_non"
SURVEY_COLUMNS = [
    "type", "name", f"label::{FR}", f"label::{AR}", f"hint::{FR}", f"hint::{AR}",
    "required", f"required_message::{FR}", f"required_message::{AR}", "relevant",
    "constraint", f"constraint_message::{FR}", f"constraint_message::{AR}",
]  # fmt: skip
CHOICE_COLUMNS = ["list_name", "name", f"label::{FR}", f"label::{AR}"]
# The page says how many characters were typed; a phone's message cannot.
ERROR_TEXT_LONG = "{limit} caractères au plus."
# The same messages for a phone set to Arabic (the pages' are French only).
AR_REQUIRED = "جواب إجباري."
AR_RANGE = "المطلوب عدد بين {low} و{high}."
AR_DATE_RANGE = "المطلوب تاريخ بين 01/01/1900 واليوم."
AR_FUTURE = "لا يمكن أن يكون التاريخ في المستقبل."
AR_TEXT_LONG = "{limit} حرف على الأكثر."
AR_EXCLUSIVE = "لا يمكن اختيار « {label} » مع جواب آخر."
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "style"]


class Unsupported(ValueError):
    """A predicate the XLSForm translation does not know (the loader refuses it too)."""


def _literal(value) -> str:
    if isinstance(value, bool):
        return "'yes'" if value else "'no'"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "") + "'"


def _leaf(leaf: dict) -> str:
    from diagnostics.questionnaire.predicates import operator_of

    field = "${" + leaf["question"] + "}"
    operator = operator_of(leaf)
    operand = leaf[operator]
    if operator == "equals":
        return f"{field} = {_literal(operand)}"
    if operator == "in":
        return "(" + " or ".join(f"{field} = {_literal(v)}" for v in operand) + ")"
    if operator == "gte":
        return f"{field} >= {_literal(operand)}"
    if operator == "lte":
        return f"{field} <= {_literal(operand)}"
    if operator == "between":
        low, high = operand
        return f"({field} >= {_literal(low)} and {field} <= {_literal(high)})"
    if operator == "contains":
        return f"selected({field}, {_literal(operand)})"
    if operator == "contains_any":
        return "(" + " or ".join(f"selected({field}, {_literal(v)})" for v in operand) + ")"
    if operator == "excludes":
        # Unanswered never holds: "excludes" needs an answer.
        return f"({field} != '' and not(selected({field}, {_literal(operand)})))"
    raise Unsupported(operator)


def relevant(predicate: dict | None) -> str:
    """A condition as an XLSForm ``relevant`` expression ("" when always asked)."""
    if not predicate:
        return ""
    for combinator, word in (("all", " and "), ("any", " or ")):
        if combinator in predicate:
            parts = [relevant(part) for part in predicate[combinator]]
            return parts[0] if len(parts) == 1 else "(" + word.join(parts) + ")"
    return _leaf(predicate)


def _constraint(question) -> tuple[str, str, str]:
    """The constraint of a question, with its French and Arabic messages."""
    kind, spec = question.kind, question.spec
    if kind in {"integer", "scale"}:
        low, high = kinds.KINDS[kind].bounds(spec)
        if high is None:
            return (
                f". >= {low}",
                kinds.ERROR_RANGE.format(low=low, high="∞"),
                AR_RANGE.format(low=low, high="∞"),
            )
        return (
            f". >= {low} and . <= {high}",
            kinds.ERROR_RANGE.format(low=low, high=high),
            AR_RANGE.format(low=low, high=high),
        )
    if kind == "date":
        earliest = kinds.EARLIEST_DATE.isoformat()
        expression = f". >= date('{earliest}') and . <= today()"
        return expression, kinds.ERROR_DATE_RANGE, AR_DATE_RANGE
    if kind == "text":
        limit = spec.get("max_length", kinds.TEXT_LIMIT)
        written = f"{limit:,}".replace(",", " ")
        return (
            f"string-length(.) <= {limit}",
            ERROR_TEXT_LONG.format(limit=written),
            AR_TEXT_LONG.format(limit=written),
        )
    if kind == "multiple":
        exclusive = [c for c in spec.get("choices", []) if c.get("exclusive")]
        if exclusive:
            rules = [
                f"not(selected(., {_literal(c['code'])}) and count-selected(.) > 1)"
                for c in exclusive
            ]
            return (
                " and ".join(rules),
                " ".join(kinds.ERROR_EXCLUSIVE.format(label=c["label_fr"]) for c in exclusive),
                " ".join(
                    AR_EXCLUSIVE.format(label=c.get("label_ar") or c["label_fr"]) for c in exclusive
                ),
            )
    return "", "", ""


def _type(question) -> str:
    return {
        "yes_no": f"select_one {YES_NO_LIST}",
        "single": f"select_one {question.code}",
        "multiple": f"select_multiple {question.code}",
        "integer": "integer",
        "scale": "integer",
        "date": "date",
        "text": "text",
    }[question.kind]


def _row(**values) -> list:
    keys = {
        "type": "type", "name": "name", "label_fr": f"label::{FR}", "label_ar": f"label::{AR}",
        "hint_fr": f"hint::{FR}", "hint_ar": f"hint::{AR}", "required": "required",
        "required_message": f"required_message::{FR}",
        "required_message_ar": f"required_message::{AR}", "relevant": "relevant",
        "constraint": "constraint", "constraint_message": f"constraint_message::{FR}",
        "constraint_message_ar": f"constraint_message::{AR}",
    }  # fmt: skip
    named = {keys[key]: value for key, value in values.items()}
    return [named.get(column, "") for column in SURVEY_COLUMNS]


def xlsform_sheets(structure: Structure) -> list[Sheet]:
    """The survey, choices and settings sheets of the version's XLSForm."""
    version = structure.version
    survey = [
        _row(
            type="text",
            name=IDENTIFIER,
            label_fr="Référence du récépissé de l'association (ou son identifiant Takwia)",
            label_ar="مرجع وصل الإيداع للجمعية (أو معرفها في تقوية)",
            hint_fr="Tel qu'il figure au registre : c'est lui qui rattache le questionnaire "
            "à l'association lors de l'import.",
            required="yes",
            required_message=kinds.ERROR_REQUIRED,
            required_message_ar=AR_REQUIRED,
        ),
        _row(type="text", name="respondent", label_fr="Personne interrogée",
             label_ar="الشخص المستجوب"),
        _row(type="text", name="respondent_role", label_fr="Fonction", label_ar="الصفة"),
        _row(type="date", name="interviewed_on", label_fr="Date de l'entretien",
             label_ar="تاريخ المقابلة", constraint=". <= today()",
             constraint_message=kinds.ERROR_FUTURE, constraint_message_ar=AR_FUTURE),
    ]  # fmt: skip
    choices = [
        [YES_NO_LIST, "yes", "Oui", "نعم"],
        [YES_NO_LIST, "no", "Non", "لا"],
    ]
    for axis in structure.axes:
        survey.append(
            _row(type="begin_group", name=axis.code, label_fr=axis.name_fr, label_ar=axis.name_ar)
        )
        for _sub, questions in structure.questions_of(axis):
            for question in questions:
                constraint, message, message_ar = _constraint(question)
                survey.append(
                    _row(
                        type=_type(question),
                        name=question.code,
                        label_fr=question.text_fr,
                        label_ar=question.text_ar,
                        hint_fr=question.help_fr,
                        hint_ar=question.help_ar,
                        required="yes" if question.required else "",
                        required_message=kinds.ERROR_REQUIRED if question.required else "",
                        required_message_ar=AR_REQUIRED if question.required else "",
                        relevant=relevant(question.spec.get("condition")),
                        constraint=constraint,
                        constraint_message=message,
                        constraint_message_ar=message_ar,
                    )
                )
                if question.kind in {"single", "multiple"}:
                    choices += [
                        [question.code, choice.code, choice.label_fr, choice.label_ar]
                        for choice in question.choices.all()
                    ]
        survey.append(_row(type="end_group", name=axis.code))
    settings = [
        [
            version.title_fr,
            f"takwia_v{version.number}",
            f"{version.number}.{version.source_digest[:8]}",
            FR,
            "pages",
        ]
    ]
    return [
        Sheet("survey", SURVEY_COLUMNS, survey),
        Sheet("choices", CHOICE_COLUMNS, choices),
        Sheet("settings", SETTINGS_COLUMNS, settings),
    ]


def xlsform_bytes(structure: Structure) -> bytes:
    return xlsx_workbook(xlsform_sheets(structure))


def xlsform_filename(structure: Structure) -> str:
    return f"takwia-questionnaire-v{structure.version.number}.xlsx"

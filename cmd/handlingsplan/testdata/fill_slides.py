#!/usr/bin/python3
"""Fill the blank PowerPoint template in LibreOffice Impress the way a plan owner would.

Makes testdata/lo_filled_slides.pptx: our blank template (handlingsplan template -o X.pptx)
opened in Impress over UNO; the plan details tables (bild 3 and 4), the plan slide's title
and the table cells under the example row (bild 5) are typed into, with the in-cell lines
"Behov av ledningsstöd: Ja" and "Påverkan: …"; one status is shown only by colouring its
cell red, and Impress saves it as .pptx. With "fel" it makes lo_filled_slides_errors.pptx
instead: the mistakes plan owners make, in the details table and in cell lines.

    apt-get install python3-uno libreoffice-impress
    go run ./cmd/handlingsplan template -o /tmp/mall.pptx
    /usr/bin/python3 cmd/handlingsplan/testdata/fill_slides.py /tmp/mall.pptx cmd/handlingsplan/testdata/lo_filled_slides.pptx
    /usr/bin/python3 cmd/handlingsplan/testdata/fill_slides.py /tmp/mall.pptx cmd/handlingsplan/testdata/lo_filled_slides_errors.pptx fel
"""
import os
import sys
import uno
from office import Office

errors = len(sys.argv) > 3 and sys.argv[3] == "fel"
office = Office(sys.argv[1], pipe="hpslides%d" % os.getpid())
doc = office.doc
if doc is None:
    raise SystemExit("LibreOffice could not open %s (a .~lock file left by a crashed run?)" % sys.argv[1])


def shapes(index):
    page = doc.DrawPages.getByIndex(index)
    return [page.getByIndex(i) for i in range(page.Count)]


def table_on(index):
    for sh in shapes(index):
        if sh.ShapeType == "com.sun.star.drawing.TableShape":
            return sh.Model
    raise SystemExit("no table on slide %d" % (index + 1))


def fill_details(index, values):
    """Types each value into the Värde cell of the row whose label starts with the key."""
    table = table_on(index)
    for r in range(1, table.Rows.Count):
        label = table.getCellByPosition(0, r).String.split("\n")[0]
        for key, value in values.items():
            if label.startswith(key):
                table.getCellByPosition(1, r).String = value


fill_details(2, {
    "Programområde": "Ortopedi" if errors else "RPO Äldres hälsa",
    "Typ": "RPO",
    "Nationellt programområde": "NPO Äldres hälsa",
    "Kunskapsråd": "Kunskapsråd Nära vård",
    "Kontaktperson": "Helena Berg",
    "E-post": "helena.berg at rjl.se" if errors else "helena.berg@rjl.se",
    "Senast uppdaterad": "20 oktober 2026",
    "Planperiod": "2026–2027",
})
fill_details(3, {
    "Samverkan – NPO": "Representant i NPO Äldres hälsa arbetsgrupp för sköra äldre.",
    "Samverkan – andra RPO": "RPO Primärvård om läkemedelsgenomgångar; RSG Patientsäkerhet om fall.",
    "Samverkan – kommuner": "Länsgemensamma ledningsgrupper för vård och omsorg i de tre länen.",
    "Samverkan – patientföreträdare": "PRO och SPF Seniorerna i referensgruppen.",
    "Övriga kommentarer": "Planen behandlades i Kunskapsråd Nära vård i oktober 2026.",
})

for sh in shapes(4):
    if sh.ShapeType == "com.sun.star.drawing.TableShape":
        continue
    if sh.ShapeType == "com.sun.star.presentation.TitleTextShape" or sh.String.startswith("Handlingsplan ["):
        sh.String = "Handlingsplan RPO Äldres hälsa 2026"

table = table_on(4)
rows = [
    ["Sköra äldre", "Sammanhållen vård för multisjuka äldre\nP5",
     "Mobila närsjukvårdsteam i samverkan med kommunerna\nTidplan: 2026–2027\nSamverkan: Kommunernas hemsjukvård",
     "Mål: 12 team i drift\nResultat: 7 team", "Gul",
     "Rekrytering av sjuksköterskor pågår.\nBehov av ledningsstöd: " + ("Kanske" if errors else "Ja") +
     "\nPåverkan: " + ("Omorganisation" if errors else "Verksamhetsförändring – teamen bemannas gemensamt med kommunerna")],
    ["", "", "Läkemedelsgenomgångar för personer över 75 år\nTidplan: Löpande",
     "Mål: ≥ 80 % genomgångna\nResultat: 64 %", "Grön",
     "Påverkan: Finansiell förändring\nBeskrivning av förändring: 1,2 mnkr per år för farmaceuter"],
    ["Demens", "Tidig demensutredning\nP2, P3", "Basal demensutredning i primärvården\nTidplan: 2027",
     "Mål: 90 % utredda inom 3 månader", "", "Status visas bara med röd färg."],
    ["", "", "Utbildning i demensvård för hemtjänsten",
     "Mål: 500 utbildade\nResultat: 500 utbildade", "Avslutad",
     "Slutrapport: Utbildningen är införd i kommunernas introduktion.\nKonsekvenser för verksamheten: Ny introduktion för all personal."],
]
first = 2  # row 0 is the header, row 1 the example
for r, values in enumerate(rows, start=first):
    for c, text in enumerate(values):
        table.getCellByPosition(c, r).String = text
red = table.getCellByPosition(4, first + 2)
red.FillStyle = uno.Enum("com.sun.star.drawing.FillStyle", "SOLID")
red.FillColor = 0xE02020

office.save(sys.argv[2], "Impress MS PowerPoint 2007 XML")

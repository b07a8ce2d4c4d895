#!/usr/bin/python3
"""Fill the blank PowerPoint template in LibreOffice Impress the way a plan owner would.

Makes testdata/lo_filled_slides.pptx: our blank template (handlingsplan template -o X.pptx)
opened in Impress over UNO; the title and the table cells are typed into, one status is
shown only by colouring its cell red, and Impress saves it as .pptx.

    apt-get install python3-uno libreoffice-impress
    go run ./cmd/handlingsplan template -o /tmp/mall.pptx
    /usr/bin/python3 cmd/handlingsplan/testdata/fill_slides.py /tmp/mall.pptx cmd/handlingsplan/testdata/lo_filled_slides.pptx
"""
import sys
import uno
from office import Office

office = Office(sys.argv[1])
doc = office.doc
page = doc.DrawPages.getByIndex(1)

table = None
for i in range(page.Count):
    sh = page.getByIndex(i)
    if sh.ShapeType == "com.sun.star.drawing.TableShape":
        table = sh.Model
    elif sh.ShapeType == "com.sun.star.presentation.TitleTextShape" or sh.String.startswith("Handlingsplan ["):
        sh.String = "Handlingsplan RPO Äldres hälsa 2026"
    elif sh.String.startswith("Programområde"):
        sh.String = "Programområde: RPO Äldres hälsa\nSenast uppdaterad: 2026-10-20"

rows = [
    ["Sköra äldre", "Sammanhållen vård för multisjuka äldre\nP5", "Mobila närsjukvårdsteam i samverkan med kommunerna\nTidplan: 2026–2027",
     "Mål: 12 team i drift\nResultat: 7 team", "Gul", "Rekrytering av sjuksköterskor pågår."],
    ["", "", "Läkemedelsgenomgångar för personer över 75 år\nTidplan: Löpande",
     "Mål: ≥ 80 % genomgångna\nResultat: 64 %", "Grön", ""],
    ["Demens", "Tidig demensutredning\nP2, P3", "Basal demensutredning i primärvården\nTidplan: 2027",
     "Mål: 90 % utredda inom 3 månader", "", "Status visas bara med röd färg."],
    ["", "", "Utbildning i demensvård för hemtjänsten",
     "Mål: 500 utbildade\nResultat: 500 utbildade", "Avslutad", "Slutrapport lämnad."],
]
for r, values in enumerate(rows, start=1):
    for c, text in enumerate(values):
        table.getCellByPosition(c, r).String = text
red = table.getCellByPosition(4, 3)
red.FillStyle = uno.Enum("com.sun.star.drawing.FillStyle", "SOLID")
red.FillColor = 0xE02020

office.save(sys.argv[2], "Impress MS PowerPoint 2007 XML")

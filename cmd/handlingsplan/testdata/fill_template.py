#!/usr/bin/python3
"""Fill the blank template in LibreOffice Calc the way a plan owner would, and save it.

Makes testdata/lo_filled_template.xlsx: our own blank template (handlingsplan template),
opened in Calc over UNO, typed into cell by cell (text dates, line breaks, an area
continued on empty rows, promises as "P2; 4"), and saved by Calc as .xlsx.

    apt-get install python3-uno libreoffice-calc
    go run ./cmd/handlingsplan template -o /tmp/mall.xlsx
    /usr/bin/python3 cmd/handlingsplan/testdata/fill_template.py /tmp/mall.xlsx cmd/handlingsplan/testdata/lo_filled_template.xlsx
    /usr/bin/python3 cmd/handlingsplan/testdata/fill_template.py /tmp/mall.xlsx cmd/handlingsplan/testdata/lo_filled_errors.xlsx fel
"""
import os
import sys
import uno
from office import Office

office = Office(sys.argv[1], pipe="hpcalc%d" % os.getpid())
doc = office.doc
sheets = doc.Sheets

def put(sheet, cell, text):
    # setFormula behaves like typing: "2026-10-15" becomes a date, "12" a number.
    sheets.getByName(sheet).getCellRangeByName(cell).setFormula(text)

plan = {
    "B4": "Psykisk hälsa", "B5": "RPO", "B6": "NPO Psykisk hälsa", "B7": "Kunskapsråd Psykisk hälsa",
    "B8": "Sara Nyström", "B9": "sara.nystrom@regionkalmar.se", "B10": "2026-10-15", "B11": "2026–2027",
    "B12": "Deltar i NPO:s arbetsgrupp för suicidprevention.",
    "B13": "RPO Barn och ungdomars hälsa; RSG Patientsäkerhet",
    "B14": "Samverkan med kommunernas socialtjänst i alla tre länen.",
    "B15": "Patientföreträdare från NSPH deltar i alla möten.",
    "B16": "Planen fastställd i programområdet 2026-10-01.",
}
for cell, text in plan.items():
    put("Plan", cell, text)

# Columns follow the template: A insatsområde, B område, C löften, D aktivitet, E tidplan,
# F samverkan, G metod, H indikatorer, I mål, J mätansvarig, K resultat, L status,
# M kommentar, N ledningsstöd, O–Q konsekvenser, R slutrapport, S påverkan, T beskrivning.
rows = [
    {"A": "Suicidprevention", "B": "Suicidprevention", "C": "P4; 5", "D": "Strukturerad suicidriskbedömning i all psykiatrisk vård",
     "E": "2026–2027", "G": "Journalgranskning", "I": "≥ 90 % av nybesök har dokumenterad bedömning", "J": "Kvalitetsutvecklare RÖ",
     "K": "72 %", "L": "Gul", "M": "Utbildning pågår i Region Kalmar län.", "N": "Nej"},
    {"D": "Gemensam utbildning för socialtjänst och primärvård", "I": "300 utbildade", "K": "120 utbildade", "L": "Grön", "N": "Nej"},
    {"D": "Händelseanalys av suicid inom 30 dagar efter vårdkontakt", "I": "100 % analyserade", "L": "Röd",
     "M": "Saknar gemensam rutin.\nBehöver beslut om ansvar mellan regionerna.", "N": "Ja",
     "S": "Arbetsfördelning/nivåstrukturering", "T": "Gemensam analysgrupp placerad i Region Östergötland."},
    {"A": "Samsjuklighet", "B": "Samsjuklighet – psykiatri och beroende", "C": "P5", "D": "Integrerade mottagningar för samsjuklighet",
     "I": "3 mottagningar öppnade", "K": "2 öppnade", "L": "Avslutad", "R": "Slutrapport till kunskapsrådet november 2026", "N": "Nej"},
    {"D": "SIP med kommunerna för alla med samsjuklighet", "I": "80 % med SIP", "L": "Grön", "N": "Nej",
     "S": "Verksamhetsförändring", "T": "Nytt arbetssätt i öppenvården från 2027."},
]
first = 5  # header on row 3, the example activity on row 4
for i, r in enumerate(rows):
    for col, text in r.items():
        put("Aktiviteter", f"{col}{first + i}", text)

if len(sys.argv) > 3 and sys.argv[3] == "fel":
    # The mistakes plan owners make: an unknown status, promise and programme area.
    put("Aktiviteter", "L6", "Lila")
    put("Aktiviteter", "C5", "P4; P9")
    put("Plan", "B4", "Ortopedi")

office.save(sys.argv[2], "Calc MS Excel 2007 XML")

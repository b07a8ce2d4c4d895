package workbook

import (
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/generator/xlsxlayout"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// inputFill marks the working columns that the preparation fills in.
const inputFill = "FFF8E1"

// cellFontSize is the size of table text; rowHeight assumes it.
const cellFontSize = 10

type styles struct {
	title, subtitle, note, section int
	header, headerWork             int
	cell, number, date, flag       int
	totalLabel, totalNumber        int
	input, inputNumber             int
	status                         map[plan.Status]int // explicit fill
	statusRule                     map[plan.Status]int // conditional format
}

func (b *builder) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func (b *builder) newStyles() styles {
	thin := []excelize.Border{{Type: "left", Color: report.ColorRule, Style: 1}, {Type: "right", Color: report.ColorRule, Style: 1},
		{Type: "top", Color: report.ColorRule, Style: 1}, {Type: "bottom", Color: report.ColorRule, Style: 1}}
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: "Calibri", Size: size, Bold: bold, Color: color}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	wrapTop := &excelize.Alignment{WrapText: true, Vertical: "top"}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "top"}
	dateFmt := "yyyy-mm-dd"
	thousands := "#,##0"

	st := styles{
		title:    b.style(&excelize.Style{Font: font(16, true, report.ColorAccent)}),
		subtitle: b.style(&excelize.Style{Font: font(11, false, report.ColorText)}),
		note:     b.style(&excelize.Style{Font: &excelize.Font{Family: "Calibri", Size: 9, Italic: true, Color: report.ColorMuted}}),
		section:  b.style(&excelize.Style{Font: font(12, true, report.ColorAccent)}),
		header: b.style(&excelize.Style{Font: font(cellFontSize, true, "FFFFFF"), Fill: fill(report.ColorAccent), Border: thin,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}),
		headerWork: b.style(&excelize.Style{Font: font(cellFontSize, true, "FFFFFF"), Fill: fill(report.ColorMuted), Border: thin,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}),
		cell:   b.style(&excelize.Style{Font: font(cellFontSize, false, report.ColorText), Border: thin, Alignment: wrapTop}),
		number: b.style(&excelize.Style{Font: font(cellFontSize, false, report.ColorText), Border: thin, Alignment: center}),
		date: b.style(&excelize.Style{Font: font(cellFontSize, false, report.ColorText), Border: thin, CustomNumFmt: &dateFmt,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}),
		flag: b.style(&excelize.Style{Font: font(cellFontSize, true, report.ColorFlag), Border: thin, Alignment: wrapTop}),
		totalLabel: b.style(&excelize.Style{Font: font(cellFontSize, true, report.ColorText), Fill: fill(report.ColorAccentTint), Border: thin,
			Alignment: wrapTop}),
		totalNumber: b.style(&excelize.Style{Font: font(cellFontSize, true, report.ColorText), Fill: fill(report.ColorAccentTint), Border: thin,
			Alignment: center}),
		input: b.style(&excelize.Style{Font: font(cellFontSize, false, report.ColorText), Fill: fill(inputFill), Border: thin, Alignment: wrapTop}),
		inputNumber: b.style(&excelize.Style{Font: font(cellFontSize, false, report.ColorText), Fill: fill(inputFill), Border: thin,
			CustomNumFmt: &thousands, Alignment: &excelize.Alignment{Vertical: "top"}}),
		status:     map[plan.Status]int{},
		statusRule: map[plan.Status]int{},
	}
	for _, s := range append([]plan.Status{plan.StatusNone}, plan.Statuses...) {
		st.status[s] = b.style(&excelize.Style{Font: font(cellFontSize, true, report.ColorText), Fill: fill(report.StatusTint(s)),
			Border: thin, Alignment: center})
	}
	for _, s := range plan.Statuses {
		id, err := b.f.NewConditionalStyle(&excelize.Style{Fill: fill(report.StatusTint(s)), Font: &excelize.Font{Bold: true}})
		b.check(err)
		st.statusRule[s] = id
	}
	return st
}

// statusRules colours every cell of rangeRef that holds a status word, so that a
// status changed by hand in the working copy is recoloured too.
func (b *builder) statusRules(sheet, rangeRef string) {
	var rules []excelize.ConditionalFormatOptions
	for _, s := range plan.Statuses {
		id := b.st.statusRule[s]
		rules = append(rules, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: `"` + s.Label() + `"`, Format: &id})
	}
	b.check(b.f.SetConditionalFormat(sheet, rangeRef, rules))
}

// rowHeight is the height of a row of 10 pt text in the given columns.
func rowHeight(texts []string, widths []float64) float64 {
	return xlsxlayout.RowHeight(texts, widths, 10)
}

// yesNo is the Swedish word for a flag.
func yesNo(v bool) string {
	if v {
		return "Ja"
	}
	return "Nej"
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// cellStyle is the style of a table cell: wrapped text, or centred for short
// values such as a status word, whose fill comes from a conditional format.
func (st styles) cellStyle(center bool) int {
	if center {
		return st.number
	}
	return st.cell
}

// dateOnly drops the clock so that Excel shows the day the plan owner meant.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// statusWord is the label of a status, or empty for none, for lists where no
// status means "not applicable" rather than "missing".
func statusWord(s plan.Status) string {
	if s == plan.StatusNone {
		return ""
	}
	return s.Label()
}

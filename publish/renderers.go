package publish

import (
	"io"

	"handlingsplan/generator/deck"
	"handlingsplan/generator/pdfreport"
	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// Renderers are the files of every package – the deck, the PDF and the workbook –
// in the order they are written.
func Renderers() []Renderer {
	return []Renderer{
		{Ext: ".pptx", Write: deck.Write},
		{Ext: ".pdf", Write: pdfreport.Write},
		{Ext: ".xlsx", Write: func(w io.Writer, r *report.Report, cat *plan.Catalog) error {
			return workbook.Write(w, r, cat, workbook.Options{})
		}},
	}
}

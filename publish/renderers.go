package publish

import (
	"context"
	"io"

	"handlingsplan/generator/deck"
	"handlingsplan/generator/pdfreport"
	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// Renderers are the files of every package – the deck, the PDF and the workbook –
// in the order they are written. Each gives up before it starts when ctx is
// cancelled; the writers themselves run to the end of their file.
func Renderers() []Renderer {
	return []Renderer{
		{Ext: ".pptx", Write: func(ctx context.Context, w io.Writer, r *report.Report, cat *plan.Catalog) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return deck.Write(w, r, cat)
		}},
		{Ext: ".pdf", Write: func(ctx context.Context, w io.Writer, r *report.Report, cat *plan.Catalog) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return pdfreport.Write(w, r, cat)
		}},
		{Ext: ".xlsx", Write: func(ctx context.Context, w io.Writer, r *report.Report, cat *plan.Catalog) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return workbook.Write(w, r, cat, workbook.Options{})
		}},
	}
}

package main

import (
	"io"

	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/report"
)

// renderers are the files of every package, in the order they are written.
func renderers() []publish.Renderer {
	return []publish.Renderer{
		{Ext: ".xlsx", Write: func(w io.Writer, r *report.Report, cat *plan.Catalog) error {
			return workbook.Write(w, r, cat, workbook.Options{})
		}},
	}
}

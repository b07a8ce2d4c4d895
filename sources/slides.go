package sources

import "handlingsplan/plan"

// readSlides reads a filled PowerPoint template. This is a placeholder until the
// PowerPoint reader is written; it refuses the file with a clear message.
func readSlides(in Input, cat *plan.Catalog, lim Limits) Result {
	res := Result{Format: "pptx"}
	res.Problems.Errorf(fileLoc(in), "", "PowerPoint-läsaren saknas ännu. Skicka in planen i Excel-mallen (.xlsx) tills vidare.")
	return res
}

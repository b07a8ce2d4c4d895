package config

import (
	"fmt"
	"strings"

	"handlingsplan/templates"
)

// Publication is what the public website (handlingsplan site, /publicerat/) and
// the public Plan package leave out.
type Publication struct {
	// Hide are the fields left out, in the order the configuration names them.
	Hide []templates.Field
}

// Hidden reports whether the field is left out of what is published.
func (p Publication) Hidden(f templates.Field) bool {
	for _, h := range p.Hide {
		if h == f {
			return true
		}
	}
	return false
}

// notHideable are the fields a published plan cannot do without: what the plan
// is, its areas, its activities and their status.
var notHideable = map[templates.Field]bool{
	templates.PlanName: true, templates.ColArea: true, templates.ColActivity: true,
	templates.ColStatus: true, templates.ColID: true,
}

// parsePublication resolves publication.hide: each entry is a field label as the
// template names it (Plan sheet or Aktiviteter column, case and dashes as the
// reader allows), so an administrator writes what the plan owners see.
func parsePublication(hide []string, fail failFunc) (Publication, error) {
	var p Publication
	for i, label := range hide {
		key := fmt.Sprintf("publication.hide[%d]", i)
		f, ok := fieldByLabel(label)
		switch {
		case !ok:
			return p, fail(key, "%q är inget fält i mallen; skriv fältets rubrik som i mallen, t.ex. %q eller %q",
				label, templates.ActivityColumn(templates.ColSupport).Label, templates.ActivityColumn(templates.ColImpactDetail).Label)
		case notHideable[f]:
			return p, fail(key, "%q kan inte döljas: en publicerad plan måste visa programområde, prioriterade områden, aktiviteter och status", label)
		case p.Hidden(f):
			return p, fail(key, "%q står redan i listan", label)
		}
		p.Hide = append(p.Hide, f)
	}
	return p, nil
}

func fieldByLabel(label string) (templates.Field, bool) {
	if strings.TrimSpace(label) == "" {
		return "", false
	}
	for _, ls := range [][]templates.Label{templates.PlanLabels, templates.ActivityColumns} {
		for _, l := range ls {
			if l.Matches(label) {
				return l.Field, true
			}
		}
	}
	return "", false
}

package plan

import (
	"fmt"
	"strings"
)

// Impact is an activity's effect on the annual regional agreement (överenskommelsen).
type Impact string

// The kinds of impact.
const (
	ImpactNone        Impact = ""
	ImpactOperational Impact = "verksamhetsforandring"
	ImpactFinancial   Impact = "finansiell"
	ImpactStructure   Impact = "arbetsfordelning"
)

// Impacts lists the kinds of impact that affect the agreement, in display order.
var Impacts = []Impact{ImpactOperational, ImpactFinancial, ImpactStructure}

// Label is the Swedish text users see and choose in the template.
func (i Impact) Label() string {
	switch i {
	case ImpactOperational:
		return "Verksamhetsförändring"
	case ImpactFinancial:
		return "Finansiell förändring"
	case ImpactStructure:
		return "Arbetsfördelning/nivåstrukturering"
	}
	return "Ingen"
}

// ImpactChoices are the dropdown values of the template, "Ingen" first.
func ImpactChoices() []string {
	out := []string{ImpactNone.Label()}
	for _, i := range Impacts {
		out = append(out, i.Label())
	}
	return out
}

// ParseImpact reads a påverkan value; empty, "ingen" and "nej" mean none.
func ParseImpact(text string) (Impact, error) {
	t := Fold(text)
	switch {
	case t == "" || t == "ingen" || t == "nej" || t == "ingen påverkan" || t == "-":
		return ImpactNone, nil
	case strings.HasPrefix(t, "verksamhet"):
		return ImpactOperational, nil
	case strings.HasPrefix(t, "finansiell") || strings.HasPrefix(t, "ekonomisk"):
		return ImpactFinancial, nil
	case strings.HasPrefix(t, "arbetsfördelning") || strings.HasPrefix(t, "nivåstrukturering"):
		return ImpactStructure, nil
	}
	return ImpactNone, fmt.Errorf("okänd påverkan %q; välj %s", text, strings.Join(ImpactChoices(), ", "))
}

// ParseYesNo reads a ja/nej value such as behov av ledningsstöd; empty means no.
func ParseYesNo(text string) (bool, error) {
	switch Fold(text) {
	case "ja", "j", "yes", "y", "x", "1", "sant", "true", "☒", "☑", "✓", "✔":
		return true, nil
	case "", "nej", "n", "no", "0", "falskt", "false", "-", "☐":
		return false, nil
	}
	return false, fmt.Errorf("okänt värde %q; skriv Ja eller Nej", text)
}

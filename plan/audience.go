package plan

import "fmt"

// Audience is who a package of outputs is made for.
type Audience string

// The audiences of SPEC §4.
const (
	AudienceKR   Audience = "kr"   // one knowledge council
	AudienceRSL  Audience = "rsl"  // Regionsjukvårdsledningen: the whole region
	AudienceSVN  Audience = "svn"  // Samverkansnämnden: proposals for the agreement
	AudiencePlan Audience = "plan" // one plan, for publishing
)

// Audiences lists every audience in display order.
var Audiences = []Audience{AudienceKR, AudienceRSL, AudienceSVN, AudiencePlan}

// ParseAudience reads an audience name such as "kr" or "RSL".
func ParseAudience(s string) (Audience, error) {
	a := Audience(Fold(s))
	for _, x := range Audiences {
		if a == x {
			return a, nil
		}
	}
	return "", fmt.Errorf("okänd målgrupp %q; välj kr, rsl, svn eller plan", s)
}

// Label is the Swedish name of the audience's package.
func (a Audience) Label() string {
	switch a {
	case AudienceKR:
		return "Kunskapsråd"
	case AudienceRSL:
		return "Regionsjukvårdsledningen"
	case AudienceSVN:
		return "Överenskommelse"
	case AudiencePlan:
		return "Handlingsplan"
	}
	return string(a)
}

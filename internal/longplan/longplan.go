// Package longplan builds, for the renderers' tests, a plan with every field of
// SPEC §2 filled in and one comment of 2,000 characters, and lists the words a
// rendering of it must show.
package longplan

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"handlingsplan/plan"
)

// Name is the plan's programme area (a configured one).
const Name = "RPO Psykisk hälsa"

// Plan returns the plan: three areas of four activities, every field filled with
// text of its own, the first activity's comment 2,000 characters long.
func Plan() *plan.Plan {
	p := &plan.Plan{
		Name: Name, Kind: plan.KindRPO, National: "NPO Psykisk hälsa", Forum: "Kunskapsråd Psykisk hälsa",
		Contact: "Karin Lindqvist", Email: "karin.lindqvist@example.se",
		Updated: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Period: "2026–2027",
		Cooperation: plan.Cooperation{
			National: "Nationella programområdet deltar i arbetsgruppen för vårdförlopp vid depression och ångest.",
			Regional: "Samarbete med RPO Primärvård om gemensamma mottagningar och remissvägar.",
			Local:    "Kommunernas socialtjänst och elevhälsa medverkar i planeringen av insatser.",
			Patients: "Brukarrådet granskar patientinformationen två gånger per år.",
		},
		Comments: "Planen revideras efter kunskapsrådets möte i mars. Uppföljningen samordnas med regionernas ledningssystem.",
	}
	n := 0
	for ai, title := range []string{"Suicidprevention", "Tidig upptäckt hos barn och unga", "Samsjuklighet och beroende"} {
		a := plan.Area{NationalArea: fmt.Sprintf("Insatsområde %d: jämlik psykiatrisk vård", ai+1), Title: title, Promises: []string{"P1", "P2"}}
		for j := range 4 {
			n++
			a.Activities = append(a.Activities, plan.Activity{
				Description: fmt.Sprintf("Aktivitet%d: gemensamt arbetssätt för %s i alla tre regionerna", n, strings.ToLower(title)),
				Schedule:    fmt.Sprintf("Tidplan%d: start januari 2026, klart december 2027", n),
				Cooperation: fmt.Sprintf("Samverkan%d: vårdcentraler, kommuner och patientföreningar", n),
				FollowUp: plan.FollowUp{
					Method:      fmt.Sprintf("Metod%d: journalgranskning två gånger per år", n),
					Indicators:  fmt.Sprintf("Indikator%d: andel patienter med dokumenterad vårdplan", n),
					Goal:        fmt.Sprintf("Mål%d: minst 90 %% senast december 2027", n),
					Responsible: fmt.Sprintf("Mätansvarig%d: kvalitetsutvecklare i Region Kalmar län", n),
					Result:      fmt.Sprintf("Resultat%d: 78 %% i september 2026", n),
				},
				Status:       plan.Statuses[(n+j)%len(plan.Statuses)],
				Comment:      fmt.Sprintf("Kommentar%d: arbetet går framåt men bemanningen är ansträngd.", n),
				NeedsSupport: n%3 == 0,
				Consequences: plan.Consequences{
					Citizens:   fmt.Sprintf("Invånare%d: kortare väntetid och samma information oavsett region.", n),
					Operations: fmt.Sprintf("Verksamhet%d: nya arbetssätt kräver utbildning av medarbetarna.", n),
					Governance: fmt.Sprintf("Styrning%d: gemensam uppföljning i kunskapsrådet.", n),
				},
				FinalReport:  fmt.Sprintf("Slutrapport%d: lämnas till kunskapsrådet efter projektets slut.", n),
				Impact:       plan.Impacts[n%len(plan.Impacts)],
				ImpactDetail: fmt.Sprintf("Förändring%d: kostnad 2,4 mnkr per år fördelad mellan regionerna.", n),
			})
		}
		p.Areas = append(p.Areas, a)
	}
	p.Areas[0].Activities[0].Comment = LongComment()
	return p
}

// LongComment is a comment of 2,000 characters, every word numbered so that a
// word left out is noticed.
func LongComment() string {
	var b strings.Builder
	for i := 1; b.Len() < 2000; i++ {
		fmt.Fprintf(&b, "Hinder%d framgång%d ", i, i)
	}
	return strings.TrimSpace(b.String()[:2000])
}

// Words are the words of every field of p, as Fields would give them.
func Words(p *plan.Plan) []string {
	texts := []string{p.Name, p.National, p.Contact, p.Email, p.Period, p.Cooperation.National, p.Cooperation.Regional,
		p.Cooperation.Local, p.Cooperation.Patients, p.Comments}
	for _, a := range p.Areas {
		texts = append(texts, a.NationalArea, a.Title)
		for _, act := range a.Activities {
			f, c := act.FollowUp, act.Consequences
			texts = append(texts, act.Description, act.Schedule, act.Cooperation, f.Method, f.Indicators, f.Goal, f.Responsible,
				f.Result, act.Comment, c.Citizens, c.Operations, c.Governance, act.FinalReport, act.ImpactDetail)
			if act.Impact != plan.ImpactNone {
				texts = append(texts, act.Impact.Label())
			}
		}
	}
	var out []string
	for _, t := range texts {
		out = append(out, Fields(t)...)
	}
	return out
}

// Fields splits text into words: letters and digits, everything else separates.
func Fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Package sample makes realistic filled action plans for every configured programme
// area, so that the demo, the tests and the benchmarks run on believable data without
// any set-up. The plans are deterministic for a given date.
package sample

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"handlingsplan/plan"
)

// Set is the sample data: the current plans, earlier versions of some of them (for
// "changes since the previous meeting"), and the areas deliberately left without a plan.
type Set struct {
	Current  []*plan.Plan
	Earlier  []*plan.Plan // versions submitted some months before Current
	Missing  []string     // canonical names of areas with no plan
	Stale    []string     // canonical names of plans not updated for months
	Day      time.Time    // the day the set was made for
	EarlyDay time.Time    // when the earlier versions were submitted
}

// missingArea and staleArea are the deliberately flawed cases of the samples.
const (
	missingArea = "Njur- och urinvägssjukdomar"
	staleArea   = "Levnadsvanor"
)

// Make builds the sample set for the catalog as of the given day. scale multiplies
// the number of activities (1 for the normal samples, 10 for load tests).
func Make(cat *plan.Catalog, now time.Time, scale int) Set {
	if scale < 1 {
		scale = 1
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	s := Set{Day: day, EarlyDay: day.AddDate(0, -3, 0)}
	for _, f := range cat.Forums {
		for _, name := range f.Areas {
			short := strip(name)
			if short == missingArea {
				s.Missing = append(s.Missing, name)
				continue
			}
			p := makePlan(cat, &f, name, day, scale)
			if short == staleArea {
				p.Updated = day.AddDate(0, -8, 0)
				s.Stale = append(s.Stale, name)
			}
			s.Current = append(s.Current, p)
			if h := hash(name); h%3 != 0 && short != staleArea {
				s.Earlier = append(s.Earlier, earlier(p, s.EarlyDay))
			}
		}
	}
	return s
}

func makePlan(cat *plan.Catalog, f *plan.Forum, name string, day time.Time, scale int) *plan.Plan {
	t, ok := topics[strip(name)]
	if !ok {
		t = generic(strip(name))
	}
	h := hash(name)
	person := people[h%uint32(len(people))]
	p := &plan.Plan{
		Name:     name,
		Kind:     plan.KindOf(name),
		National: t.national,
		Forum:    f.Name,
		Contact:  person[0],
		Email:    person[1],
		Updated:  day.AddDate(0, 0, -int(h%25)),
		Period:   "2026–2027",
		Cooperation: plan.Cooperation{
			National: "Deltar i " + t.national + " med en representant per region; följer den nationella verksamhetsplanen.",
			Regional: "Samverkar med andra RPO i " + f.Name + " och med RSG Patientsäkerhet i gemensamma frågor.",
			Local:    "Gemensamma arbetsgrupper med kommunerna i Jönköpings, Kalmar och Östergötlands län.",
			Patients: "Patientföreträdare deltar i programområdets möten två gånger per termin.",
		},
		Comments: "Handlingsplanen är förankrad i verksamheterna i Region Jönköpings län, Region Kalmar län och Region Östergötland.",
	}
	n := int(h)
	for _, at := range t.areas {
		area := plan.Area{NationalArea: at.national, Title: at.title, Promises: at.promises}
		for rep := 0; rep < scale; rep++ {
			for _, d := range at.acts {
				if rep > 0 {
					d = fmt.Sprintf("%s (delprojekt %d)", d, rep+1)
				}
				area.Activities = append(area.Activities, activity(d, n))
				n++
			}
		}
		p.Areas = append(p.Areas, area)
	}
	return p
}

// statusCycle makes most activities green, some yellow, a few red or done.
var statusCycle = []plan.Status{plan.StatusGreen, plan.StatusYellow, plan.StatusGreen, plan.StatusDone,
	plan.StatusGreen, plan.StatusRed, plan.StatusGreen, plan.StatusYellow, plan.StatusGreen}

func activity(desc string, n int) plan.Activity {
	pick := func(xs []string, k int) string { return xs[(n*k+k)%len(xs)] }
	st := statusCycle[n%len(statusCycle)]
	a := plan.Activity{
		Description: desc,
		Schedule:    pick(schedules, 1),
		Cooperation: pick(coops, 2),
		FollowUp: plan.FollowUp{
			Method: pick(methods, 3), Indicators: pick(indics, 1), Goal: pick(goals, 5),
			Responsible: pick(owners, 2), Result: pick(results, 7),
		},
		Status:  st,
		Comment: pick(comments, 1),
	}
	if st == plan.StatusRed || (st == plan.StatusYellow && n%2 == 0) {
		a.NeedsSupport = true
		a.Comment = supportComments[(n/2)%len(supportComments)]
	}
	c := consequences[n%len(consequences)]
	a.Consequences = plan.Consequences{Citizens: c[0], Operations: c[1], Governance: c[2]}
	if st == plan.StatusDone {
		a.FinalReport = "Slutrapport lämnad till kunskapsrådet; arbetssättet har förts över i ordinarie verksamhet."
	}
	if n%4 == 1 {
		im := impacts[(n/4)%len(impacts)]
		a.Impact, _ = plan.ParseImpact(im.impact)
		a.ImpactDetail = im.detail
	}
	if n%11 == 7 { // some plan owners forget a measurable goal
		a.FollowUp.Goal = "Förbättrad samverkan"
	}
	return a
}

// earlier derives the version submitted before p: some statuses were different,
// the last activity did not exist yet, and some results were older.
func earlier(p *plan.Plan, day time.Time) *plan.Plan {
	e := *p
	e.Updated = day
	e.Areas = nil
	for i, a := range p.Areas {
		a.Activities = append([]plan.Activity(nil), a.Activities...)
		if i == len(p.Areas)-1 && len(a.Activities) > 1 {
			a.Activities = a.Activities[:len(a.Activities)-1]
		}
		for j := range a.Activities {
			act := &a.Activities[j]
			switch (i + j) % 3 {
			case 0:
				if act.Status == plan.StatusDone || act.Status == plan.StatusRed {
					act.Status = plan.StatusYellow
				}
			case 1:
				if act.FollowUp.Result != "" {
					act.FollowUp.Result = "Mätning pågår"
				}
			}
		}
		e.Areas = append(e.Areas, a)
	}
	return &e
}

func generic(name string) topic {
	return topic{"NPO " + name, []areaText{{"", "Jämlik vård inom " + strings.ToLower(name), []string{"P1"}, []string{
		"Gemensamt regionalt vårdprogram för " + strings.ToLower(name),
		"Regional uppföljning med gemensamma indikatorer"}}}}
}

var people = [][2]string{
	{"Anna Lindqvist", "anna.lindqvist@regionostergotland.se"},
	{"Johan Ekström", "johan.ekstrom@rjl.se"},
	{"Maria Håkansson", "maria.hakansson@regionkalmar.se"},
	{"Erik Sjöberg", "erik.sjoberg@regionostergotland.se"},
	{"Karin Öberg", "karin.oberg@rjl.se"},
	{"Lars Åström", "lars.astrom@regionkalmar.se"},
}

func strip(name string) string {
	for _, p := range []string{"RPO ", "RMPO ", "RSG "} {
		name = strings.TrimPrefix(name, p)
	}
	return name
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

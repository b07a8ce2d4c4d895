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
			p := makePlan(&f, name, day, scale)
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

func makePlan(f *plan.Forum, name string, day time.Time, scale int) *plan.Plan {
	t, ok := topics[strip(name)]
	if !ok {
		t = generic(strip(name))
	}
	h := hash(name)
	p := &plan.Plan{
		Name:     name,
		Kind:     plan.KindOf(name),
		National: t.national,
		Forum:    f.Name,
		Contact:  t.contact[0],
		Email:    t.contact[1],
		Updated:  day.AddDate(0, 0, -int(h%25)),
		Period:   "2026–2027",
		Cooperation: plan.Cooperation{
			National: t.coop[0], Regional: t.coop[1], Local: t.coop[2], Patients: t.coop[3],
		},
		Comments: t.comments,
	}
	for _, at := range t.areas {
		area := plan.Area{NationalArea: at.national, Title: at.title, Promises: at.promises}
		for rep := 0; rep < scale; rep++ {
			for _, a := range at.acts {
				area.Activities = append(area.Activities, activity(a, rep))
			}
		}
		p.Areas = append(p.Areas, area)
	}
	return p
}

// activity is the plan activity of a sample text; rep > 0 makes the copies of a
// load test, told apart by their description.
func activity(a actText, rep int) plan.Activity {
	desc := a.desc
	if rep > 0 {
		desc = fmt.Sprintf("%s (delprojekt %d)", desc, rep+1)
	}
	act := plan.Activity{
		Description: desc,
		Schedule:    a.schedule,
		Cooperation: a.coop,
		FollowUp: plan.FollowUp{
			Method: a.method, Indicators: a.indicator, Goal: a.goal, Responsible: a.owner, Result: a.result,
		},
		Status:       a.status,
		Comment:      a.comment,
		NeedsSupport: a.support,
		Consequences: plan.Consequences{Citizens: a.cons[0], Operations: a.cons[1], Governance: a.cons[2]},
		FinalReport:  a.final,
		ImpactDetail: a.detail,
	}
	if a.impact != "" {
		act.Impact, _ = plan.ParseImpact(a.impact)
	}
	return act
}

// earlier derives the version submitted before p: some statuses were different,
// the last activity did not exist yet, and many results were three months older.
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
			case 1, 2:
				if r, ok := earlierResults[act.Description]; ok {
					act.FollowUp.Result = r
				}
			}
		}
		e.Areas = append(e.Areas, a)
	}
	return &e
}

// generic is the content of an area the samples have no text for (a catalog other
// than the shipped one): one plausible area and activity.
func generic(name string) topic {
	lower := strings.ToLower(name)
	return topic{
		national: "NPO " + name,
		contact:  [2]string{"Kim Andersson", "kim.andersson@regionostergotland.se"},
		coop:     [4]string{"Deltar i NPO " + name + ".", "", "", ""},
		areas: []areaText{{"", "Jämlik vård inom " + lower, []string{"P1"}, []actText{{
			desc: "Gemensamt regionalt vårdprogram för " + lower, schedule: "2026–2027",
			method: "Journaluttag", indicator: "Andel patienter som följer vårdprogrammet",
			goal: "≥ 80 % senast december 2027", owner: "Processledare", result: "Första mätning våren 2027", status: plan.StatusGreen,
		}}}},
	}
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

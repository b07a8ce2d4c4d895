package plan

import "time"

// Kind is the type of the body that owns a plan.
type Kind string

// The kinds of plan owners.
const (
	KindRPO  Kind = "RPO"  // regionalt programområde
	KindRMPO Kind = "RMPO" // older name of RPO
	KindRSG  Kind = "RSG"  // regional samverkansgrupp
)

// Plan is one version of a programme area's or collaboration group's action plan.
type Plan struct {
	Name        string // programområde/samverkansgrupp, canonical name from the catalog when known
	Kind        Kind
	National    string // nationellt programområde / nationell samverkansgrupp
	Forum       string // the forum it reports to, as written in the file (Kunskapsråd)
	Contact     string
	Email       string
	Updated     time.Time // senast uppdaterad; zero when not given
	Period      string    // planperiod
	Cooperation Cooperation
	Comments    string // övriga kommentarer
	Areas       []Area
	Source      Provenance
}

// Cooperation holds the four texts on how the plan owner works with others.
type Cooperation struct {
	National string // NPO och nationella aktörer
	Regional string // andra RPO och samverkansgrupper
	Local    string // kommuner och lokala partners
	Patients string // patientföreträdare
}

// Area is a prioriterat område with its activities.
type Area struct {
	NationalArea string   // nationellt insatsområde; empty when not from a national one
	Title        string   // prioriterat område
	Promises     []string // ids of patient promises, e.g. "P2"
	Activities   []Activity
}

// Activity is one line of work within a prioritised area.
type Activity struct {
	// ID is the activity's stable id ("A-" and 8 hex digits, see AssignIDs), kept
	// across versions; empty until the activity is stored. It is left out of
	// json.Marshal so that the store's content hashes of versions from before ids
	// existed stay comparable: an id alone never makes a new version.
	ID             string `json:"-"`
	Description    string // aktivitet: how the regional work is done
	Schedule       string // tidplan
	Cooperation    string // samverkan
	FollowUp       FollowUp
	Status         Status
	Comment        string // kommentar
	NeedsSupport   bool   // behov av ledningsstöd
	Consequences   Consequences
	FinalReport    string // slutrapport och utvärdering
	Impact         Impact // påverkan på överenskommelsen
	ImpactDetail   string // beskrivning av förändring
	Location       string // where it was read, e.g. "Aktiviteter!A7"; for messages only
	StatusInferred bool   // status was inferred from a colour, not written
}

// FollowUp is how an activity is measured.
type FollowUp struct {
	Method      string // uppföljning – metod
	Indicators  string // kvalitetsindikatorer
	Goal        string // mål
	Responsible string // mätansvarig
	Result      string // resultat
}

// Consequences are the expected effects of an activity.
type Consequences struct {
	Citizens   string // invånare, patienter och närstående
	Operations string // verksamhet och medarbetare
	Governance string // styrning och ledning
}

// Provenance records where a plan version came from.
type Provenance struct {
	FileName  string
	Format    string // "xlsx" or "pptx"
	SHA256    string // hex
	Received  time.Time
	Submitter string
}

// Activities returns every activity of the plan in order, with its area.
func (p *Plan) Activities() []AreaActivity {
	var out []AreaActivity
	for i := range p.Areas {
		for j := range p.Areas[i].Activities {
			out = append(out, AreaActivity{Area: &p.Areas[i], Activity: &p.Areas[i].Activities[j]})
		}
	}
	return out
}

// AreaActivity is an activity together with the area it belongs to.
type AreaActivity struct {
	Area     *Area
	Activity *Activity
}

// Counts tallies the plan's activities per status.
func (p *Plan) Counts() StatusCounts {
	var c StatusCounts
	for _, a := range p.Areas {
		for _, act := range a.Activities {
			c.Add(act.Status)
		}
	}
	return c
}

// ActivityCount is the number of activities in the plan.
func (p *Plan) ActivityCount() int {
	n := 0
	for _, a := range p.Areas {
		n += len(a.Activities)
	}
	return n
}

// Status is the derived status of the whole plan: the worst open activity, Avslutad
// when everything is done, and StatusNone for a plan without activities.
func (p *Plan) Status() Status {
	var all []Activity
	for _, a := range p.Areas {
		all = append(all, a.Activities...)
	}
	return worst(all)
}

// Status is the area's derived status: the worst open activity, or Avslutad when all
// activities are done.
func (a *Area) Status() Status { return worst(a.Activities) }

func worst(acts []Activity) Status {
	if len(acts) == 0 {
		return StatusNone
	}
	w := StatusNone
	for _, act := range acts {
		if act.Status == StatusDone || act.Status == StatusNone {
			continue
		}
		if act.Status.severity() > w.severity() {
			w = act.Status
		}
	}
	if w == StatusNone {
		return StatusDone
	}
	return w
}

package plan

import (
	"fmt"
	"strings"
	"time"
)

// Stage is a step of a proposal's decision trail (SPEC §7): an activity with
// påverkan på överenskommelsen is föreslagen by its plan, bedömd in its
// kunskapsråd, beredd in RSL and beslutad in SVN, in that order.
type Stage string

// The stages, in the order a proposal travels.
const (
	StageProposed Stage = "foreslagen"   // implicit: the plan proposes it
	StageKR       Stage = "bedomd_kr"    // assessed by the council
	StageRSL      Stage = "beredd_rsl"   // prepared by Regionsjukvårdsledningen
	StageSVN      Stage = "beslutad_svn" // decided by Samverkansnämnden
)

// Stages lists the stages that are recorded, in order; StageProposed is not.
var Stages = []Stage{StageKR, StageRSL, StageSVN}

// Label is the stage's Swedish name, e.g. "Beredd i RSL".
func (s Stage) Label() string {
	switch s {
	case StageKR:
		return "Bedömd i KR"
	case StageRSL:
		return "Beredd i RSL"
	case StageSVN:
		return "Beslutad i SVN"
	}
	return "Föreslagen"
}

func (s Stage) order() int {
	for i, st := range Stages {
		if st == s {
			return i + 1
		}
	}
	return 0
}

// ParseStage reads a stage as users write it: the code ("bedomd_kr"), the label
// ("Bedömd i KR") or just the forum ("kr", "rsl", "svn").
func ParseStage(text string) (Stage, error) {
	t := Fold(text)
	for _, s := range Stages {
		if t == string(s) || t == Fold(s.Label()) {
			return s, nil
		}
	}
	switch t {
	case "kr", "kunskapsråd":
		return StageKR, nil
	case "rsl", "regionsjukvårdsledningen":
		return StageRSL, nil
	case "svn", "samverkansnämnden":
		return StageSVN, nil
	}
	return "", fmt.Errorf("okänt steg %q; välj kr (bedömd i KR), rsl (beredd i RSL) eller svn (beslutad i SVN)", text)
}

// Outcome is what a step concluded. KR and RSL assess a proposal (the SVN
// working list's Bedömning column is RSL's assessment); SVN decides it (the
// Beslut column).
type Outcome string

// The outcomes: four assessments, three decisions.
const (
	OutcomeNone        Outcome = ""
	AssessSupport      Outcome = "tillstyrks"
	AssessPartly       Outcome = "tillstyrks_delvis"
	AssessReject       Outcome = "avstyrks"
	AssessInvestigate  Outcome = "utreds_vidare"
	DecisionApproved   Outcome = "bifall"
	DecisionRejected   Outcome = "avslag"
	DecisionPostponed  Outcome = "bordlagd"
	maxDecisionNoteLen         = 2000
)

// Assessments are the outcomes of KR's and RSL's steps, in display order.
var Assessments = []Outcome{AssessSupport, AssessPartly, AssessReject, AssessInvestigate}

// Decisions are the outcomes of SVN's step, in display order.
var Decisions = []Outcome{DecisionApproved, DecisionRejected, DecisionPostponed}

// Label is the outcome's Swedish text, as the working list's drop-downs offer it.
func (o Outcome) Label() string {
	switch o {
	case AssessSupport:
		return "Tillstyrks"
	case AssessPartly:
		return "Tillstyrks delvis"
	case AssessReject:
		return "Avstyrks"
	case AssessInvestigate:
		return "Utreds vidare"
	case DecisionApproved:
		return "Bifall"
	case DecisionRejected:
		return "Avslag"
	case DecisionPostponed:
		return "Bordlagd"
	}
	return ""
}

// Outcomes lists the outcomes a stage takes.
func (s Stage) Outcomes() []Outcome {
	if s == StageSVN {
		return Decisions
	}
	return Assessments
}

// OutcomeRequired reports whether a step of the stage must have an outcome:
// RSL's preparation says what it recommends, SVN's decision what it decided;
// a council may record that it assessed a proposal without a verdict.
func (s Stage) OutcomeRequired() bool { return s == StageRSL || s == StageSVN }

// Labels lists the Swedish labels of outcomes.
func Labels(os []Outcome) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Label()
	}
	return out
}

// ParseOutcome reads an outcome of the stage from its code or label; empty text
// is OutcomeNone.
func ParseOutcome(s Stage, text string) (Outcome, error) {
	t := Fold(text)
	if t == "" {
		return OutcomeNone, nil
	}
	for _, o := range s.Outcomes() {
		if t == string(o) || t == Fold(o.Label()) || t == strings.ReplaceAll(string(o), "_", " ") {
			return o, nil
		}
	}
	// The words of the decision as a council writes them.
	if s == StageSVN {
		switch t {
		case "bifalls", "bifallen", "beviljad":
			return DecisionApproved, nil
		case "avslås", "avslagen":
			return DecisionRejected, nil
		case "bordläggs", "bordlagt":
			return DecisionPostponed, nil
		}
	}
	return OutcomeNone, fmt.Errorf("%s kan inte vara %q; välj %s", s.Label(), strings.TrimSpace(text), orList(Labels(s.Outcomes())))
}

func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " eller " + xs[len(xs)-1]
}

// Decision is one recorded step of a proposal's trail.
type Decision struct {
	Stage   Stage
	Outcome Outcome
	Date    time.Time // the day of the meeting that took the step
	Note    string
	By      string    // who recorded it
	At      time.Time // when it was recorded
}

// Trail is a proposal's recorded steps, at most one per stage, in stage order.
type Trail []Decision

// Current is the stage the proposal has reached: the last recorded one, or
// StageProposed.
func (t Trail) Current() Stage {
	if len(t) == 0 {
		return StageProposed
	}
	return t[len(t)-1].Stage
}

// Step returns the trail's step of the stage.
func (t Trail) Step(s Stage) (Decision, bool) {
	for _, d := range t {
		if d.Stage == s {
			return d, true
		}
	}
	return Decision{}, false
}

// Last returns the trail's latest step; ok is false for a proposal only föreslagen.
func (t Trail) Last() (Decision, bool) {
	if len(t) == 0 {
		return Decision{}, false
	}
	return t[len(t)-1], true
}

// Record returns the trail with d recorded, after checking it: a known stage
// with an outcome it takes, a date, the earlier stages recorded and no later
// one (a step is corrected by recording it again, before the next one is
// taken), and a date no earlier than the previous step's. A postponed SVN
// decision (bordlagd) is decided again by recording SVN's step anew. Errors are
// Swedish, for the person who recorded the step.
func (t Trail) Record(d Decision) (Trail, error) {
	n := d.Stage.order()
	if n == 0 {
		return nil, fmt.Errorf("okänt steg %q; välj bedömd i KR, beredd i RSL eller beslutad i SVN", string(d.Stage))
	}
	if d.Outcome != OutcomeNone {
		ok := false
		for _, o := range d.Stage.Outcomes() {
			ok = ok || o == d.Outcome
		}
		if !ok {
			return nil, fmt.Errorf("%s kan inte ha utfallet %q; välj %s", d.Stage.Label(), string(d.Outcome), orList(Labels(d.Stage.Outcomes())))
		}
	} else if d.Stage.OutcomeRequired() {
		return nil, fmt.Errorf("%s behöver ett utfall: %s", d.Stage.Label(), orList(Labels(d.Stage.Outcomes())))
	}
	if d.Date.IsZero() {
		return nil, fmt.Errorf("%s behöver ett datum: dagen för mötet som tog steget", d.Stage.Label())
	}
	if len([]rune(d.Note)) > maxDecisionNoteLen {
		return nil, fmt.Errorf("anteckningen är för lång (högst %d tecken)", maxDecisionNoteLen)
	}
	if last, ok := t.Last(); ok && last.Stage.order() > n {
		return nil, fmt.Errorf("förslaget har redan nått steget %s; ett tidigare steg (%s) kan inte ändras efter det",
			lowerFirst(last.Stage.Label()), lowerFirst(d.Stage.Label()))
	}
	out := make(Trail, 0, len(t)+1)
	for _, old := range t {
		if old.Stage.order() >= n {
			continue
		}
		if d.Date.Before(day(old.Date)) {
			return nil, fmt.Errorf("%s den %s kan inte komma före steget %s den %s",
				lowerFirst(d.Stage.Label()), d.Date.Format(time.DateOnly), lowerFirst(old.Stage.Label()), old.Date.Format(time.DateOnly))
		}
		out = append(out, old)
	}
	if len(out) != n-1 {
		missing := Stages[len(out)]
		return nil, fmt.Errorf("steget %s kommer först; förslaget har inte nått dit än (ordningen är bedömd i KR, beredd i RSL, beslutad i SVN)",
			lowerFirst(missing.Label()))
	}
	return append(out, d), nil
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// lowerFirst puts a label inside a sentence: "Beredd i RSL" → "beredd i RSL".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// Next is the stage that follows s, the one a form proposes; SVN's for SVN,
// whose postponed decision is taken again.
func (s Stage) Next() Stage {
	if n := s.order(); n < len(Stages) {
		return Stages[n]
	}
	return StageSVN
}

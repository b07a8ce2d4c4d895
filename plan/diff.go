package plan

// Diff is what changed from one version of a plan to the next.
type Diff struct {
	StatusChanges []StatusChange
	New           []ActivityRef // activities not in the previous version
	Finished      []ActivityRef // activities that became Avslutad
	Removed       []ActivityRef // activities no longer in the plan
	GoalChanges   []TextChange  // mål changed
	ResultChanges []TextChange  // resultat changed
	Renamed       []TextChange  // the activity's text changed; matched by its id
	NewAreas      []string      // prioritised areas that were added
	RemovedAreas  []string      // prioritised areas that were removed
}

// ActivityRef names an activity within its area.
type ActivityRef struct {
	Area     string
	Activity string
	Status   Status
}

// StatusChange is an activity whose status moved.
type StatusChange struct {
	ActivityRef
	From Status
}

// TextChange is a changed text field of an activity.
type TextChange struct {
	ActivityRef
	From, To string
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool {
	return len(d.StatusChanges)+len(d.New)+len(d.Finished)+len(d.Removed)+
		len(d.GoalChanges)+len(d.ResultChanges)+len(d.Renamed)+len(d.NewAreas)+len(d.RemovedAreas) == 0
}

// Compare returns the changes from old to cur. Activities are matched by their id
// when both versions have one, so a renamed activity is a change of its text;
// otherwise by their area title and description (folded), so reordering rows is
// not a change. A nil old plan makes every activity new.
func Compare(old, cur *Plan) Diff {
	var d Diff
	type key struct{ area, act string }
	byID := map[string]*Activity{}
	byKey := map[key][]*Activity{}
	prevAreas := map[string]bool{}
	if old != nil {
		for i := range old.Areas {
			a := &old.Areas[i]
			prevAreas[Fold(a.Title)] = true
			for j := range a.Activities {
				act := &a.Activities[j]
				if act.ID != "" {
					byID[act.ID] = act
				}
				k := key{Fold(a.Title), Fold(act.Description)}
				byKey[k] = append(byKey[k], act)
			}
		}
	}
	matched := map[*Activity]bool{}
	// match finds act's previous version: by id first, then by text among the
	// previous activities that no id claims differently.
	match := func(area string, act *Activity) *Activity {
		if p, ok := byID[act.ID]; ok && act.ID != "" && !matched[p] {
			return p
		}
		for _, p := range byKey[key{Fold(area), Fold(act.Description)}] {
			if !matched[p] && (p.ID == "" || act.ID == "" || p.ID == act.ID) {
				return p
			}
		}
		return nil
	}
	// Ids first, so that a text match never takes an activity an id names.
	pairs := map[*Activity]*Activity{}
	for pass := 0; pass < 2; pass++ {
		for i := range cur.Areas {
			a := &cur.Areas[i]
			for j := range a.Activities {
				act := &a.Activities[j]
				if _, done := pairs[act]; done || (pass == 0 && (act.ID == "" || byID[act.ID] == nil)) {
					continue
				}
				p := match(a.Title, act)
				if p != nil {
					matched[p] = true
				}
				pairs[act] = p
			}
		}
	}
	curAreas := map[string]bool{}
	for i := range cur.Areas {
		a := &cur.Areas[i]
		curAreas[Fold(a.Title)] = true
		if old != nil && !prevAreas[Fold(a.Title)] {
			d.NewAreas = append(d.NewAreas, a.Title)
		}
		for j := range a.Activities {
			act := &a.Activities[j]
			ref := ActivityRef{Area: a.Title, Activity: act.Description, Status: act.Status}
			p := pairs[act]
			if p == nil {
				d.New = append(d.New, ref)
				continue
			}
			if Fold(p.Description) != Fold(act.Description) {
				d.Renamed = append(d.Renamed, TextChange{ref, p.Description, act.Description})
			}
			if p.Status != act.Status {
				if act.Status == StatusDone {
					d.Finished = append(d.Finished, ref)
				} else {
					d.StatusChanges = append(d.StatusChanges, StatusChange{ref, p.Status})
				}
			}
			if Fold(p.FollowUp.Goal) != Fold(act.FollowUp.Goal) {
				d.GoalChanges = append(d.GoalChanges, TextChange{ref, p.FollowUp.Goal, act.FollowUp.Goal})
			}
			if Fold(p.FollowUp.Result) != Fold(act.FollowUp.Result) {
				d.ResultChanges = append(d.ResultChanges, TextChange{ref, p.FollowUp.Result, act.FollowUp.Result})
			}
		}
	}
	if old != nil {
		for i := range old.Areas {
			a := &old.Areas[i]
			if !curAreas[Fold(a.Title)] {
				d.RemovedAreas = append(d.RemovedAreas, a.Title)
			}
			for j := range a.Activities {
				act := &a.Activities[j]
				if !matched[act] {
					d.Removed = append(d.Removed, ActivityRef{a.Title, act.Description, act.Status})
				}
			}
		}
	}
	return d
}

package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
)

// idPattern is the shape of an activity id: "A-" and 8 lower-case hex digits.
var idPattern = regexp.MustCompile(`^A-[0-9a-f]{8}$`)

// ValidID reports whether s has the shape of an activity id.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// AssignIDs gives every activity of cur that has no valid id one: the id of the
// same activity in prev – matched by folded area title and description, among
// prev's activities that no id in cur claims – or else a new id derived from the
// plan's name and the activity's text, so that the same plan always gets the same
// ids. An id that repeats within cur is replaced on all but its first activity.
// prev (the plan's previous version, may be nil) is only read; ids missing in prev
// are derived in a copy, as they would be had prev been stored with them.
func AssignIDs(prev, cur *Plan) {
	if cur == nil {
		return
	}
	used := map[string]bool{}
	type key struct{ area, act string }
	byKey := map[key][]string{}
	if prev != nil {
		pc := clonePlan(prev)
		AssignIDs(nil, pc)
		claimed := map[string]bool{}
		for _, aa := range cur.Activities() {
			if ValidID(aa.Activity.ID) {
				claimed[aa.Activity.ID] = true
			}
		}
		for _, aa := range pc.Activities() {
			used[aa.Activity.ID] = true
			if !claimed[aa.Activity.ID] {
				k := key{Fold(aa.Area.Title), Fold(aa.Activity.Description)}
				byKey[k] = append(byKey[k], aa.Activity.ID)
			}
		}
	}
	seen := map[string]bool{}
	var todo []AreaActivity
	for _, aa := range cur.Activities() {
		act := aa.Activity
		if !ValidID(act.ID) || seen[act.ID] {
			act.ID = ""
			todo = append(todo, aa)
			continue
		}
		seen[act.ID] = true
		used[act.ID] = true
	}
	for _, aa := range todo {
		k := key{Fold(aa.Area.Title), Fold(aa.Activity.Description)}
		if ids := byKey[k]; len(ids) > 0 && !seen[ids[0]] {
			aa.Activity.ID, byKey[k] = ids[0], ids[1:]
			seen[aa.Activity.ID] = true
			continue
		}
		for n := 0; ; n++ {
			id := deriveID(cur.Name, k.area, k.act, n)
			if !used[id] && !seen[id] {
				aa.Activity.ID = id
				break
			}
		}
		seen[aa.Activity.ID] = true
		used[aa.Activity.ID] = true
	}
}

func deriveID(planName, area, act string, n int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d", Fold(planName), area, act, n)))
	return "A-" + hex.EncodeToString(sum[:4])
}

// clonePlan copies a plan deeply enough that its activities can be changed.
func clonePlan(p *Plan) *Plan {
	c := *p
	c.Areas = make([]Area, len(p.Areas))
	for i, a := range p.Areas {
		a.Activities = append([]Activity(nil), a.Activities...)
		c.Areas[i] = a
	}
	return &c
}

// Clone returns a copy of p whose areas and activities can be changed without
// changing p.
func (p *Plan) Clone() *Plan { return clonePlan(p) }

// HasAllIDs reports whether every activity has a valid id.
func (p *Plan) HasAllIDs() bool {
	for _, aa := range p.Activities() {
		if !ValidID(aa.Activity.ID) {
			return false
		}
	}
	return true
}

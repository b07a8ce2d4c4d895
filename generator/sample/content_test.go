package sample

import "testing"

// TestEarlierResultsNameActivities guards against an earlier result that no
// activity has (a typo in its description would silently drop it).
func TestEarlierResultsNameActivities(t *testing.T) {
	descs := map[string]string{}
	for _, tp := range topics {
		for _, a := range tp.areas {
			for _, act := range a.acts {
				descs[act.desc] = act.result
			}
		}
	}
	for d, before := range earlierResults {
		now, ok := descs[d]
		if !ok {
			t.Errorf("earlier result for an unknown activity %q", d)
		}
		if now == before {
			t.Errorf("%q: the earlier result is the current one", d)
		}
	}
}

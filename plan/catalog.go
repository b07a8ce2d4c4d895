package plan

import (
	"strconv"
	"strings"
)

// Promise is one of the region's patient promises (patientlöften).
type Promise struct {
	ID    string // e.g. "P2"
	Title string
}

// ForumKind tells a knowledge council from the regional management board.
type ForumKind string

// The kinds of forum a plan reports to.
const (
	ForumKR  ForumKind = "kr"  // kunskapsråd
	ForumRSL ForumKind = "rsl" // Regionsjukvårdsledningen, for RSG plans
)

// Forum is a body that plans report to, with the programme areas it holds.
type Forum struct {
	Name  string // e.g. "Kunskapsråd Medicin"
	Short string // e.g. "Medicin", used in file names
	Kind  ForumKind
	Areas []string // canonical names, e.g. "RPO Hjärt- och kärlsjukdomar"
}

// Catalog is the reference data plans are checked against.
type Catalog struct {
	Promises []Promise
	Forums   []Forum
}

// Promise finds a patient promise by id ("P2", "p2"), number ("2") or exact title.
func (c *Catalog) Promise(ref string) (Promise, bool) {
	r := Fold(ref)
	if r == "" {
		return Promise{}, false
	}
	if n, err := strconv.Atoi(r); err == nil {
		r = "p" + strconv.Itoa(n)
	}
	for _, p := range c.Promises {
		if Fold(p.ID) == r || Fold(p.Title) == r {
			return p, true
		}
	}
	return Promise{}, false
}

// PromiseTitle is the title of the promise with the given id, or the id itself.
func (c *Catalog) PromiseTitle(id string) string {
	if p, ok := c.Promise(id); ok {
		return p.Title
	}
	return id
}

// Area finds a programme area or collaboration group by name, with or without its
// RPO/RMPO/RSG prefix, and returns its canonical name and forum.
func (c *Catalog) Area(name string) (canonical string, forum *Forum, ok bool) {
	want := stripKind(Fold(name))
	if want == "" {
		return "", nil, false
	}
	for i := range c.Forums {
		for _, a := range c.Forums[i].Areas {
			if stripKind(Fold(a)) == want {
				return a, &c.Forums[i], true
			}
		}
	}
	return "", nil, false
}

// Forum finds a forum by its name or short name, case-insensitively; "Kunskapsråd X",
// "KR X" and "X" all find the council X.
func (c *Catalog) Forum(name string) (*Forum, bool) {
	want := Fold(name)
	for _, prefix := range []string{"kunskapsrådet ", "kunskapsråd ", "kr "} {
		want = strings.TrimPrefix(want, prefix)
	}
	for i := range c.Forums {
		f := &c.Forums[i]
		n := Fold(f.Name)
		if want == n || want == Fold(f.Short) || "kunskapsråd "+want == n {
			return f, true
		}
	}
	return nil, false
}

// AllAreas lists every configured programme area and group, forum by forum.
func (c *Catalog) AllAreas() []string {
	var out []string
	for _, f := range c.Forums {
		out = append(out, f.Areas...)
	}
	return out
}

// KindOf derives the plan kind from a canonical name's prefix.
func KindOf(name string) Kind {
	f := Fold(name)
	switch {
	case strings.HasPrefix(f, "rsg "):
		return KindRSG
	case strings.HasPrefix(f, "rmpo "):
		return KindRMPO
	}
	return KindRPO
}

func stripKind(s string) string {
	for _, p := range []string{"rpo ", "rmpo ", "rsg ", "programområde ", "samverkansgrupp "} {
		if strings.HasPrefix(s, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

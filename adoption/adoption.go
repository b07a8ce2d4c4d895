// Package adoption records that a forum adopted (fastställde) a plan version, the
// one way the command line, the web page and the API all do it: the meeting must
// be one of the forum's in the calendar and the version one that was submitted.
package adoption

import (
	"context"
	"errors"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/store"
)

// Request asks to adopt a plan version at a meeting.
type Request struct {
	Plan    string    // the plan's name as the user wrote it
	Meeting time.Time // the meeting day
	Version int       // 0: the latest version
	By      string    // who records it
}

// Adopt checks r against the calendar and the store and records the adoption
// with its audit entry. Adopting the same version at the same meeting again
// changes nothing: created is false and the first record is returned. Errors
// carry an apperr code and a Swedish message.
func Adopt(ctx context.Context, cfg *config.Config, st *store.Store, r Request) (ad store.Adoption, created bool, err error) {
	if strings.TrimSpace(r.Plan) == "" || r.Meeting.IsZero() {
		return store.Adoption{}, false, apperr.New(apperr.Invalid, "Ange planen och mötet då den fastställdes.")
	}
	if r.Version < 0 {
		return store.Adoption{}, false, apperr.Newf(apperr.Invalid, "Version %d är ogiltig; ange ett versionsnummer från 1, eller ingen för den senaste versionen.", r.Version)
	}
	if strings.TrimSpace(r.By) == "" {
		return store.Adoption{}, false, apperr.New(apperr.Invalid, "Det framgår inte vem som fastställer planen.")
	}
	name, forum, m, err := cfg.AdoptionMeeting(r.Plan, r.Meeting)
	if err != nil {
		return store.Adoption{}, false, err
	}
	v, err := st.Latest(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return store.Adoption{}, false, apperr.Newf(apperr.NotFound, "Ingen version av %s har lämnats in, så det finns inget att fastställa.", name)
	}
	if err != nil {
		return store.Adoption{}, false, apperr.Wrap(apperr.Internal, "Planens versioner kunde inte läsas ur databasen.", "adoption.Adopt", err)
	}
	n := r.Version
	switch {
	case n == 0:
		n = v.Number
	case n > v.Number:
		// Said here, not only by the store, in words that fit the form, the API
		// and the command line alike.
		return store.Adoption{}, false, apperr.Newf(apperr.NotFound, "%s har ingen version %d; den senaste är version %d. Välj en version från 1 till %d, eller ingen för den senaste.",
			name, n, v.Number, v.Number)
	}
	ad, created, err = st.Adopt(ctx, store.Adoption{Plan: name, Version: n, Forum: forum, Meeting: m.Date, By: strings.TrimSpace(r.By)})
	if err != nil && apperr.CodeOf(err) == apperr.Internal {
		err = apperr.Wrap(apperr.Internal, "Fastställandet kunde inte sparas i databasen.", "adoption.Adopt", err)
	}
	return ad, created, err
}

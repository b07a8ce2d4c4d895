package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"handlingsplan/apperr"
	"handlingsplan/inbox"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// submitData fills Lämna in: the form, and after a post the result per file.
type submitData struct {
	Results  []fileResult
	Error    string // next to the file field
	MaxMB    int64
	MaxFiles int64
}

// fileResult is one uploaded file's outcome as the page shows it.
type fileResult struct {
	Name         string
	OK           bool
	Headline     string
	Plan         string
	SubmissionID int64
	Problems     plan.Problems
	Errors       int
	Warnings     int
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleSubmitter); !ok {
		return
	}
	s.render(w, r, http.StatusOK, "submit", view{Title: "Lämna in", Nav: "lamna-in", Data: s.submitData()})
}

func (s *Server) submitData() submitData {
	return submitData{MaxMB: s.d.MaxUploadBytes >> 20, MaxFiles: s.d.Config.Limits.MaxFileBytes >> 20}
}

// submit streams each file of the form through the inbox, one after another, and
// shows every result at once.
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.need(w, r, RoleSubmitter)
	if !ok {
		return
	}
	d := s.submitData()
	show := func(code int) {
		s.render(w, r, code, "submit", view{Title: "Lämna in", Nav: "lamna-in", Data: d})
	}
	tooLarge := func(err error) bool {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			d.Error = fmt.Sprintf("Filerna är för stora: en inlämning får vara högst %d MB sammanlagt. Lämna in filerna en i taget.", d.MaxMB)
			return true
		}
		if apperr.Is(err, apperr.TooLarge) {
			d.Error = apperr.MessageOf(err)
			return true
		}
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.d.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		d.Error = "Välj en eller flera filer att lämna in."
		show(http.StatusBadRequest)
		return
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if tooLarge(err) {
				show(http.StatusRequestEntityTooLarge)
				return
			}
			d.Error = "Formuläret kunde inte läsas. Välj filerna igen och skicka på nytt."
			show(http.StatusBadRequest)
			return
		}
		if part.FormName() != "filer" || part.FileName() == "" {
			part.Close()
			continue
		}
		res, err := s.d.Uploads.Upload(r.Context(), part.FileName(), part, u.Name)
		part.Close()
		if err != nil {
			if tooLarge(err) {
				show(http.StatusRequestEntityTooLarge)
				return
			}
			if code := s.d.Status(err); code < 500 {
				d.Error = part.FileName() + ": " + apperr.MessageOf(err)
				show(code)
				return
			}
			s.fail(w, r, err)
			return
		}
		fr := resultOf(res)
		s.audit(r, u, "inlämning", part.FileName(), fr.Headline)
		d.Results = append(d.Results, fr)
	}
	if len(d.Results) == 0 {
		d.Error = "Välj en eller flera filer att lämna in (Excel .xlsx eller PowerPoint .pptx)."
		show(http.StatusUnprocessableEntity)
		return
	}
	show(http.StatusOK)
}

func resultOf(f inbox.FileResult) fileResult {
	fr := fileResult{Name: f.Name, Plan: f.Plan, SubmissionID: f.SubmissionID, Problems: errorsFirst(f.Problems)}
	fr.Errors, fr.Warnings = f.Problems.Count()
	switch f.Outcome {
	case inbox.OutcomeNewVersion:
		fr.OK, fr.Headline = true, "Mottagen – ny version "+strconv.Itoa(f.Version)+" av planen"
	case inbox.OutcomeUnchanged:
		fr.OK, fr.Headline = true, "Mottagen – samma innehåll som version "+strconv.Itoa(f.Version)+", ingen ny version"
	case inbox.OutcomeDuplicate:
		fr.OK, fr.Headline = true, "Redan inlämnad – exakt den här filen har tagits emot tidigare"
	case inbox.OutcomeRejected:
		fr.Headline = "Avvisad – rätta felen nedan och lämna in filen igen"
	default:
		fr.Headline = "Kunde inte behandlas – försök igen om en stund"
	}
	return fr
}

// errorsFirst orders errors before warnings, each in reading order.
func errorsFirst(ps plan.Problems) plan.Problems {
	var out plan.Problems
	for _, p := range ps {
		if p.Severity == plan.SevError {
			out = append(out, p)
		}
	}
	for _, p := range ps {
		if p.Severity != plan.SevError {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) submissions(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	subs, err := s.d.Store.Submissions(r.Context(), 500)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "submissions", view{Title: "Inlämningar", Nav: "inlamningar", Data: subs})
}

func (s *Server) submission(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusNotFound, "Det finns ingen sådan inlämning.")
		return
	}
	sub, err := s.d.Store.Submission(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, "Det finns ingen inlämning med nummer "+strconv.FormatInt(id, 10)+".")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	errs, warns := sub.Problems.Count()
	s.render(w, r, http.StatusOK, "submission", view{Title: "Inlämning " + sub.FileName, Nav: "inlamningar", Data: struct {
		Sub              *store.Submission
		Problems         plan.Problems
		Errors, Warnings int
	}{sub, errorsFirst(sub.Problems), errs, warns}})
}

// audit records what a user did; a failure to record is logged, not shown.
func (s *Server) audit(r *http.Request, u User, action, object, detail string) {
	if err := s.d.Store.AddAudit(context.WithoutCancel(r.Context()), store.Audit{Actor: u.Name, Action: action,
		Object: object, Detail: detail}); err != nil {
		s.d.Log.Error("audit log", "action", action, "err", err)
	}
}

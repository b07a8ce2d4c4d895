package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/inbox"
	"handlingsplan/plan"
	"handlingsplan/sources"
)

// postSubmission takes in one file from the multipart field "file". The part is
// streamed to the inbox, never held in memory; the body is capped before it is
// parsed, so an oversized upload costs at most the limit to refuse.
func (h *Handler) postSubmission(w http.ResponseWriter, r *http.Request) {
	u, ok := h.need(w, r, auth.Submitter, "lämna in filer")
	if !ok {
		return
	}
	part, ok := h.filePart(w, r, h.opts.MaxUploadBytes, "api.upload", func() { h.tooLarge(w, r, u, "") })
	if !ok {
		return
	}
	h.upload(w, r, u, part.FileName(), part)
}

// upload hands one file to the inbox and answers with its report.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request, u auth.User, name string, body io.Reader) {
	if name == "" {
		h.writeError(w, r, errNoFileName)
		return
	}
	capped := &capReader{r: body, left: h.opts.MaxUploadBytes}
	res, err := h.opts.Uploader.Upload(r.Context(), name, capped, u.Name)
	if capped.over {
		h.tooLarge(w, r, u, name)
		return
	}
	if err != nil && capped.err != nil {
		// The body broke off or went over the body limit: the client's doing,
		// whatever the inbox made of it.
		var mb *http.MaxBytesError
		if errors.As(capped.err, &mb) {
			h.tooLarge(w, r, u, name)
		} else {
			h.writeError(w, r, apperr.Wrap(apperr.Invalid, errBadUploadBody.Message, "api.upload", capped.err))
		}
		return
	}
	if apperr.Is(err, apperr.TooLarge) {
		h.tooLarge(w, r, u, name)
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if res.Outcome == inbox.OutcomeFailed {
		h.writeError(w, r, apperr.Wrap(apperr.Internal, "", "api.upload", res.Err))
		return
	}
	rep, err := h.report(r, res)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if h.opts.Metrics != nil {
		h.opts.Metrics.Uploaded(res)
	}
	h.audit(r, u, "inlämning", name, fmt.Sprintf("%s, sha256 %s, inlämning %d", rep.Submission.Outcome, res.SHA256, res.SubmissionID))
	status := http.StatusCreated
	if !rep.OK {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, rep)
}

// tooLarge answers 413 with the limit in Swedish and counts the refusal.
func (h *Handler) tooLarge(w http.ResponseWriter, r *http.Request, u auth.User, name string) {
	h.countSubmission("too_large")
	if name != "" {
		h.audit(r, u, "inlämning", name, "för stor, inte mottagen")
	}
	h.writeError(w, r, apperr.Newf(apperr.TooLarge,
		"Filen är för stor. Största tillåtna storlek är %s. Ta bort inklistrade bilder eller onödiga blad och skicka filen igen.",
		megabytes(h.opts.MaxUploadBytes)))
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}

// capReader fails once more than left bytes are read, so that the inbox stops
// writing an oversized file at the limit whatever its own cap.
type capReader struct {
	r    io.Reader
	left int64
	over bool
	err  error // the body's own read error, if it failed
}

var errOverCap = apperr.New(apperr.TooLarge, "Filen är för stor.")

func (c *capReader) Read(p []byte) (int, error) {
	if c.over {
		return 0, errOverCap
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		c.err = err
	}
	if int64(n) > c.left {
		c.over = true
		return 0, errOverCap
	}
	c.left -= int64(n)
	return n, err
}

// report is the §3.4 report object of an ingested file – what the reader made
// of it – with the submission the inbox recorded.
func (h *Handler) report(r *http.Request, res inbox.FileResult) (SubmissionReport, error) {
	sub, err := h.opts.Store.Submission(r.Context(), res.SubmissionID)
	if err != nil {
		return SubmissionReport{}, apperr.Wrap(apperr.Internal, "", "api.report", err)
	}
	fr := sources.JSONReport(res.Name, res.Result)
	// The inbox has the last word: it may refuse what the reader took (a plan
	// without a name), and its problems include why.
	fr.OK = sub.Accepted
	fr.Problems = append(make([]plan.Problem, 0, len(res.Problems)), res.Problems...)
	if fr.Format == "" {
		fr.Format = sub.Format
	}
	return SubmissionReport{
		FileReport: fr,
		Submission: SubmissionInfo{
			ID: sub.ID, SHA256: sub.SHA256, Size: sub.Size, Received: sub.Received.UTC(),
			Outcome: res.Outcome.String(), Plan: sub.PlanName, Version: res.Version,
		},
	}, nil
}

func (h *Handler) countSubmission(outcome string) {
	if h.opts.Metrics != nil {
		h.opts.Metrics.Submission(outcome)
	}
}

// filePart finds the part named "file" of a multipart request, the body capped
// at limit plus the framing. On failure it has answered: through tooLarge for a
// body over the cap, else with a Swedish error.
func (h *Handler) filePart(w http.ResponseWriter, r *http.Request, limit int64, op string, tooLarge func()) (*multipart.Part, bool) {
	if r.ContentLength > limit+multipartSlack {
		tooLarge()
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+multipartSlack)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		h.writeError(w, r, errNotMultipart)
		return nil, false
	}
	mr, err := r.MultipartReader()
	if err != nil {
		h.writeError(w, r, errNotMultipart)
		return nil, false
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			h.writeError(w, r, errNoFile)
			return nil, false
		}
		if err != nil { // the body's framing: the client's error, or over the limit
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				tooLarge()
			} else {
				h.writeError(w, r, apperr.Wrap(apperr.Invalid, errBadUploadBody.Message, op, err))
			}
			return nil, false
		}
		if part.FormName() == "file" {
			return part, true
		}
		part.Close()
	}
}

package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"handlingsplan/apperr"
)

// decodeBody reads a small JSON request body into v: at most limit bytes, no
// unknown fields and nothing after the object. A refusal is an apperr whose
// Swedish message ends with shape, which says what to send instead.
func decodeBody(w http.ResponseWriter, r *http.Request, limit int64, v any, shape string) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data after the JSON object")
	}
	var mb *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mb):
		return apperr.Wrap(apperr.TooLarge, "Begäran är för stor. "+shape, "api.body", err)
	case errors.Is(err, io.EOF):
		return apperr.Wrap(apperr.Invalid, "Begäran saknar innehåll. "+shape, "api.body", err)
	}
	return apperr.Wrap(apperr.Invalid, "Begäran kunde inte läsas. "+shape, "api.body", err)
}

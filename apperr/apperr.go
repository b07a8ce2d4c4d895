// Package apperr is the application's one error type: a code that callers branch
// on (HTTP status, exit code), a Swedish message for users, and the internal
// cause, which is logged but never shown.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers; HTTP status and exit codes are mapped
// from it in one table each (web, cmd).
type Code string

const (
	Invalid      Code = "invalid"      // the input is wrong; the message says how to fix it
	NotFound     Code = "not_found"    // no such plan, package, run or file
	Conflict     Code = "conflict"     // the state does not allow it now (e.g. another process holds a lock)
	Unauthorized Code = "unauthorized" // no or bad credentials
	Forbidden    Code = "forbidden"    // signed in, but the role may not
	TooLarge     Code = "too_large"    // over a configured size limit
	Unavailable  Code = "unavailable"  // shutting down or temporarily unable; try again
	Internal     Code = "internal"     // a bug or an I/O or database failure
)

// InternalMessage is what users see for an error that carries no message of its own.
const InternalMessage = "Ett internt fel inträffade. Försök igen om en stund; kvarstår felet, kontakta förvaltningen av handlingsplanstjänsten."

// Error is an application error. Message is Swedish and shown to users; Err is
// the cause, for logs only.
type Error struct {
	Code    Code
	Message string
	Op      string // the operation, for logs, e.g. "store.FinishRun"
	Err     error
}

func (e *Error) Error() string {
	s := string(e.Code)
	if e.Op != "" {
		s = e.Op + ": " + s
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a Swedish message.
func New(code Code, message string) *Error { return &Error{Code: code, Message: message} }

// Newf is New with a formatted message.
func Newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with a code and a message around an internal cause.
func Wrap(code Code, message, op string, err error) *Error {
	return &Error{Code: code, Message: message, Op: op, Err: err}
}

// CodeOf returns the code of the first *Error in err's chain; Internal for any
// other non-nil error, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return Internal
}

// MessageOf returns the Swedish message for users: the first message in err's
// chain, or InternalMessage. Internal details never leak through it.
func MessageOf(err error) string {
	var e *Error
	for err != nil {
		if errors.As(err, &e) {
			if e.Message != "" {
				return e.Message
			}
			err = e.Err
			continue
		}
		break
	}
	return InternalMessage
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

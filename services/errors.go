// Package services holds kinmuchi's use cases: each opens the transaction,
// asks policies/ for the decision, calls the stores in models/ and writes the
// audit event in the same transaction. It knows nothing of HTTP.
package services

import (
	"errors"
	"fmt"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Kinds of failure the use cases report besides those of models
// (models.ErrNotFound, models.ErrConflict …).
var (
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrForbidden       = errors.New("forbidden")
	ErrValidation      = errors.New("validation failed")
	ErrThrottled       = errors.New("too many attempts")
	ErrInvalidState    = errors.New("invalid state")
	// ErrInvalidParameter: a query parameter of a read is not one the use
	// case knows (a 400, where a bad body is ErrValidation's 422).
	ErrInvalidParameter = errors.New("invalid parameter")
)

// FieldError says what is wrong with one input field. Field is the JSON path
// as the client sent it (e.g. "email", "rows[3].department_code").
type FieldError struct {
	Field   string    `json:"field"`
	Code    string    `json:"code"`
	Message i18n.Text `json:"message"`
}

// Error is a failure the user can act on: a kind for the status, a message in
// both languages, and details.
type Error struct {
	Kind       error
	Detail     i18n.Text
	Fields     []FieldError
	RetryAfter time.Duration
	// Extra members of the problem document (e.g. the current state).
	Extra map[string]any
	Err   error
}

func (e *Error) Error() string {
	s := e.Kind.Error() + ": " + e.Detail.En
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap lets errors.Is match both the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Fail builds an *Error of a kind with its message.
func Fail(kind error, ja, en string) *Error {
	return &Error{Kind: kind, Detail: i18n.T(ja, en)}
}

// forbidden is the answer to an action the actor's roles do not allow.
func forbidden() *Error {
	return Fail(ErrForbidden, "この操作を行う権限がありません。", "You are not allowed to do this.")
}

// notFound answers objects the actor may not know about as if they did not exist.
func notFound(what string) error {
	return fmt.Errorf("%s: %w", what, models.ErrNotFound)
}

// Validator collects field errors.
type Validator struct {
	fields []FieldError
}

// Add records a problem with field.
func (v *Validator) Add(field, code, ja, en string) {
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Message: i18n.T(ja, en)})
}

// Check records a problem with field unless ok.
func (v *Validator) Check(ok bool, field, code, ja, en string) {
	if !ok {
		v.Add(field, code, ja, en)
	}
}

// Err returns the collected problems as one validation error, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{
		Kind:   ErrValidation,
		Detail: i18n.T("入力内容に誤りがあります。各項目をご確認ください。", "Some fields are invalid; see errors for each."),
		Fields: v.fields,
	}
}

// Fields returns the problems found so far.
func (v *Validator) Fields() []FieldError { return v.fields }

// checkRange checks the optional from/to dates (YYYY-MM-DD) of a list query.
func checkRange(from, to string) error {
	var v Validator
	for _, f := range []struct{ name, value string }{{"from", from}, {"to", to}} {
		if f.value != "" {
			_, err := policies.ParseDate(f.value)
			v.Check(err == nil, f.name, "invalid", "日付は YYYY-MM-DD 形式です。", "Dates are YYYY-MM-DD.")
		}
	}
	return v.Err()
}
